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
	"strings"
	"time"

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
	// server answers 503 at once (GET /healthz is not counted).
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
	Limits      Limits
}

// Server serves the API and the web pages. Make one with New.
type Server struct {
	cfg     Config
	rs      *rules.Ruleset
	log     *slog.Logger
	limit   chan struct{}
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
	for _, o := range append(append([]string{}, cfg.EmbedOrigins...), cfg.CORSOrigins...) {
		if o != "*" {
			if _, err := ParseOrigins(o); err != nil {
				return nil, err
			}
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, rs: cfg.Rules, log: log, limit: make(chan struct{}, l.MaxRequests)}
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
// separated by commas or spaces, as --embed-origin and --cors-origin take
// them. Each must be an http or https origin with nothing after the host:
// these go into headers, where a path, a quote or a semicolon could change
// their meaning. "*" stands alone for any origin (for --cors-origin).
func ParseOrigins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if o == "*" {
			out = append(out, o)
			continue
		}
		u, err := url.Parse(o)
		switch {
		case err != nil, u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.Opaque != "",
			u.User != nil, u.Path != "", u.RawQuery != "", u.ForceQuery, u.Fragment != "",
			strings.ContainsAny(u.Host, "'\";\\<>*"):
			return nil, fmt.Errorf("%q is not a web origin such as https://example.org or http://localhost:3000", o)
		}
		out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return out, nil
}
