package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of arrays and objects in a record, so a
// hostile line cannot exhaust the stack.
const maxJSONDepth = 64

// jsonParser reads one JSON Lines record: an object keyed by question id.
// It is a small, strict JSON parser written for this one shape so that the
// hot path needs no reflection and no allocation for keys and option ids:
// known strings are interned. Any valid JSON is accepted (a nested value
// reaches the engine, which names the problem); invalid JSON, duplicate
// keys and a record that is not an object are errors naming the column.
type jsonParser struct {
	data  []byte
	i     int
	depth int
	// known interns known strings (question ids, option ids) and gives
	// question ids' indexes.
	known *knownSet
	// seen marks the questions answered so far in the record.
	seen []bool
	// unknownSeen holds the unknown keys of a record that has many of
	// them, so that finding a duplicate among them is not quadratic (a
	// line of a megabyte holds sixty thousand keys); nil for the others.
	unknownSeen map[string]struct{}
	// scratch holds decoded strings with escapes.
	scratch []byte
}

// known is an interned string: s, also boxed in v so that returning it as
// a value does not allocate; q is its question's index for a question id,
// -1 for an option id.
type known struct {
	s string
	v any
	q int
}

// knownSet finds known strings by their bytes without allocating: by
// length and first byte, then comparing. It is read-only once built and
// shared by the workers.
type knownSet struct {
	byLen [][256][]known
	all   map[string]known
}

func (k *knownSet) lookup(b []byte) (known, bool) {
	if k == nil || len(b) == 0 || len(b) >= len(k.byLen) {
		return known{}, false
	}
	for _, c := range k.byLen[len(b)][b[0]] {
		if c.s == string(b) {
			return c, true
		}
	}
	return known{}, false
}

// pair is one member of a record: a key and its raw value.
type pair struct {
	key string
	// q is the index of the question key names, or -1.
	q   int
	val any
}

// newKnown interns the ids of the questions and options.
func newKnown(questions []string, options []string) *knownSet {
	k := &knownSet{all: make(map[string]known, len(questions)+len(options))}
	for _, o := range options {
		k.all[o] = known{o, o, -1}
	}
	for i, q := range questions {
		k.all[q] = known{q, q, i}
	}
	longest := 0
	for s := range k.all {
		longest = max(longest, len(s))
	}
	k.byLen = make([][256][]known, longest+1)
	for s, c := range k.all {
		if s != "" {
			k.byLen[len(s)][s[0]] = append(k.byLen[len(s)][s[0]], c)
		}
	}
	return k
}

// errorf reports a problem at a byte offset of the record, by column.
func (p *jsonParser) errorf(off int, format string, args ...any) error {
	return fmt.Errorf("column %d: %s", column(p.data, off), fmt.Sprintf(format, args...))
}

// column turns a byte offset into a 1-based character column.
func column(data []byte, off int) int {
	off = min(off, len(data))
	return utf8.RuneCount(data[:off]) + 1
}

// parseRecord parses data into pairs (appended to pairs[:0]) and returns
// the raw JSON bytes of the "id" member, if any: also with an error, when
// the id was read before the problem, so that error records keep it.
func (p *jsonParser) parseRecord(data []byte, pairs []pair) (id []byte, _ []pair, err error) {
	p.data, p.i, p.depth = data, 0, 0
	pairs = pairs[:0]
	clear(p.seen)
	p.unknownSeen = nil
	p.ws()
	if p.i >= len(p.data) {
		return id, pairs, p.errorf(p.i, "empty record")
	}
	if c := p.data[p.i]; c != '{' {
		kind := "a " + p.kindAt()
		return id, pairs, p.errorf(p.i, "a record must be a JSON object keyed by question id, not %s", kind)
	}
	p.i++
	p.ws()
	if p.peek() == '}' {
		p.i++
	} else {
		for {
			p.ws()
			keyAt := p.i
			if p.peek() != '"' {
				return id, pairs, p.unexpected("a quoted key")
			}
			key, q, err := p.key()
			if err != nil {
				return id, pairs, err
			}
			p.ws()
			if p.peek() != ':' {
				return id, pairs, p.unexpected("':' after the key")
			}
			p.i++
			p.ws()
			start := p.i
			v, err := p.value()
			if err != nil {
				return id, pairs, err
			}
			switch {
			case key == "id":
				if id != nil {
					return id, pairs, p.errorf(keyAt, "duplicate key %q", key)
				}
				id = p.data[start:p.i]
			case q >= 0:
				if p.seen[q] {
					return id, pairs, p.errorf(keyAt, "duplicate key %q", key)
				}
				p.seen[q] = true
				pairs = append(pairs, pair{key: key, q: q, val: v})
			default:
				if p.duplicateUnknown(key, pairs) {
					return id, pairs, p.errorf(keyAt, "duplicate key %q", key)
				}
				pairs = append(pairs, pair{key: key, q: -1, val: v})
			}
			p.ws()
			switch p.peek() {
			case ',':
				p.i++
				continue
			case '}':
				p.i++
			default:
				return id, pairs, p.unexpected("',' or '}'")
			}
			break
		}
	}
	p.ws()
	if p.i < len(p.data) {
		return id, pairs, p.errorf(p.i, "unexpected %s after the record's object", p.describeAt())
	}
	if id != nil && bytes.ContainsAny(id, " \t\r\n") {
		var b bytes.Buffer
		if json.Compact(&b, id) == nil {
			id = b.Bytes()
		}
	}
	return id, pairs, nil
}

