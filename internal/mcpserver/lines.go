package mcpserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// JSON-RPC 2.0's codes for a message that cannot be read, or whose params
// are not the method's.
const (
	codeParseError     = jsonrpc.CodeParseError
	codeInvalidRequest = jsonrpc.CodeInvalidRequest
	codeInvalidParams  = jsonrpc.CodeInvalidParams
)

// The limits of a line, and of a message in it.
const (
	// maxLine is the longest line read, without its newline: the SDK's
	// limit, which this filter now applies itself (see lineFilter).
	maxLine = mcp.DefaultMaxLineLength
	// maxDepth is how deep a line's JSON may nest: the SDK's limit, past
	// which it ends the session.
	maxDepth = 1000
	// maxID is the largest whole number that is an id: the SDK reads ids
	// as float64, which holds every integer up to 2^53 - 1 exactly, and
	// would answer a larger one with another id.
	maxID = 1<<53 - 1
)

// lineFilter passes the SDK only the lines it reads as sent, and answers
// every other line itself, as JSON-RPC 2.0 asks: -32700 for a line that is
// not JSON; -32600 for JSON that is not a message, a message whose id is
// neither a string nor a whole number the SDK keeps exactly, a line over
// maxLine, or a request reusing the id of one not yet answered; all with
// a null id, naming the line. A call to a method the server does not
// answer gets -32601 with its id; one whose params are not an object, or
// have a member of the wrong type, -32602 with its id. The SDK (v1.8.0) ends the session at most of
// these lines instead, dropping the requests after them; answers the
// others with another id (7 for 7.5), in Go's words, or not at all.
//
// It passes each line trimmed, with one newline, and skips blank lines.
// A line longer than maxLine is read to its end in pieces and skipped:
// the filter never holds more than maxLine of a line.
//
// It tracks the calls it passes (calls), which the connection's writes
// end (drainConn).
type lineFilter struct {
	r     *bufio.Reader
	out   *lockedWriter
	calls *pendingCalls
	// max is the longest line read: maxLine, or less in tests.
	max int
	// line is what is left of the line being passed on; buf holds the
	// lines read, reused; n counts the lines read, for the messages.
	line []byte
	buf  []byte
	n    int
}

func newLineFilter(in io.Reader, out *lockedWriter, calls *pendingCalls) *lineFilter {
	return &lineFilter{r: bufio.NewReaderSize(in, 64<<10), out: out, calls: calls, max: maxLine}
}

func (f *lineFilter) Read(p []byte) (int, error) {
	for len(f.line) == 0 {
		line, err := f.next()
		if len(line) > 0 {
			f.line = line
			break
		}
		if err != nil {
			return 0, err
		}
	}
	n := copy(p, f.line)
	f.line = f.line[n:]
	return n, nil
}

