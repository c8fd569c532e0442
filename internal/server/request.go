package server

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// recorder remembers a response's status and size for the request log.
// Unwrap lets http.ResponseController reach the connection (deadlines,
// flushing, full duplex) through it.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Status is the status sent: 200 when the handler wrote nothing, as
// net/http then answers.
func (r *recorder) Status() int {
	if !r.wrote {
		return http.StatusOK
	}
	return r.status
}

// queryParams reads the query string of an endpoint that takes the
// parameters named and no other: any other is a 400 naming it and what the
// endpoint takes, so that a misspelt parameter is not silently ignored.
// Every endpoint whose query string is not answers reads it here.
func queryParams(r *http.Request, names ...string) (url.Values, *apiError) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "the query string is not valid: %v", err)
	}
	for _, k := range sortedKeys(q) {
		if slices.Contains(names, k) {
			continue
		}
		if len(names) == 0 {
			return nil, errorf(http.StatusBadRequest, "unknown query parameter %s: %s takes no parameters", quoteParam(k), r.URL.Path)
		}
		return nil, errorf(http.StatusBadRequest, "unknown query parameter %s; parameters: %s", quoteParam(k), strings.Join(slices.Sorted(slices.Values(names)), ", "))
	}
	return q, nil
}

// flags are the true/false query parameters an endpoint takes, with their
// defaults.
type flags map[string]bool

// parseFlags reads the query string: only the parameters named in def,
// each at most once, each true or false (1/0, t/f, true/false in any case).
// Anything else is a 400 naming the parameter.
func parseFlags(r *http.Request, def flags) (flags, *apiError) {
	q, e := queryParams(r, sortedKeys(def)...)
	if e != nil {
		return nil, e
	}
	out := flags{}
	for k, v := range def {
		out[k] = v
	}
	for _, k := range sortedKeys(q) {
		vs := q[k]
		if len(vs) > 1 {
			return nil, errorf(http.StatusBadRequest, "query parameter %s is given %d times; give it once", k, len(vs))
		}
		b, err := strconv.ParseBool(vs[0])
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "query parameter %s must be true or false, not %s", k, quoteParam(vs[0]))
		}
		out[k] = b
	}
	return out, nil
}

// quoteParam shows a query value in a message, shortened.
func quoteParam(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(s)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkContentType refuses a body that is not of one of the types given
// (415), text in another charset than UTF-8, and a compressed body (the
// server decompresses nothing, so no small body can become a huge one).
func checkContentType(r *http.Request, types ...string) *apiError {
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return errorf(http.StatusUnsupportedMediaType, "the Content-Encoding %s is not accepted: send the body uncompressed", quoteParam(ce))
	}
	want := strings.Join(types, ", ")
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return errorf(http.StatusUnsupportedMediaType, "no Content-Type: send the body as %s", want)
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return errorf(http.StatusUnsupportedMediaType, "the Content-Type %s cannot be read: send the body as %s", quoteParam(ct), want)
	}
	if !slices.Contains(types, mt) {
		return errorf(http.StatusUnsupportedMediaType, "the Content-Type %s is not accepted here: send the body as %s", quoteParam(mt), want)
	}
	// UTF-8 under its common misspelling, and ASCII, which is a part of it.
	if cs, ok := params["charset"]; ok && !slices.ContainsFunc([]string{"utf-8", "utf8", "us-ascii"}, func(s string) bool { return strings.EqualFold(s, cs) }) {
		return errorf(http.StatusUnsupportedMediaType, "the charset %s is not accepted: send UTF-8", quoteParam(cs))
	}
	return nil
}

// readBody reads a whole request body of at most limit bytes: a longer one
// is a 413, before it is read when its length is declared. A body that does
// not come within readTimeout is a 408.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, readTimeout time.Duration) ([]byte, *apiError) {
	tooLarge := errorf(http.StatusRequestEntityTooLarge, "the body is over the limit of %s", humanize.IBytes(uint64(limit)))
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLarge
	case err != nil:
		return nil, bodyError(err, readTimeout)
	}
	return data, nil
}

