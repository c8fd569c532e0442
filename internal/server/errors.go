package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// ErrorBody is the one shape of every error the API answers:
//
//	{"error": {"message": "...", "problems": [{"question": "...", "message": "...", "allowed": [...]}]}}
//
// Problems are the answers at fault, by question id, each with the values
// the question allows when it has a fixed set; empty for errors that are
// not about answers.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the error itself.
type ErrorDetail struct {
	// Message says what is wrong in one line, in the CLI's words.
	Message  string    `json:"message"`
	Problems []Problem `json:"problems"`
}

// Problem is one answer at fault.
type Problem struct {
	// Question is the question's id as given (perhaps unknown); "" when
	// the problem is with the answers as a whole.
	Question string `json:"question,omitempty"`
	Message  string `json:"message"`
	// Allowed lists what the question takes: its options' ids, true and
	// false, or for an unknown question the questions' ids.
	Allowed []any `json:"allowed,omitempty"`
}

// MaxProblems is the most problems an error lists; its message counts the
// rest. A body of a megabyte can hold a hundred thousand wrong answers: the
// answer to it must stay small.
const MaxProblems = 50

// apiError is an error with its HTTP status.
type apiError struct {
	status int
	ErrorDetail
}

func (e *apiError) Error() string { return e.Message }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, ErrorDetail: ErrorDetail{Message: fmt.Sprintf(format, args...), Problems: []Problem{}}}
}

// fail answers an error in the form of the request's path
// (errorFormatOf): JSON for the API, a line of text for the Markdown
// download, a page for the web pages.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, message string) {
	s.failWith(w, r, errorf(status, "%s", message))
}

func (s *Server) failWith(w http.ResponseWriter, r *http.Request, e *apiError) {
	switch {
	case e.status == http.StatusRequestEntityTooLarge, e.status == http.StatusBadRequest, e.status == http.StatusRequestTimeout,
		r.ContentLength != 0:
		// The rest of the body may not have been read: answer at once and
		// close the connection, rather than read the body to its end
		// first (net/http would wait up to the read timeout for it).
		w.Header().Set("Connection", "close")
	}
	switch errorFormatOf(r.URL.Path) {
	case errorsAsJSON:
		writeJSON(w, e.status, ErrorBody{Error: e.ErrorDetail})
	case errorsAsText:
		writeBody(w, e.status, "text/plain; charset=utf-8", []byte(e.Message+"\n"))
	default:
		s.web.errorPage(w, r, e.status, e.Message)
	}
}

// writeJSON answers status with v as compact JSON, one line, without HTML
// escaping: the same document as the CLI's indented JSON (jq shows it
// indented), at about half the cost to encode.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b := buffers.Get().(*bytes.Buffer)
	defer putBuffer(b)
	if err := encodeCompact(b, v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(encodeFailure)
	}
	writeBody(w, status, "application/json", b.Bytes())
}

// encodeFailure is the answer when an answer cannot be encoded.
const encodeFailure = `{"error":{"message":"internal error: cannot encode the answer","problems":[]}}` + "\n"

// writeReport answers 200 with a report's compact JSON, written without
// reflection (advisor.Report.AppendJSON), as writeJSON would write it.
func writeReport(w http.ResponseWriter, r *advisor.Report) {
	b := buffers.Get().(*bytes.Buffer)
	defer putBuffer(b)
	data, err := r.AppendJSON(b.AvailableBuffer(), false)
	if err != nil {
		writeBody(w, http.StatusInternalServerError, "application/json", []byte(encodeFailure))
		return
	}
	b.Write(data)
	writeBody(w, http.StatusOK, "application/json", b.Bytes())
}

// buffers keep the buffers that answers are encoded in from one request to
// the next: a report is about 10 KB, and growing a buffer to that size for
// each request is a good part of its cost.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		buffers.Put(b)
	}
}

// encodeCompact writes v to b as one line of JSON and a newline, without
// HTML escaping, as the CLI's JSON has none.
func encodeCompact(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// compactJSON is v as encodeCompact writes it.
func compactJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	err := encodeCompact(&b, v)
	return b.Bytes(), err
}

func writeBody(w http.ResponseWriter, status int, contentType string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// adviceError maps the errors of the front door (advisor.Run) and of the
// answers to statuses: answers that do not fit, or required ones missing,
// are 422 with one problem per answer; a cancelled request (the client
// went away) is 503; anything else is the server's fault.
func (s *Server) adviceError(err error) *apiError {
	var ae *answers.Error
	var me *rules.MissingError
	var ie *advisor.InputError
	switch {
	case errors.As(err, &ae):
		e := errorf(http.StatusUnprocessableEntity, "%s", answersMessage(ae))
		for _, p := range ae.Problems[:min(len(ae.Problems), MaxProblems)] {
			e.Problems = append(e.Problems, s.problem(p))
		}
		return e
	case errors.As(err, &me):
		e := errorf(http.StatusUnprocessableEntity, "%s", me.Error())
		for _, q := range me.Questions {
			e.Problems = append(e.Problems, Problem{Question: q.ID, Message: "required: this question has no default, so it must be answered", Allowed: allowed(q)})
		}
		return e
	case errors.As(err, &ie):
		return errorf(http.StatusUnprocessableEntity, "%s", text.OneLine(ie.Error()))
	case errors.Is(err, advisor.ErrCancel):
		return errorf(http.StatusServiceUnavailable, "the request was cancelled")
	}
	s.log.Error("advice failed", "error", err.Error())
	return errorf(http.StatusInternalServerError, "internal error: the server could not answer this request")
}

// problem is an answers problem by question id, without the place in the
// body (a line and column mean little to a program).
func (s *Server) problem(p answers.Problem) Problem {
	out := Problem{Question: p.Question, Message: p.Message}
	var ue *rules.UnknownQuestionError
	switch {
	case errors.As(p.Err, &ue):
		for _, q := range s.rs.Questions {
			out.Allowed = append(out.Allowed, q.ID)
		}
	case s.rs.Question(p.Question) != nil:
		out.Allowed = allowed(s.rs.Question(p.Question))
	}
	return out
}

// answersMessage is the problems on one line, each named by question id.
func answersMessage(e *answers.Error) string {
	return rules.JoinProblems(e.Problems, func(p answers.Problem) string {
		var ue *rules.UnknownQuestionError
		if p.Question == "" || errors.As(p.Err, &ue) {
			return p.Message
		}
		return p.Question + ": " + p.Message
	})
}

// allowed lists what a question takes, when it takes a fixed set: yes and
// no, or its options.
func allowed(q *rules.Question) []any {
	switch q.Kind() {
	case rules.KindBool:
		return []any{true, false}
	case rules.KindOption, rules.KindOptions:
		out := make([]any, len(q.Options))
		for i, o := range q.Options {
			out[i] = o.ID
		}
		return out
	}
	return nil
}
