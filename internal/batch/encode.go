package batch

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// outcome is what one record gave, ready to encode.
type outcome struct {
	line int
	// idJSON is the record's id as JSON (the input's bytes for JSON Lines),
	// nil when the record has none.
	idJSON []byte
	// idText is the id as CSV shows it: a CSV cell as it was, a JSON
	// string unquoted, other JSON as its text.
	idText string
	hasID  bool
	res    *rules.Result
	prof   *rules.Profile
	// changes are the what-if changes, with --what-if.
	changes []rules.Change
	// whatIfIncomplete says the what-if search stopped at its limit.
	whatIfIncomplete bool
	err              error
}

// encoder writes outcomes as JSON Lines or CSV. The encoding is written by
// hand, without reflection, because it runs once per record; its field
// names are advise -o json's (advisor.Report), which a test holds it to.
type encoder struct {
	csv    bool
	whatIf bool
	// rawCSV keeps text cells that look like formulas as they are.
	rawCSV bool
	rs     *rules.Ruleset
	roles  []*rules.Role
	// roleKeys are the JSON prefixes of each role's object in "roles".
	roleKeys [][]byte
}

func newEncoder(rs *rules.Ruleset, csv, whatIf bool) *encoder {
	e := &encoder{csv: csv, whatIf: whatIf, rs: rs, roles: rs.Roles}
	for i, r := range rs.Roles {
		var k []byte
		if i > 0 {
			k = append(k, ',')
		}
		k = appendString(k, r.ID)
		k = append(k, `:{"level":`...)
		e.roleKeys = append(e.roleKeys, k)
	}
	return e
}

// header is the CSV header line, or nil for JSON Lines.
func (e *encoder) header() []byte {
	if !e.csv {
		return nil
	}
	cols := []string{"line", "id", "recommendation"}
	for _, r := range e.roles {
		p := "roles." + r.ID + "."
		cols = append(cols, p+"level", p+"score", p+"covered")
	}
	cols = append(cols, "assumed", "ignored")
	if e.whatIf {
		cols = append(cols, "what_if")
	}
	cols = append(cols, "error")
	var b []byte
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, c)
	}
	return append(b, '\n')
}

func (e *encoder) encode(b []byte, o *outcome) []byte {
	if e.csv {
		return e.encodeCSV(b, o)
	}
	return e.encodeJSON(b, o)
}

func (e *encoder) encodeJSON(b []byte, o *outcome) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(o.line), 10)
	if o.hasID {
		b = append(b, `,"id":`...)
		b = append(b, o.idJSON...)
	}
	if o.err != nil {
		b = append(b, `,"error":`...)
		b = appendString(b, o.err.Error())
		return append(b, "}\n"...)
	}
	b = append(b, `,"recommendation":`...)
	b = appendString(b, o.res.Label)
	b = append(b, `,"roles":{`...)
	for i, rr := range o.res.Roles {
		b = append(b, e.roleKeys[i]...)
		b = appendString(b, string(rr.Level))
		b = append(b, `,"score":`...)
		b = appendFloat(b, rr.Score)
		b = append(b, `,"covered":`...)
		b = strconv.AppendBool(b, rr.Covered)
		b = append(b, '}')
	}
	b = append(b, `},"assumed":[`...)
	for i, id := range o.prof.Assumed {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
	}
	b = append(b, `],"ignored":[`...)
	for i, id := range o.prof.Ignored {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
	}
	b = append(b, ']')
	if e.whatIf {
		b = append(b, `,"what_if":[`...)
		for i, c := range o.changes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"question":`...)
			b = appendString(b, c.Question)
			b = append(b, `,"from":`...)
			b = appendValue(b, c.From)
			b = append(b, `,"to":`...)
			b = appendValue(b, c.To)
			b = append(b, `,"recommendation":`...)
			b = appendString(b, c.Label)
			b = append(b, '}')
		}
		b = append(b, ']')
		if o.whatIfIncomplete {
			b = append(b, `,"what_if_incomplete":true`...)
		}
	}
	return append(b, "}\n"...)
}

func (e *encoder) encodeCSV(b []byte, o *outcome) []byte {
	b = strconv.AppendInt(b, int64(o.line), 10)
	b = append(b, ',')
	b = e.appendText(b, o.idText)
	if o.err != nil {
		// Empty result columns, then the error.
		n := 1 + 3*len(e.roles) + 2
		if e.whatIf {
			n++
		}
		b = append(b, strings.Repeat(",", n+1)...)
		b = e.appendText(b, o.err.Error())
		return append(b, '\n')
	}
	b = append(b, ',')
	b = e.appendText(b, o.res.Label)
	for _, rr := range o.res.Roles {
		b = append(b, ',')
		b = e.appendText(b, string(rr.Level))
		b = append(b, ',')
		b = appendFloat(b, rr.Score)
		b = append(b, ',')
		b = strconv.AppendBool(b, rr.Covered)
	}
	b = append(b, ',')
	b = e.appendText(b, strings.Join(o.prof.Assumed, ";"))
	b = append(b, ',')
	b = e.appendText(b, strings.Join(o.prof.Ignored, ";"))
	if e.whatIf {
		var w []byte
		for i, c := range o.changes {
			if i > 0 {
				w = append(w, " | "...)
			}
			w = append(w, c.Question...)
			w = append(w, '=')
			if to, ok := c.To.([]string); ok && len(to) == 0 {
				// An empty cell would read back as not answered.
				if q := e.rs.Question(c.Question); q != nil && !q.HasOption("none") {
					w = append(w, "none"...)
				}
			} else {
				w = appendCell(w, c.To)
			}
			w = append(w, " => "...)
			w = append(w, c.Label...)
		}
		if o.whatIfIncomplete {
			if len(o.changes) > 0 {
				w = append(w, " | "...)
			}
			w = append(w, "... (incomplete: the search stopped at its limit)"...)
		}
		b = append(b, ',')
		b = e.appendText(b, string(w))
	}
	return append(b, ",\n"...)
}

// appendCell writes an answer as a CSV cell holds it: multi options joined
// by ';', as the input reads them.
func appendCell(b []byte, v any) []byte {
	switch v := v.(type) {
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case string:
		return append(b, v...)
	case []string:
		return append(b, strings.Join(v, ";")...)
	}
	j, _ := json.Marshal(v)
	return append(b, j...)
}

// formulaStart holds the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// appendText writes a text cell of a CSV record. A cell that starts as a
// formula does gets a leading ', which spreadsheets show as text, unless
// rawCSV: ids and labels come from whoever wrote the input or the rules,
// and =HYPERLINK(...) in an id would run when the results are opened.
// Numbers are written by appendFloat, not here: -2 stays a number.
func (e *encoder) appendText(b []byte, s string) []byte {
	if !e.rawCSV && s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return appendCSV(b, "'"+s)
	}
	return appendCSV(b, s)
}

// appendCSV writes one CSV field, quoted when it must be.
func appendCSV(b []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendValue writes a typed answer as JSON.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case string:
		return appendString(b, v)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	case float64:
		return appendFloat(b, v)
	case nil:
		return append(b, "null"...)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, j...)
}

// appendFloat writes a number exactly as encoding/json does, so scores
// read the same as in advise -o json.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does; HTML characters are left as they are.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