// next reads the next line to pass on, answering those it drops; it
// returns an empty line, and the error, at the end of the input.
func (f *lineFilter) next() ([]byte, error) {
	for {
		line, long, err := f.readLine()
		if long {
			f.n++
			if werr := f.out.answer(nil, codeInvalidRequest, fmt.Sprintf("line %d is longer than %s, the limit", f.n, sizeText(f.max))); werr != nil {
				return nil, werr
			}
		} else if len(line) > 0 {
			f.n++
			if line = bytes.TrimSpace(line); len(line) > 0 {
				v := f.check(line)
				if v.problem == "" {
					return append(line, '\n'), nil
				}
				if werr := f.out.answer(v.id, v.code, v.problem); werr != nil {
					return nil, werr
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
}

// readLine reads one line, with its newline; or, for a line longer than
// f.max without it, reads it to its end and says so (long), keeping none
// of it.
func (f *lineFilter) readLine() (line []byte, long bool, err error) {
	if cap(f.buf) > 1<<20 {
		f.buf = nil // a big line is not kept once read
	}
	f.buf = f.buf[:0]
	for {
		chunk, err := f.r.ReadSlice('\n')
		if !long {
			f.buf = append(f.buf, chunk...)
			// A line ends with "\n" or "\r\n", neither counted.
			if len(bytes.TrimSuffix(bytes.TrimSuffix(f.buf, []byte("\n")), []byte("\r"))) > f.max {
				if err == nil {
					return nil, true, nil
				}
				long, f.buf = true, f.buf[:0]
			}
		}
		if err != bufio.ErrBufferFull {
			if long {
				return nil, true, err
			}
			return f.buf, false, err
		}
	}
}

// verdict is what the filter makes of a line: "" to pass it, with the
// calls it holds; otherwise the problem, its code, and the id to answer
// (nil: null, the line's request cannot be told).
type verdict struct {
	problem string
	code    int64
	id      any
	calls   []jsonrpc.ID
}

// check judges a line, and tracks the calls of a line it passes.
func (f *lineFilter) check(line []byte) verdict {
	v := check(line, f.n)
	if v.problem != "" {
		return v
	}
	if id, ok := f.calls.start(v.calls); !ok {
		return verdict{problem: fmt.Sprintf("line %d: request id %s is already in use by a request not yet answered", f.n, idText(id)), code: codeInvalidRequest}
	}
	return v
}

// check says what keeps line n from being a JSON-RPC message, or a batch
// of them, that the SDK reads as sent; the verdict of a good line lists
// its calls.
func check(line []byte, n int) verdict {
	where := fmt.Sprintf("line %d", n)
	if !json.Valid(line) {
		var v any
		err := json.Unmarshal(line, &v)
		return verdict{problem: where + " is not JSON: " + err.Error(), code: codeParseError}
	}
	if nesting(line) > maxDepth {
		return verdict{problem: fmt.Sprintf("%s nests deeper than %d levels, the limit", where, maxDepth), code: codeInvalidRequest}
	}
	if line[0] != '[' {
		m := checkMessage(line, where)
		if m.problem != "" || m.call == nil {
			return verdict{problem: m.problem, code: m.code, id: m.id}
		}
		return verdict{calls: []jsonrpc.ID{*m.call}}
	}
	var batch []json.RawMessage
	if err := json.Unmarshal(line, &batch); err != nil || len(batch) == 0 {
		return verdict{problem: where + " is an empty batch: a batch holds one message or more", code: codeInvalidRequest}
	}
	var calls []jsonrpc.ID
	for i, raw := range batch {
		m := checkMessage(raw, fmt.Sprintf("message %d of the batch on %s", i+1, where))
		if m.problem != "" {
			// A batch is answered as a whole, or not at all.
			return verdict{problem: m.problem, code: codeInvalidRequest}
		}
		if m.call == nil {
			continue
		}
		for _, c := range calls {
			if c == *m.call {
				return verdict{problem: fmt.Sprintf("%s: request id %s is in the batch twice", where, idText(c)), code: codeInvalidRequest}
			}
		}
		calls = append(calls, *m.call)
	}
	return verdict{calls: calls}
}

// message is what checkMessage makes of one message: a problem as in
// verdict, or, for a call, its id.
type message struct {
	problem string
	code    int64
	id      any
	call    *jsonrpc.ID
}

// checkMessage judges one message, named where in the problems. JSON-RPC
// 2.0 and MCP ask: "jsonrpc": "2.0"; an id that is a string or a whole
// number; a method (a request) or a result or error (a response); for a
// call, a method the server answers (methods), and params, when given, an
// object whose members have the types the method's take. The SDK would
// end the session at the first three, answer a method not advertised, and
// answer bad params in Go's words.
func checkMessage(raw json.RawMessage, where string) message {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return message{problem: where + " is not a JSON-RPC 2.0 message: a message is an object, not " + describe(raw), code: codeInvalidRequest}
	}
	if v, ok := members["jsonrpc"]; !ok || !isString(v, "2.0") {
		found := "it has none"
		if ok {
			found = "not " + describe(v)
		}
		return message{problem: where + ` is not a JSON-RPC 2.0 message: "jsonrpc" must be "2.0", ` + found, code: codeInvalidRequest}
	}
	rawID, hasID := members["id"]
	var id any
	if hasID {
		var ok bool
		if id, ok = readID(rawID); !ok {
			return message{problem: fmt.Sprintf("%s: an id must be a string or a whole number from %d to %d, not %s", where, -maxID, maxID, describe(rawID)), code: codeInvalidRequest}
		}
	}
	method, isRequest := members["method"]
	_, hasResult := members["result"]
	_, hasError := members["error"]
	switch {
	case !isRequest && !hasResult && !hasError:
		return message{problem: where + " is neither a request (it has no method) nor a response (it has no result or error)", code: codeInvalidRequest}
	case !isRequest && !hasID:
		return message{problem: where + " is a response without an id", code: codeInvalidRequest}
	case isRequest:
		var name string
		if err := json.Unmarshal(method, &name); err != nil {
			return message{problem: fmt.Sprintf("%s: the method must be a string, not %s", where, describe(method)), code: codeInvalidRequest}
		}
		if !hasID {
			break // a notification is never answered
		}
		if problem := unknownMethod(name); problem != "" {
			return message{problem: where + ": " + problem, code: codeMethodNotFound, id: id}
		}
		params := members["params"]
		if !isNull(params) && bytes.TrimSpace(params)[0] != '{' {
			return message{problem: fmt.Sprintf("%s: the params of %s must be an object, not %s", where, rules.Quote(name), describe(params)), code: codeInvalidParams, id: id}
		}
		if problem := paramsProblem(name, params); problem != "" {
			return message{problem: where + ": " + problem, code: codeInvalidParams, id: id}
		}
	}
	// What the SDK reads, it must read as this filter does.
	if _, err := jsonrpc.DecodeMessage(raw); err != nil {
		return message{problem: where + " is not a JSON-RPC 2.0 message: " + err.Error(), code: codeInvalidRequest}
	}
	if !isRequest || !hasID {
		return message{}
	}
	call, err := jsonrpc.MakeID(idValue(id))
	if err != nil {
		return message{problem: where + " is not a JSON-RPC 2.0 message: " + err.Error(), code: codeInvalidRequest}
	}
	return message{call: &call}
}

// isString reports whether raw is the JSON string s.
func isString(raw json.RawMessage, s string) bool {
	var got string
	return json.Unmarshal(raw, &got) == nil && got == s
}

// readID reads an id as the SDK keeps it, and answers it: a string, or a
// whole number within ±maxID written without a fraction or an exponent
// (int64); ok is false for any other value, null included.
func readID(raw json.RawMessage) (id any, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		return s, json.Unmarshal(raw, &s) == nil
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || n < -maxID || n > maxID {
		return nil, false
	}
	return n, true
}

// idValue is an id as the SDK's MakeID takes it: a string or a float64.
func idValue(id any) any {
	if n, ok := id.(int64); ok {
		return float64(n)
	}
	return id
}

// idText writes an id for a message: the number, or the string quoted.
func idText(id jsonrpc.ID) string {
	switch v := id.Raw().(type) {
	case string:
		return rules.Quote(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(id.Raw())
}

// nesting is how deep the arrays and objects of valid JSON nest, counted
// as the SDK counts them.
func nesting(data []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, b := range data {
		switch {
		case escaped:
			escaped = false
		case inString:
			if b == '\\' {
				escaped = true
			} else if b == '"' {
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
			deepest = max(deepest, depth)
		case b == '}' || b == ']':
			depth--
		}
	}
	return deepest
}

// sizeText writes a size in bytes as people read it: "16 MiB".
func sizeText(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// lockedWriter writes whole lines from the SDK and from the filter, one
// at a time: the SDK writes each message with one Write.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// answer writes the filter's error answer to a line: for the request id
// (a string or an int64), or with the null id that JSON-RPC 2.0 gives an
// answer to a request whose id cannot be read (nil; the SDK's encoder
// leaves a null id out).
func (w *lockedWriter) answer(id any, code int64, message string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as the SDK writes
	err := enc.Encode(struct {
		JSONRPC string         `json:"jsonrpc"`
		ID      any            `json:"id"`
		Error   *jsonrpc.Error `json:"error"`
	}{"2.0", id, &jsonrpc.Error{Code: code, Message: message}})
	if err != nil {
		return errors.New("cannot answer a line that is not JSON-RPC: " + err.Error())
	}
	_, err = w.Write(b.Bytes())
	return err
}
