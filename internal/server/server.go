// Package server is the HTTP side of orgadvisor (`orgadvisor serve`): a
// JSON API under /v1 for the tools that speak HTTP, and the questionnaire
// as a web page for people, both on the engine's one front door
// (advisor.Run). It keeps no state: the answers travel with each request,
// and nothing is stored between requests.
//
// A Server is an http.Handler. Every request goes through the same layers,
// outermost first: the request log, the security headers, the routing
// table (exact paths; a wrong method is a 405, an unknown path a 404, JSON
// under /v1), the limit on requests served at once (a 503 beyond it), and
// a recovery that turns a panic into a 500. Each handler then checks its
// own input: query parameters, content type, body size, JSON.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Limits bound what a request may cost.
type Limits struct {
	// MaxBody is the largest body of POST /v1/advise and /v1/applicable.
	MaxBody int64
	// MaxLine is the largest record (line) of POST /v1/batch, whose body
	// streams and has no limit as a whole.
	MaxLine int64
	// MaxRequests is how many requests are served at once; beyond it the
	// server answers 503 at once (GET /healthz is not counted). Batches,
	// which may last minutes, take at most a quarter of the places
	// (BatchPlaces), so that slow ones cannot keep every other request out.
	MaxRequests int
	// ReadHeaderTimeout bounds reading a request's headers;
	// ReadTimeout reading the whole request; WriteTimeout writing the
	// response; IdleTimeout how long a kept-alive connection waits for its
	// next request.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// BatchTimeout bounds a whole batch request, which streams: within it,
	// each read of the body must come within ReadTimeout of the last, and
	// each write within WriteTimeout.
	BatchTimeout time.Duration
}

// DefaultLimits are the limits of `orgadvisor serve` without settings.
func DefaultLimits() Limits {
	return Limits{
		MaxBody:           1 << 20,
		MaxLine:           1 << 20,
		MaxRequests:       128,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BatchTimeout:      10 * time.Minute,
	}
}

// BatchPlaces is how many of MaxRequests places POST /v1/batch may take at
// once: a quarter, and at least one. A batch holds its place as long as its
// body keeps coming (up to BatchTimeout), so without a share of its own a
// few bytes a second on each of MaxRequests connections would keep the
// form and the advice answering 503 for minutes.
func (l Limits) BatchPlaces() int { return max(1, l.MaxRequests/4) }

// maxHeaderBytes bounds a request's headers (net/http's default is 1 MiB).
const maxHeaderBytes = 64 << 10

// Config is what a Server serves and how.
type Config struct {
	// Rules are the active rules; RulesName names them ("embedded" or the
	// path). Responses name a rules file by its file name alone: the
	// directories it is in are the server's business (a home directory
	// names its user).
	Rules     *rules.Ruleset
	RulesName string
	// Version is orgadvisor's version, shown in the OpenAPI document.
	Version string
	// Logger receives one line per request; nil logs nothing.
	Logger *slog.Logger
	// EmbedOrigins are the websites that may show the pages in a frame
	// (CSP frame-ancestors); none by default.
	EmbedOrigins []string
	// CORSOrigins are the websites whose scripts may call /v1 ("*" for any);
	// none by default.
	CORSOrigins []string
	// Hosts are the names the server answers to besides IP addresses and
	// localhost (and names under it), as ParseHosts reads them; "*" for
	// any. A request for another name (its Host header) is a 421: without
	// this check, a web page that points its own name at this machine's
	// address (DNS rebinding) can read the server as if it were that
	// page's own, the rules and advice included.
	Hosts  []string
	Limits Limits
}

// Server serves the API and the web pages. Make one with New.
type Server struct {
	cfg Config
	rs  *rules.Ruleset
	log *slog.Logger
	// hosts are Config.Hosts, as ParseHosts gives them.
	hosts map[string]bool
	limit chan struct{}
	// batches holds a place for each batch being served, within limit.
	batches chan struct{}
	routes  map[string]*route
	headers map[string]string
	// Documents that depend on the rules alone, built once.
	questionsJSON, rolesJSON, openapiJSON []byte
	web                                   *web
}

// New checks cfg and builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.Rules == nil {
		return nil, errors.New("server: no rules")
	}
	if cfg.RulesName == "" {
		cfg.RulesName = "embedded"
	}
	cfg.RulesName = filepath.Base(cfg.RulesName)
	def := DefaultLimits()
	l := &cfg.Limits
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&l.ReadHeaderTimeout, def.ReadHeaderTimeout}, {&l.ReadTimeout, def.ReadTimeout}, {&l.WriteTimeout, def.WriteTimeout}, {&l.IdleTimeout, def.IdleTimeout}, {&l.BatchTimeout, def.BatchTimeout}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if l.MaxBody <= 0 {
		l.MaxBody = def.MaxBody
	}
	if l.MaxLine <= 0 {
		l.MaxLine = def.MaxLine
	}
	if l.MaxRequests <= 0 {
		l.MaxRequests = def.MaxRequests
	}
	for _, o := range cfg.EmbedOrigins {
		if _, err := ParseOrigins(o); err != nil {
			return nil, err
		}
	}
	for _, o := range cfg.CORSOrigins {
		if _, err := ParseCORSOrigins(o); err != nil {
			return nil, err
		}
	}
	hosts := map[string]bool{}
	for _, h := range cfg.Hosts {
		names, err := ParseHosts(h)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			hosts[n] = true
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, rs: cfg.Rules, log: log, hosts: hosts, limit: make(chan struct{}, l.MaxRequests), batches: make(chan struct{}, l.BatchPlaces())}
	var err error
	if s.questionsJSON, s.rolesJSON, err = s.documents(); err != nil {
		return nil, err
	}
	if s.openapiJSON, err = OpenAPI(cfg.Rules, cfg.RulesName, cfg.Version, cfg.Limits); err != nil {
		return nil, err
	}
	if s.web, err = newWeb(s); err != nil {
		return nil, err
	}
	s.headers = securityHeaders(cfg.EmbedOrigins)
	s.routes = s.routeTable()
	return s, nil
}

