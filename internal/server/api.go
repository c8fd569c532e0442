package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/encode"
)

// documents builds the JSON of GET /v1/questions and GET /v1/roles: the
// bytes `questions -o json` and `roles -o json` print.
func (s *Server) documents() (questions, roles []byte, err error) {
	if questions, err = encode.JSON(advisor.Questions(s.rs, s.cfg.RulesName)); err != nil {
		return nil, nil, err
	}
	guide, err := advisor.NewRoleGuideReport(s.rs, nil)
	if err != nil {
		return nil, nil, err
	}
	if roles, err = encode.JSON(guide); err != nil {
		return nil, nil, err
	}
	return questions, roles, nil
}

// document serves a JSON document built once; it takes no parameters.
func (s *Server) document(data []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, e := queryParams(r); e != nil {
			s.failWith(w, r, e)
			return
		}
		writeBody(w, http.StatusOK, "application/json", data)
	}
}

// healthz answers that the server is up, with the rules it serves; it
// takes no parameters.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, e := queryParams(r); e != nil {
		s.failWith(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "rules": advisor.RulesInfo{Path: s.cfg.RulesName, SHA256: s.rs.Digest, Version: s.rs.Version}})
}

// roles is GET /v1/roles: the role guide, as `roles -o json`; ?role=cto
// (repeated or comma-separated) picks roles, as `roles cto vcto` does.
func (s *Server) roles(w http.ResponseWriter, r *http.Request) {
	q, e := queryParams(r, "role")
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	var ids []string
	for _, v := range q["role"] {
		ids = append(ids, strings.FieldsFunc(v, func(r rune) bool { return r == ',' })...)
	}
	if len(ids) == 0 {
		writeBody(w, http.StatusOK, "application/json", s.rolesJSON)
		return
	}
	if len(ids) > len(advisor.RoleGuideIDs()) {
		s.failWith(w, r, errorf(http.StatusBadRequest, "too many roles: at most %d", len(advisor.RoleGuideIDs())))
		return
	}
	guide, err := advisor.NewRoleGuideReport(s.rs, ids)
	if err != nil {
		s.failWith(w, r, errorf(http.StatusBadRequest, "query parameter role: %v", err))
		return
	}
	// Indented, as GET /v1/roles and `roles -o json` are.
	data, err := encode.JSON(guide)
	if err != nil {
		s.failWith(w, r, errorf(http.StatusInternalServerError, "internal error: cannot encode the roles"))
		return
	}
	writeBody(w, http.StatusOK, "application/json", data)
}

// advise is POST /v1/advise: the answers in, the JSON of `advise -o json`
// out, what-if and the growth path included unless ?what_if=false, the
// trace with ?explain=true.
func (s *Server) advise(w http.ResponseWriter, r *http.Request) {
	fl, e := parseFlags(r, flags{"what_if": true, "explain": false})
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	raws, e := s.answersRequest(w, r)
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	// what_if=false leaves out the growth path too, as the MCP tool does:
	// both are searches, and the flag asks for the answer alone, fast.
	advice, err := s.run(r.Context(), raws, advisor.Options{WhatIf: fl["what_if"], Growth: fl["what_if"], Trace: fl["explain"]})
	if err != nil {
		s.failWith(w, r, s.adviceError(err))
		return
	}
	writeReport(w, advice.Report)
}

// run is the front door with a request's answers as its only input: no
// config file, no environment, no prompts.
func (s *Server) run(ctx context.Context, raws []answers.Raw, opt advisor.Options) (*advisor.Advice, error) {
	opt.RulesPath = s.cfg.RulesName
	return advisor.Run(ctx, s.rs, advisor.Request{Answers: answers.Layers{Flags: raws}, Options: opt})
}

// Applicable is the answer of POST /v1/applicable.
type Applicable struct {
	// Applicable lists the questions that apply to the answers, in
	// question order; Skipped those that do not (their ask_if is false).
	Applicable []string `json:"applicable"`
	Skipped    []string `json:"skipped"`
}

