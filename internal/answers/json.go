package answers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// SyntaxError is a document that is not JSON, with the place of the first
// problem.
type SyntaxError struct {
	Pos     rules.Pos
	Message string
}

func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Message }

// ParseJSON reads a JSON answers object, as a request to the server carries
// it: one object from question id to answer, the form of an answers file.
//
// YAML refuses some valid JSON (the escape \/, and characters outside the
// Basic Multilingual Plane written as surrogate pairs, such as
// "\ud83d\ude00"); ParseJSON reads strict JSON (RFC 8259) with
// encoding/json instead, so that whatever a JSON library writes is read.
// Parse falls back to it for a file that YAML refuses. Numbers stay
// json.Number, which the engine types exactly.
//
// A document that is not JSON (invalid UTF-8 included) is a *SyntaxError.
// JSON that is not an object, that answers a question twice, or that gives
// a list of more than MaxListItems items, is an *Error whose problems name
// the question: its JSON is fine, its answers are not. Whether each answer
// fits its question is for Type to say.
//
// What it keeps is bounded by the document's size, not by what the
// document asks for: an object given as an answer is kept as an empty
// map, and a list's lists and objects as empty ones, since no question
// takes them and Type needs only their kind.
func ParseJSON(name string, src []byte) ([]Raw, error) {
	return ParseJSONAtMost(name, src, 0)
}

// MaxListItems is the longest list ParseJSON reads as an answer: more than
// any question takes (a multi question has at most 64 options), so that a
// list of a million numbers is refused, not decoded.
const MaxListItems = 1000

// ParseJSONAtMost is ParseJSON reading at most max+1 answers (every one
// when max is 0): a caller that allows max answers learns that there are
// too many without reading, and keeping, a hundred thousand of them.
func ParseJSONAtMost(name string, src []byte, max int) ([]Raw, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, &SyntaxError{Pos: offsetPos(name, src, off), Message: "not valid UTF-8"}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &SyntaxError{Pos: rules.Pos{File: name, Line: 1, Col: 1}, Message: "no JSON: the answers are an object such as {\"employees\": 40}"}
	}
	// Check the whole document first, so that broken JSON is a syntax
	// error wherever it breaks, before its shape is judged.
	var raw json.RawMessage
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, syntaxError(name, src, err)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(name, src, err)
	}
	if tok != json.Delim('{') {
		return nil, &Error{Problems: []Problem{{
			Where:   offsetPos(name, src, skipSpace(src, 0)).String(),
			Message: "answers must be an object of question ids to answers, not " + describeJSON(tok),
			Err:     errors.New("not an object"),
		}}}
	}
	var out []Raw
	seen := map[string]rules.Pos{}
	at := &positions{name: name, src: src, line: 1}
	for dec.More() && (max <= 0 || len(out) <= max) {
		keyStart := skipSpace(src, int(dec.InputOffset()))
		if keyStart < len(src) && src[keyStart] == ',' {
			keyStart = skipSpace(src, keyStart+1)
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(name, src, err)
		}
		key, _ := tok.(string)
		keyPos := at.pos(keyStart)
		if key == "" {
			return nil, &Error{Problems: []Problem{{
				Where: keyPos.String(), Message: `answer keys must be question ids, not the string ""`,
				Err: errors.New("empty key"),
			}}}
		}
		// The value starts after the colon that follows the key.
		valStart := skipSpace(src, int(dec.InputOffset()))
		if valStart < len(src) && src[valStart] == ':' {
			valStart = skipSpace(src, valStart+1)
		}
		v, long, err := jsonValue(dec, src)
		if err != nil {
			return nil, syntaxError(name, src, err)
		}
		if long {
			return nil, &Error{Problems: []Problem{{
				Question: key, Where: at.pos(valStart).String(),
				Message: fmt.Sprintf("%s: a list of more than %d items, more than any question takes", key, MaxListItems),
				Err:     errors.New("list too long"),
			}}}
		}
		if first, dup := seen[key]; dup {
			return nil, &Error{Problems: []Problem{{
				Question: key, Where: keyPos.String(),
				Message: fmt.Sprintf("answered twice (first at line %d, column %d)", first.Line, first.Col),
				Err:     errors.New("duplicate answer"),
			}}}
		}
		seen[key] = keyPos
		out = append(out, Raw{ID: key, Value: v, Pos: at.pos(valStart), KeyPos: keyPos})
	}
	return out, nil
}