// bodyError says why a request's body could not be read, in words that
// name no address: net/http's errors carry the connection's ("read tcp
// 127.0.0.1:8080->10.0.0.7:51650: i/o timeout"), and behind a proxy those
// are the inside of the network.
func bodyError(err error, readTimeout time.Duration) *apiError {
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return errorf(http.StatusRequestTimeout, "the body did not come within the read timeout of %v", readTimeout)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(http.StatusBadRequest, "the body ended early: the connection closed before the end its Content-Length or chunks announced")
	case errors.As(err, &oe) && oe.Err != nil:
		err = oe.Err
		var se *os.SyscallError
		if errors.As(err, &se) {
			err = se.Err
		}
	}
	return errorf(http.StatusBadRequest, "cannot read the body: %v", err)
}

// decodeAnswers reads the answers of an advise or applicable request:
// a JSON object from question id to answer, as an answers file holds it. A
// body that is not JSON is a 400; JSON that is not an object of answers, or
// answers a question twice, is a 422. The answers are typed later, by the
// front door.
//
// At most max+1 answers are read: beyond max, the caller refuses them all,
// and keeping a hundred thousand answers to no question cost 130 MB for a
// 1 MiB body.
func decodeAnswers(body []byte, max int) ([]answers.Raw, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errorf(http.StatusBadRequest, `the body is empty: send the answers as a JSON object, such as {"employees": 40}`)
	}
	raws, err := answers.ParseJSONAtMost("body", body, max)
	var se *answers.SyntaxError
	var ae *answers.Error
	switch {
	case errors.As(err, &se):
		return nil, errorf(http.StatusBadRequest, "the body is not valid JSON: line %d, column %d: %s", se.Pos.Line, se.Pos.Col, strings.TrimPrefix(se.Message, "invalid JSON: "))
	case errors.As(err, &ae):
		e := errorf(http.StatusUnprocessableEntity, "%s", answersMessage(ae))
		for _, p := range ae.Problems[:min(len(ae.Problems), MaxProblems)] {
			e.Problems = append(e.Problems, Problem{Question: p.Question, Message: p.Message})
		}
		return nil, e
	case err != nil:
		return nil, errorf(http.StatusBadRequest, "the body cannot be read: %v", err)
	}
	return raws, nil
}

// answersRequest reads the body of a request that carries answers: JSON,
// within the size limit, with no more answers than could fit the
// questions.
func (s *Server) answersRequest(w http.ResponseWriter, r *http.Request) ([]answers.Raw, *apiError) {
	if e := checkContentType(r, "application/json"); e != nil {
		return nil, e
	}
	body, e := readBody(w, r, s.cfg.Limits.MaxBody, s.cfg.Limits.ReadTimeout)
	if e != nil {
		return nil, e
	}
	max := len(s.rs.Questions) + MaxProblems
	raws, e := decodeAnswers(body, max)
	if e != nil {
		return nil, e
	}
	return raws, s.tooManyAnswers(raws, max)
}

// tooManyAnswers refuses more than max answers (the questions plus
// MaxProblems) at once, without typing them: all but the questions' count
// are answers to no question (a key is given once), and typing a hundred
// thousand of them, with a suggestion for each, is work for nothing.
func (s *Server) tooManyAnswers(raws []answers.Raw, max int) *apiError {
	if len(raws) <= max {
		return nil
	}
	var unknown []answers.Problem
	for _, raw := range raws {
		if s.rs.Question(raw.ID) == nil && len(unknown) < MaxProblems {
			unknown = append(unknown, answers.Problem{Question: raw.ID, Message: "unknown question " + quoteParam(raw.ID), Err: &rules.UnknownQuestionError{ID: raw.ID}})
		}
	}
	e := errorf(http.StatusUnprocessableEntity, "more than %d answers, but the rules ask %d questions; the answers to questions the rules do not ask include %s",
		max, len(s.rs.Questions), quoteParam(unknown[0].Question))
	for _, p := range unknown {
		e.Problems = append(e.Problems, s.problem(p))
	}
	return e
}
