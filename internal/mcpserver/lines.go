package mcpserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// JSON-RPC 2.0's codes for a message that cannot be read.
const (
	codeParseError     = -32700
	codeInvalidRequest = -32600
)

// lineFilter passes the SDK only the lines it can read as JSON-RPC, and
// answers every other line itself, as JSON-RPC 2.0 asks: -32700 for a
// line that is not JSON, -32600 for JSON that is not a message, with a
// null id. The SDK (v1.8.0) ends the session at such a line instead, and
// drops the requests after it.
//
// Blank lines pass, as the SDK skips them. A line longer than the SDK's
// limit passes too, whole and unjudged, for the SDK to refuse, so that
// this filter keeps no more than that limit of one line.
type lineFilter struct {
	r   *bufio.Reader
	out *lockedWriter
	// line is what is left of the line being passed on; n counts the
	// lines read, for the messages; long is true while the rest of a line
	// over the limit is passed on as it comes.
	line []byte
	n    int
	long bool
}

func newLineFilter(in io.Reader, out *lockedWriter) *lineFilter {
	return &lineFilter{r: bufio.NewReaderSize(in, 64<<10), out: out}
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
	var line []byte
	for {
		chunk, err := f.r.ReadSlice('\n')
		line = append(line, chunk...)
		if f.long {
			if err != bufio.ErrBufferFull {
				f.long = false
				f.n++
			}
			if len(line) > 0 {
				return line, nil
			}
			return nil, err
		}
		if len(line) > mcp.DefaultMaxLineLength {
			// The SDK's to refuse.
			if err == bufio.ErrBufferFull {
				f.long = true
			} else {
				f.n++
			}
			return line, nil
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if len(line) == 0 {
			return nil, err
		}
		f.n++
		if problem, code := check(bytes.TrimSpace(line)); problem != "" {
			if werr := f.out.reject(code, fmt.Sprintf("line %d %s", f.n, problem)); werr != nil {
				return nil, werr
			}
			if err != nil {
				return nil, err
			}
			line = line[:0]
			continue
		}
		return line, nil
	}
}

// check says what keeps a line from being a JSON-RPC message, with the
// code for it; "" for a message, a batch of them, or a blank line.
func check(line []byte) (problem string, code int64) {
	if len(line) == 0 {
		return "", 0
	}
	if !json.Valid(line) {
		var v any
		err := json.Unmarshal(line, &v)
		return "is not JSON: " + err.Error(), codeParseError
	}
	msgs := []json.RawMessage{line}
	if line[0] == '[' {
		if err := json.Unmarshal(line, &msgs); err != nil || len(msgs) == 0 {
			return "is an empty batch: a batch holds one message or more", codeInvalidRequest
		}
	}
	for _, m := range msgs {
		if _, err := jsonrpc.DecodeMessage(m); err != nil {
			return "is not a JSON-RPC 2.0 message: " + err.Error(), codeInvalidRequest
		}
	}
	return "", 0
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

// reject answers a line that is not a message, with the null id that
// JSON-RPC 2.0 gives an answer to a request whose id cannot be read (the
// SDK's encoder leaves a null id out).
func (w *lockedWriter) reject(code int64, message string) error {
	data, err := json.Marshal(struct {
		JSONRPC string         `json:"jsonrpc"`
		ID      *int           `json:"id"`
		Error   *jsonrpc.Error `json:"error"`
	}{"2.0", nil, &jsonrpc.Error{Code: code, Message: message}})
	if err != nil {
		return errors.New("cannot answer a line that is not JSON-RPC: " + err.Error())
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
