package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// route is one path the server answers, with a handler per method.
type route struct {
	methods map[string]http.HandlerFunc
	// unlimited routes are not counted in Limits.MaxRequests: they are
	// cheap, and a health check must answer when the server is busy.
	unlimited bool
}

// allow lists the route's methods for the Allow header; HEAD comes with
// GET, as net/http answers it.
func (rt *route) allow() string {
	ms := []string{http.MethodOptions}
	for m := range rt.methods {
		ms = append(ms, m)
		if m == http.MethodGet {
			ms = append(ms, http.MethodHead)
		}
	}
	slices.Sort(ms)
	return strings.Join(ms, ", ")
}

// routeTable is every path the server answers. Paths are matched exactly,
// as sent: no cleaning, no trailing-slash redirects, no escapes (a path
// with %2F or .. is simply not found).
func (s *Server) routeTable() map[string]*route {
	get := func(h http.HandlerFunc) *route {
		return &route{methods: map[string]http.HandlerFunc{http.MethodGet: h}}
	}
	post := func(h http.HandlerFunc) *route {
		return &route{methods: map[string]http.HandlerFunc{http.MethodPost: h}}
	}
	health := get(s.healthz)
	health.unlimited = true
	t := map[string]*route{
		"/":              get(s.formPage),
		"/advice":        get(s.advicePage),
		"/advice.json":   get(s.adviceDownload),
		"/advice.md":     get(s.adviceDownload),
		"/healthz":       health,
		"/openapi.json":  get(s.document(s.openapiJSON)),
		"/v1/advise":     post(s.advise),
		"/v1/applicable": post(s.applicable),
		"/v1/batch":      post(s.batch),
		"/v1/questions":  get(s.document(s.questionsJSON)),
		"/v1/roles":      get(s.roles),
	}
	for name := range s.web.assets {
		rt := get(s.asset)
		rt.unlimited = true
		t["/assets/"+name] = rt
	}
	// Browsers ask for it on a page that names no icon (the report).
	t["/favicon.ico"] = t["/assets/favicon.svg"]
	return t
}

// errorFormat is the form a path answers its errors in: what a client of
// that path reads.
type errorFormat int

const (
	// errorsAsPage: a web page, for people in a browser.
	errorsAsPage errorFormat = iota
	// errorsAsJSON: the one error shape (ErrorBody), for programs.
	errorsAsJSON
	// errorsAsText: one line of plain text, for a client that asked for a
	// text download (the Markdown).
	errorsAsText
)

// errorFormatOf is the form of a path's errors: JSON for the API and the
// machine-read documents, text for the Markdown download, a page for the
// rest (the pages and their assets, and unknown paths outside /v1).
func errorFormatOf(path string) errorFormat {
	switch path {
	case "/v1", "/openapi.json", "/healthz", "/advice.json":
		return errorsAsJSON
	case "/advice.md":
		return errorsAsText
	}
	if strings.HasPrefix(path, "/v1/") {
		return errorsAsJSON
	}
	return errorsAsPage
}