// applicable is POST /v1/applicable: which questions apply to the answers
// so far. The page's script asks it as answers change, so that the browser
// never evaluates a rule itself. Required answers may be missing.
func (s *Server) applicable(w http.ResponseWriter, r *http.Request) {
	if _, e := queryParams(r); e != nil {
		s.failWith(w, r, e)
		return
	}
	raws, e := s.answersRequest(w, r)
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	given, err := answers.Type(s.rs, raws)
	if err != nil {
		s.failWith(w, r, s.adviceError(err))
		return
	}
	out, err := s.applies(given)
	if err != nil {
		s.failWith(w, r, s.adviceError(advisor.BadInput(err)))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// applies splits the questions into those that apply to the answers and
// those that do not, as the questionnaire asks them (rules.Asked).
func (s *Server) applies(given map[string]any) (*Applicable, error) {
	out := &Applicable{Applicable: []string{}, Skipped: []string{}}
	for _, q := range s.rs.Questions {
		ok, err := s.rs.Asked(q, given)
		if err != nil {
			return nil, err
		}
		if ok {
			out.Applicable = append(out.Applicable, q.ID)
		} else {
			out.Skipped = append(out.Skipped, q.ID)
		}
	}
	return out, nil
}

// batchWorkers is how many goroutines evaluate one batch request: a few,
// so that one large batch does not take every core from other requests,
// and the memory of each batch stays small.
func batchWorkers() int { return min(runtime.GOMAXPROCS(0), 4) }

// batch is POST /v1/batch: JSON Lines in, JSON Lines out, streamed in
// bounded memory by the same pipeline as `orgadvisor batch`, one result
// per record in input order. ?what_if=true adds each record's what-if
// changes. A bad record is an error record and the rest go on; if the body
// cannot be read to its end (a timeout, the client gone), the stream ends
// with one line in the error shape, {"error": {"message": ...}}.
func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	fl, e := parseFlags(r, flags{"what_if": false})
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	if e := checkContentType(r, "application/x-ndjson", "application/jsonl", "application/json"); e != nil {
		s.failWith(w, r, e)
		return
	}
	l := s.cfg.Limits
	select {
	case s.batches <- struct{}{}:
		defer func() { <-s.batches }()
	default:
		w.Header().Set("Retry-After", "1")
		s.fail(w, r, http.StatusServiceUnavailable, fmt.Sprintf("the server is busy: %d batches are being served; try again shortly", cap(s.batches)))
		return
	}
	// The connection closes after a batch's answer. A body that fails
	// partway (a timeout, a Content-Length never reached) leaves bytes on
	// the wire that must not be read as the next request, and in full
	// duplex net/http does not guard against that as it does otherwise.
	w.Header().Set("Connection", "close")
	// The run is not cancelled when the connection's read side ends:
	// net/http cancels the request's context then, a moment before the
	// body's read reports the cut, and a cancel would drop the records
	// read whole but not yet scored, or not, by timing. Every record that
	// came whole is scored and written, then the error. A client that is
	// gone for good still stops the run, through its failing reads and
	// writes, each under a deadline.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), l.BatchTimeout)
	defer cancel()
	rc := http.NewResponseController(w)
	// Results are written while records are still read: HTTP/1.1 needs
	// full duplex for that (net/http would otherwise close the body at the
	// first flush).
	_ = rc.EnableFullDuplex()
	end := time.Now().Add(l.BatchTimeout)
	in := &deadlineReader{r: r.Body, rc: rc, every: l.ReadTimeout, end: end}
	out := &streamWriter{w: w, rc: rc, every: l.WriteTimeout, end: end}
	sum, err := batch.Run(ctx, in, out, batch.Options{
		Rules: s.rs, Input: batch.JSONL, Output: batch.JSONL, Name: "body",
		WhatIf: fl["what_if"], Workers: batchWorkers(), MaxRecordSize: int(l.MaxLine), Live: true,
	})
	if err == nil {
		if !out.started {
			out.start()
		}
		s.log.Debug("batch", "records", sum.Records, "failed", sum.Failed)
		return
	}
	// A read that times out, or a body that ends early (the client closed
	// its side of the connection), cancels the request's context too: the
	// reason comes first, so that the client is told why rather than
	// taken for gone.
	var ie *advisor.InputError
	var ne net.Error
	var msg string
	status := http.StatusBadRequest
	readErr := in.failure()
	switch {
	case errors.As(readErr, &ne) && ne.Timeout() && time.Now().Before(end):
		status = http.StatusRequestTimeout
		msg = fmt.Sprintf("the body stopped: nothing came for %v (the read timeout); the records after the last result were not scored", l.ReadTimeout)
	case errors.Is(err, context.DeadlineExceeded), errors.As(readErr, &ne) && ne.Timeout():
		msg = "the batch took longer than its limit of " + l.BatchTimeout.String() + "; the records after the last result were not scored"
	case readErr != nil:
		e := bodyError(readErr, l.ReadTimeout)
		status, msg = e.status, e.Message+"; the records after the last result were not scored"
	case errors.As(err, &ie):
		msg = ie.Error()
	case r.Context().Err() != nil:
		return // the client went away
	default:
		msg = "the batch stopped: " + err.Error()
	}
	if !out.started {
		s.failWith(w, r, errorf(status, "%s", msg))
		return
	}
	if data, err := compactJSON(ErrorBody{Error: ErrorDetail{Message: msg, Problems: []Problem{}}}); err == nil {
		_, _ = out.Write(data)
	}
}

// deadlineReader reads a streamed body, giving each read until `every`
// from now, and none past end.
//
// It takes a deadline itself, so that batch.Run, when it stops early (at
// the batch's time limit, or at a failed write), interrupts a pending read
// and waits for it: the error that ended the body, if any, is then known
// when Run returns.
type deadlineReader struct {
	r     io.Reader
	rc    *http.ResponseController
	every time.Duration
	end   time.Time
	// err is the error that ended reading, other than io.EOF and other
	// than a cut; cut is set by SetReadDeadline, and later reads stop
	// at once. The lock is for batch.Run's reader, which may be reading,
	// and orders each read's deadline with the cut's.
	mu  sync.Mutex
	err error
	cut bool
}

func (d *deadlineReader) failure() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// SetReadDeadline interrupts reading: the pending read, if any, and every
// one after it. Run calls it with the present time when it stops.
func (d *deadlineReader) SetReadDeadline(t time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cut = true
	return d.rc.SetReadDeadline(t)
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	// Under the lock, so that a cut is never undone by the next read's
	// deadline.
	d.mu.Lock()
	cut := d.cut
	if !cut {
		_ = d.rc.SetReadDeadline(earliest(time.Now().Add(d.every), d.end))
	}
	d.mu.Unlock()
	if cut {
		return 0, os.ErrDeadlineExceeded
	}
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		d.mu.Lock()
		// A timeout after a cut is the cut's, not the body's.
		if !d.cut || !errors.Is(err, os.ErrDeadlineExceeded) {
			d.err = err
		}
		d.mu.Unlock()
	}
	return n, err
}

// streamWriter writes streamed results: it sends the status and content
// type at the first write, flushes every write to the client at once, and
// gives each write until `every` from now, and none past end.
type streamWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	every   time.Duration
	end     time.Time
	started bool
}

func (s *streamWriter) start() {
	s.started = true
	s.w.Header().Set("Content-Type", "application/x-ndjson")
	s.w.Header().Set("Cache-Control", "no-store")
	s.w.WriteHeader(http.StatusOK)
}

func (s *streamWriter) Write(p []byte) (int, error) {
	if !s.started {
		s.start()
	}
	_ = s.rc.SetWriteDeadline(earliest(time.Now().Add(s.every), s.end))
	n, err := s.w.Write(p)
	if err == nil {
		err = s.rc.Flush()
	}
	return n, err
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