// HTTPServer returns an http.Server for s with its timeouts and limits, and
// a log of net/http's own errors (a bad TLS handshake, a failed accept) at
// debug level.
func (s *Server) HTTPServer() *http.Server {
	l := s.cfg.Limits
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
}

// ShutdownGrace is how long Serve lets requests in flight finish once its
// context is done.
const ShutdownGrace = 30 * time.Second

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets the requests in flight finish (for at most
// ShutdownGrace) and returns nil. It returns an error only when serving
// itself fails.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", ShutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = hs.Close()
	}
	if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

// ParseOrigins reads a list of web origins (scheme://host[:port]),
// separated by commas or spaces, as --embed-origin takes them. Each must be
// an http or https origin with nothing after the host: these go into
// headers, where a path, a quote or a semicolon could change their meaning.
// Each comes back as a browser writes it in an Origin header, so that it
// matches: lowercase, an international name in ASCII (punycode), the
// scheme's default port left out. "*" is refused: it would let every
// website frame the pages and dress them up as its own.
func ParseOrigins(list string) ([]string, error) {
	return parseOrigins(list, false)
}

// ParseCORSOrigins reads a list of web origins as ParseOrigins does, for
// --cors-origin, where "*" stands alone for any origin: the API keeps no
// state and takes no credentials, so any website's scripts may ask it.
func ParseCORSOrigins(list string) ([]string, error) {
	return parseOrigins(list, true)
}

func parseOrigins(list string, anyOrigin bool) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if o == "*" {
			if !anyOrigin {
				return nil, errors.New(`"*" would let every website frame the pages: name the websites, such as https://example.org`)
			}
			out = append(out, o)
			continue
		}
		origin, ok := webOrigin(o)
		if !ok {
			return nil, fmt.Errorf("%q is not a web origin such as https://example.org or http://localhost:3000", o)
		}
		out = append(out, origin)
	}
	return out, nil
}

// ParseHosts reads a list of host names, separated by commas or spaces, as
// --allowed-host takes them: the names a server behind a proxy is reached
// by (advisor.example.org), in lowercase ASCII (an international name in
// punycode), without a port; "*" stands alone for any name.
func ParseHosts(list string) ([]string, error) {
	var out []string
	for _, h := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if h == "*" {
			out = append(out, h)
			continue
		}
		name, err := idna.Lookup.ToASCII(strings.TrimSuffix(h, "."))
		if err != nil || name == "" || strings.ContainsAny(name, ":/[]") {
			return nil, fmt.Errorf("%q is not a host name such as advisor.example.org (no scheme, no port)", h)
		}
		out = append(out, name)
	}
	return out, nil
}

// allowedHost reports whether the server answers to the name a request was
// sent to (its Host header): an IP address, localhost or a name under it,
// or one of Config.Hosts. Browsers always send the name of the page's
// address, so a page that rebinds its own name to this machine's address
// is refused; they resolve localhost and its subdomains to this machine
// only, so those cannot be rebound. A request without a Host (HTTP/1.0) is
// not a browser's.
func (s *Server) allowedHost(hostHeader string) bool {
	if hostHeader == "" || s.hosts["*"] {
		return true
	}
	name := hostHeader
	if h, _, err := net.SplitHostPort(hostHeader); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.ToLower(strings.Trim(name, "[]")), ".")
	return net.ParseIP(name) != nil || name == "localhost" || strings.HasSuffix(name, ".localhost") || s.hosts[name]
}

// webOrigin is o as a browser serialises an origin, if o is one.
func webOrigin(o string) (string, bool) {
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", false
	}
	host, port := u.Hostname(), u.Port()
	if net.ParseIP(host) != nil {
		if strings.Contains(host, ":") {
			host = "[" + strings.ToLower(host) + "]"
		}
	} else if host, err = idna.Lookup.ToASCII(host); err != nil || host == "" {
		return "", false
	}
	switch {
	case strings.HasSuffix(u.Host, ":"):
		return "", false
	case port == "", u.Scheme == "https" && port == "443", u.Scheme == "http" && port == "80":
		return u.Scheme + "://" + host, true
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", false
	}
	return u.Scheme + "://" + host + ":" + port, true
}