// ServeHTTP logs the request, sets the security headers, routes it, limits
// how many run at once and turns a panic into a 500.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		status := rec.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("path", logPath(r.URL.Path)),
			slog.Int("status", status), slog.Duration("duration", time.Since(start)),
			slog.Int64("bytes", rec.bytes))
	}()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "path", r.URL.Path, "error", fmt.Sprint(v))
			if !rec.wrote {
				s.fail(rec, r, http.StatusInternalServerError, "internal error: the server could not answer this request")
			}
		}
	}()
	h := rec.Header()
	for k, v := range s.headers {
		h.Set(k, v)
	}
	path := r.URL.Path
	if !s.allowedHost(r.Host) {
		s.fail(rec, r, http.StatusMisdirectedRequest, fmt.Sprintf("this server does not answer to the name %s (see --allowed-host)", quoteParam(r.Host)))
		return
	}
	rt, ok := s.routes[path]
	if !ok || r.URL.RawPath != "" {
		s.fail(rec, r, http.StatusNotFound, notFound(path, r.URL.EscapedPath()))
		return
	}
	if s.cors(rec, r) {
		return
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	handler, ok := rt.methods[method]
	if !ok {
		h.Set("Allow", rt.allow())
		if r.Method == http.MethodOptions {
			rec.WriteHeader(http.StatusNoContent)
			return
		}
		s.fail(rec, r, http.StatusMethodNotAllowed, fmt.Sprintf("method %s is not allowed for %s; allowed: %s", r.Method, path, rt.allow()))
		return
	}
	if !rt.unlimited {
		select {
		case s.limit <- struct{}{}:
			defer func() { <-s.limit }()
		default:
			h.Set("Retry-After", "1")
			s.fail(rec, r, http.StatusServiceUnavailable, fmt.Sprintf("the server is busy: %d requests are being served; try again shortly", cap(s.limit)))
			return
		}
	}
	handler(rec, r)
}

// logPath is a request's path for the log, cut short: it comes from the
// client, and may be as long as the headers' limit.
func logPath(p string) string {
	const max = 200
	if len(p) > max {
		return p[:max] + "..."
	}
	return p
}

// notFound says a path is not found, and what is. It names the path as
// it was sent (escaped): the decoded path of /v1%2Fadvise is /v1/advise,
// which is found.
func notFound(path, sent string) string {
	if errorFormatOf(path) == errorsAsJSON {
		return fmt.Sprintf("no such endpoint %s; endpoints: POST /v1/advise, POST /v1/applicable, POST /v1/batch, GET /v1/questions, GET /v1/roles, GET /openapi.json, GET /healthz", quotePath(sent))
	}
	return fmt.Sprintf("no such page %s", quotePath(sent))
}

// quotePath shows a path in a message, shortened: it comes from the
// request, so it may be long or hold anything.
func quotePath(p string) string {
	const max = 100
	if len(p) > max {
		p = p[:max] + "..."
	}
	return fmt.Sprintf("%q", p)
}

// cors handles Cross-Origin Resource Sharing for the API when
// Config.CORSOrigins allows the request's origin: it adds the headers, and
// answers a preflight request itself (reporting true). Without
// CORSOrigins nothing is added, so browsers keep other websites' scripts
// out.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	if len(s.cfg.CORSOrigins) == 0 || !strings.HasPrefix(r.URL.Path, "/v1/") {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	allowed := ""
	for _, o := range s.cfg.CORSOrigins {
		if o == "*" {
			allowed = "*"
			break
		}
		if strings.EqualFold(o, origin) {
			allowed = o
		}
	}
	if allowed == "" {
		return false
	}
	h.Set("Access-Control-Allow-Origin", allowed)
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// securityHeaders are set on every response. The pages load their script
// and styles from the server itself and run no inline script;
// frame-ancestors keeps other websites from framing the pages unless
// EmbedOrigins names them.
func securityHeaders(embed []string) map[string]string {
	h := map[string]string{
		"Content-Security-Policy":      contentSecurityPolicy(embed, nil),
		"X-Content-Type-Options":       "nosniff",
		"Referrer-Policy":              "no-referrer",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
	}
	if len(embed) == 0 {
		// For browsers that predate frame-ancestors.
		h["X-Frame-Options"] = "DENY"
	}
	return h
}

// contentSecurityPolicy allows scripts, styles and images from the server
// itself only, inline styles only by their hashes, no inline script at
// all, requests to the server itself, and framing by the embed origins
// alone ('none' by default).
func contentSecurityPolicy(embed, styleHashes []string) string {
	frame := "'none'"
	if len(embed) > 0 {
		frame = strings.Join(embed, " ")
	}
	style := strings.Join(append([]string{"'self'"}, styleHashes...), " ")
	return "default-src 'none'; script-src 'self'; style-src " + style + "; img-src 'self'; " +
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors " + frame
}