// jsonValue reads the next value of dec, which reads src, as an answer: a
// scalar as it is (numbers as json.Number), an object as an empty map, a
// list as a list of its scalars with its lists and objects empty. long is
// true, and the rest of the list unread, when the list has more than
// MaxListItems items. An object or a list within a list is skipped whole,
// as one json.RawMessage: token by token, a large one allocated 35 times
// its size.
func jsonValue(dec *json.Decoder, src []byte) (v any, long bool, err error) {
	switch next(dec, src) {
	case '{':
		var raw json.RawMessage
		return map[string]any{}, false, dec.Decode(&raw)
	case '[':
	default:
		tok, err := dec.Token()
		return tok, false, err
	}
	if _, err := dec.Token(); err != nil { // [
		return nil, false, err
	}
	items := []any{}
	for dec.More() {
		if len(items) == MaxListItems {
			return nil, true, nil
		}
		var item any
		switch next(dec, src) {
		case '{', '[':
			var raw json.RawMessage
			if err = dec.Decode(&raw); err == nil && raw[0] == '[' {
				item = []any{}
			} else {
				item = map[string]any{}
			}
		default:
			item, err = dec.Token()
		}
		if err != nil {
			return nil, false, err
		}
		items = append(items, item)
	}
	_, err = dec.Token() // ]
	return items, false, err
}

// next is the first byte of the value dec reads next from src, past the
// space, colon or comma before it; 0 at the end.
func next(dec *json.Decoder, src []byte) byte {
	i := skipSpace(src, int(dec.InputOffset()))
	if i < len(src) && (src[i] == ':' || src[i] == ',') {
		i = skipSpace(src, i+1)
	}
	if i < len(src) {
		return src[i]
	}
	return 0
}

// syntaxError places an encoding/json error.
func syntaxError(name string, src []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset is just past the byte that broke the JSON, or the end.
		off := int(se.Offset)
		if off < len(src) || !strings.Contains(se.Error(), "end of JSON input") {
			off--
		}
		return &SyntaxError{Pos: offsetPos(name, src, off), Message: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &SyntaxError{Pos: offsetPos(name, src, len(src)), Message: "invalid JSON: unexpected end of input"}
	}
	return &SyntaxError{Pos: rules.Pos{File: name}, Message: "invalid JSON: " + err.Error()}
}

// offsetPos is the line and column (in characters) of a byte offset.
func offsetPos(name string, src []byte, off int) rules.Pos {
	off = min(max(off, 0), len(src))
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return rules.Pos{File: name, Line: line, Col: utf8.RuneCount(before[start:]) + 1}
}

// positions turns increasing byte offsets into lines and columns, going on
// from the last one: a body with many answers is read in one pass, not
// once per answer.
type positions struct {
	name string
	src  []byte
	// off is the last offset, line its line and col its column (in
	// characters, 1-based).
	off, line, col int
}

func (p *positions) pos(off int) rules.Pos {
	off = min(max(off, 0), len(p.src))
	if off < p.off || p.col == 0 {
		pos := offsetPos(p.name, p.src, off)
		p.off, p.line, p.col = off, pos.Line, pos.Col
		return pos
	}
	for _, r := range string(p.src[p.off:off]) {
		if r == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
	}
	p.off = off
	return rules.Pos{File: p.name, Line: p.line, Col: p.col}
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// describeJSON names the kind of a JSON token for a message.
func describeJSON(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return fmt.Sprintf("the string %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprint(v)
	case nil:
		return "null"
	}
	return "a value"
}