// manyUnknown is how many keys a record holds before its unknown keys are
// looked up in a map rather than in the list.
const manyUnknown = 32

// duplicateUnknown reports whether key, a key that is no question's, is
// already among the record's pairs, and remembers it.
func (p *jsonParser) duplicateUnknown(key string, pairs []pair) bool {
	if p.unknownSeen == nil && len(pairs) < manyUnknown {
		for _, pr := range pairs {
			if pr.key == key {
				return true
			}
		}
		return false
	}
	if p.unknownSeen == nil {
		p.unknownSeen = make(map[string]struct{}, 2*len(pairs))
		for _, pr := range pairs {
			if pr.q < 0 {
				p.unknownSeen[pr.key] = struct{}{}
			}
		}
	}
	if _, dup := p.unknownSeen[key]; dup {
		return true
	}
	p.unknownSeen[key] = struct{}{}
	return false
}

func (p *jsonParser) peek() byte {
	if p.i < len(p.data) {
		return p.data[p.i]
	}
	return 0
}

func (p *jsonParser) ws() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// describeAt names what is at the current offset for messages.
func (p *jsonParser) describeAt() string {
	if p.i >= len(p.data) {
		return "end of line"
	}
	r, _ := utf8.DecodeRune(p.data[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) kindAt() string {
	switch c := p.peek(); {
	case c == '[':
		return "list"
	case c == '"':
		return "string"
	case p.wordAt("true"), p.wordAt("false"):
		return "boolean"
	case p.wordAt("null"):
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return "value starting with " + p.describeAt()
}

// wordAt reports whether the literal word stands at p.i, whole: "nope"
// and "falsey" are not null and false.
func (p *jsonParser) wordAt(word string) bool {
	rest := p.data[p.i:]
	if !bytes.HasPrefix(rest, []byte(word)) {
		return false
	}
	rest = rest[len(word):]
	return len(rest) == 0 || !('a' <= rest[0] && rest[0] <= 'z' || 'A' <= rest[0] && rest[0] <= 'Z' || '0' <= rest[0] && rest[0] <= '9' || rest[0] == '_')
}

func (p *jsonParser) unexpected(want string) error {
	if p.i >= len(p.data) {
		return p.errorf(p.i, "unexpected end of line, want %s", want)
	}
	return p.errorf(p.i, "unexpected %s, want %s", p.describeAt(), want)
}

// key reads a quoted key, interned when known, with its question's index
// (-1 when it names none).
func (p *jsonParser) key() (string, int, error) {
	b, err := p.stringBytes()
	if err != nil {
		return "", -1, err
	}
	if k, ok := p.known.lookup(b); ok {
		return k.s, k.q, nil
	}
	return string(b), -1, nil
}

func (p *jsonParser) value() (any, error) {
	switch c := p.peek(); {
	case c == '"':
		b, err := p.stringBytes()
		if err != nil {
			return nil, err
		}
		if k, ok := p.known.lookup(b); ok {
			return k.v, nil
		}
		return string(b), nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '[':
		return p.array()
	case c == '{':
		return p.object()
	}
	return nil, p.unexpected("a value")
}

func (p *jsonParser) literal(word string) error {
	if bytes.HasPrefix(p.data[p.i:], []byte(word)) {
		p.i += len(word)
		return nil
	}
	return p.errorf(p.i, "invalid literal, want %s", word)
}

func (p *jsonParser) nest() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return p.errorf(p.i, "values nested too deeply: more than %d levels", maxJSONDepth)
	}
	return nil
}

func (p *jsonParser) array() (any, error) {
	if err := p.nest(); err != nil {
		return nil, err
	}
	p.i++
	out := []any{}
	p.ws()
	if p.peek() == ']' {
		p.i++
		p.depth--
		return out, nil
	}
	for {
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
			continue
		case ']':
			p.i++
			p.depth--
			return out, nil
		}
		return nil, p.unexpected("',' or ']'")
	}
}

