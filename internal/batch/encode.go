package batch

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/encode"
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
		k = encode.AppendString(k, r.ID)
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
		b = encode.AppendString(b, o.err.Error())
		return append(b, "}\n"...)
	}
	b = append(b, `,"recommendation":`...)
	b = encode.AppendString(b, o.res.Label)
	b = append(b, `,"roles":{`...)
	for i, rr := range o.res.Roles {
		b = append(b, e.roleKeys[i]...)
		b = encode.AppendString(b, string(rr.Level))
		b = append(b, `,"score":`...)
		b = encode.AppendFloat(b, rr.Score)
		b = append(b, `,"covered":`...)
		b = strconv.AppendBool(b, rr.Covered)
		b = append(b, '}')
	}
	b = append(b, `},"assumed":[`...)
	for i, id := range o.prof.Assumed {
		if i > 0 {
			b = append(b, ',')
		}
		b = encode.AppendString(b, id)
	}
	b = append(b, `],"ignored":[`...)
	for i, id := range o.prof.Ignored {
		if i > 0 {
			b = append(b, ',')
		}
		b = encode.AppendString(b, id)
	}
	b = append(b, ']')
	if e.whatIf {
		b = append(b, `,"what_if":[`...)
		for i, c := range o.changes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"question":`...)
			b = encode.AppendString(b, c.Question)
			b = append(b, `,"from":`...)
			b = appendValue(b, c.From)
			b = append(b, `,"to":`...)
			b = appendValue(b, c.To)
			b = append(b, `,"recommendation":`...)
			b = encode.AppendString(b, c.Label)
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
		b = encode.AppendFloat(b, rr.Score)
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
// Numbers are written by encode.AppendFloat, not here: -2 stays a number.
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
		return encode.AppendString(b, v)
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = encode.AppendString(b, s)
		}
		return append(b, ']')
	case float64:
		return encode.AppendFloat(b, v)
	case nil:
		return append(b, "null"...)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, j...)
}