func (p *jsonParser) object() (any, error) {
	if err := p.nest(); err != nil {
		return nil, err
	}
	p.i++
	out := map[string]any{}
	p.ws()
	if p.peek() == '}' {
		p.i++
		p.depth--
		return out, nil
	}
	for {
		p.ws()
		if p.peek() != '"' {
			return nil, p.unexpected("a quoted key")
		}
		b, err := p.stringBytes()
		if err != nil {
			return nil, err
		}
		k := string(b)
		p.ws()
		if p.peek() != ':' {
			return nil, p.unexpected("':' after the key")
		}
		p.i++
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out[k] = v
		p.ws()
		switch p.peek() {
		case ',':
			p.i++
			continue
		case '}':
			p.i++
			p.depth--
			return out, nil
		}
		return nil, p.unexpected("',' or '}'")
	}
}

// number reads a JSON number: an int when it is a plain integer that fits,
// else a json.Number the engine judges (1.5 is not a whole number).
func (p *jsonParser) number() (any, error) {
	start := p.i
	d := p.data
	i := p.i
	if d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	intStart := i
	n := digits()
	if n == 0 {
		return nil, p.errorf(i, "invalid number: want a digit")
	}
	if n > 1 && d[intStart] == '0' {
		return nil, p.errorf(intStart, "invalid number: leading zero")
	}
	plain := true
	if i < len(d) && d[i] == '.' {
		i++
		plain = false
		if digits() == 0 {
			return nil, p.errorf(i, "invalid number: want a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		plain = false
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return nil, p.errorf(i, "invalid number: want a digit in the exponent")
		}
	}
	p.i = i
	text := d[start:i]
	if plain && (n <= 9 || (strconv.IntSize == 64 && n <= 18)) {
		v := 0
		for _, c := range d[intStart:i] {
			v = v*10 + int(c-'0')
		}
		if d[start] == '-' {
			v = -v
		}
		return v, nil
	}
	return json.Number(text), nil
}

// stringBytes reads a quoted string. The bytes point into the record when
// the string has no escapes, else into p.scratch: they are valid until the
// next call.
func (p *jsonParser) stringBytes() ([]byte, error) {
	start := p.i
	p.i++
	d := p.data
	i := p.i
	var high byte // any byte over 0x7f: only then is UTF-8 checked
	for i < len(d) {
		c := d[i]
		high |= c
		if c == '"' {
			s := d[p.i:i]
			if high >= utf8.RuneSelf && !utf8.Valid(s) {
				return nil, p.errorf(start, "string is not valid UTF-8")
			}
			p.i = i + 1
			return s, nil
		}
		if c == '\\' {
			return p.escapedString(start)
		}
		if c < 0x20 {
			return nil, p.errorf(i, "control character %q in string", c)
		}
		i++
	}
	return nil, p.errorf(start, "unterminated string")
}

func (p *jsonParser) escapedString(start int) ([]byte, error) {
	d := p.data
	out := p.scratch[:0]
	i := start + 1
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return nil, p.errorf(start, "string is not valid UTF-8")
			}
			p.i = i + 1
			p.scratch = out
			return out, nil
		case c < 0x20:
			return nil, p.errorf(i, "control character %q in string", c)
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(d) {
			break
		}
		e := d[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(d, i)
			if !ok {
				return nil, p.errorf(i-2, `invalid \u escape`)
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+6 <= len(d) && d[i] == '\\' && d[i+1] == 'u' {
					r2, ok = hex4(d, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			// The message shows the escape as written only when its
			// character is printable: a control character (a carriage
			// return, a terminal's escape) would otherwise reach the
			// terminal raw, and a byte of a multi-byte character would
			// show as some other character.
			r, size := utf8.DecodeRune(d[i-1:])
			switch {
			case r == utf8.RuneError && size <= 1:
				return nil, p.errorf(start, "string is not valid UTF-8")
			case unicode.IsPrint(r):
				return nil, p.errorf(i-2, `invalid escape \%c in string`, r)
			}
			return nil, p.errorf(i-2, "invalid escape: a backslash before %s in string", strconv.QuoteRune(r))
		}
	}
	return nil, p.errorf(start, "unterminated string")
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unquoteJSONString decodes a JSON string token (for an id shown in CSV).
func unquoteJSONString(tok []byte) (string, bool) {
	p := jsonParser{data: tok}
	b, err := p.stringBytes()
	if err != nil || p.i != len(tok) {
		return "", false
	}
	return string(b), true
}
