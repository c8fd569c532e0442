package advisor

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/encode"
)

// The report's JSON is written by hand, field by field, in the order and
// with the omissions of Report's struct tags, and indented as encode.JSON
// indents: the same bytes that encoding/json gives (TestReportJSONMatches
// compares them over synthetic and randomly filled reports).
//
// encoding/json builds its encoder for a type by reflection on first use:
// for the report's fifteen types that was about 0.3 ms, a tenth of a
// one-shot `advise -o json`, and writing by hand also halves serve's cost
// of encoding a report (docs/performance.md). Struct tags stay the
// definition, for encoding/json and for readers; a field added to a type
// without being written here fails the test.

// AppendJSON appends the report's JSON and a newline to b: indented by two
// spaces, as `advise -o json` prints it, or compact, as serve answers.
// Both are the bytes encoding/json gives without HTML escaping.
func (r *Report) AppendJSON(b []byte, indent bool) ([]byte, error) {
	w := jsonWriter{b: b, compact: !indent}
	w.open('{')
	w.key("schema")
	w.str(r.Schema)
	w.key("recommendation")
	w.str(r.Recommendation)
	w.key("headline")
	w.str(r.Headline)
	w.key("roles")
	w.roles(r.Roles)
	w.key("answers")
	w.answers(r.Answers)
	w.key("assumed")
	w.strs(r.Assumed)
	w.key("ignored")
	w.strs(r.Ignored)
	w.key("skipped")
	w.strs(r.Skipped)
	w.key("fired")
	w.fired(r.Fired)
	w.key("what_if")
	w.whatIf(r.WhatIf)
	if r.WhatIfIncomplete {
		w.key("what_if_incomplete")
		w.bool(true)
	}
	w.key("growth")
	w.growth(r.Growth)
	w.key("notes")
	w.strs(r.Notes)
	w.key("disputes")
	w.disputes(r.Disputes)
	w.key("rules")
	w.open('{')
	w.key("path")
	w.str(r.Rules.Path)
	w.key("sha256")
	w.str(r.Rules.SHA256)
	w.key("version")
	w.int(r.Rules.Version)
	w.close('}')
	if len(r.Trace) > 0 {
		w.key("trace")
		w.open('[')
		for _, t := range r.Trace {
			w.next()
			w.open('{')
			w.key("context")
			w.str(t.Context)
			w.key("expr")
			w.str(t.Expr)
			w.key("pos")
			w.str(t.Pos)
			w.key("value")
			w.bool(t.Value)
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	w.b = append(w.b, '\n')
	return w.b, w.err
}

// roles writes the roles as an object in file order, as
// RoleReports.MarshalJSON does ({} for none).
func (w *jsonWriter) roles(rr RoleReports) {
	w.open('{')
	for _, r := range rr {
		w.key(r.ID)
		w.open('{')
		w.key("title")
		w.str(r.Title)
		w.key("level")
		w.str(string(r.Level))
		w.key("label")
		w.str(r.Label)
		w.key("score")
		w.float(r.Score)
		w.key("covered")
		w.bool(r.Covered)
		w.optStr("covered_by", r.CoveredBy)
		w.optStr("candidate", r.Candidate)
		w.key("action")
		w.str(r.Action)
		w.key("because")
		w.str(r.Because)
		w.optStr("summary", r.Summary)
		w.key("decide_row")
		w.int(r.DecideRow)
		w.key("contributions")
		objects(w, r.Contributions, func(c Contribution) {
			w.key("rule")
			w.str(c.Rule)
			w.key("weight")
			w.float(c.Weight)
		})
		w.close('}')
	}
	w.close('}')
}

// answers writes the answers as an object in question order, as
// OrderedAnswers.MarshalJSON does ({} for none).
func (w *jsonWriter) answers(oa OrderedAnswers) {
	w.open('{')
	for _, a := range oa {
		w.key(a.ID)
		w.any(a.Value)
	}
	w.close('}')
}

func (w *jsonWriter) fired(fs []FiredRule) {
	objects(w, fs, func(f FiredRule) {
		w.key("id")
		w.str(f.ID)
		w.key("description")
		w.str(f.Description)
		w.key("add")
		w.weights(f.Add)
		w.key("sources")
		w.sources(f.Sources)
		w.optStr("basis", f.Basis)
		if len(f.Notes) > 0 {
			w.key("notes")
			w.strs(f.Notes)
		}
		if len(f.DisputedBy) > 0 {
			w.key("disputed_by")
			objects(w, f.DisputedBy, func(d DisputeView) {
				w.key("view")
				w.str(d.View)
				w.key("sources")
				w.sources(d.Sources)
			})
		}
	})
}

// weights writes a map as encoding/json does: keys sorted.
func (w *jsonWriter) weights(m map[string]float64) {
	if m == nil {
		w.null()
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.open('{')
	for _, k := range keys {
		w.key(k)
		w.float(m[k])
	}
	w.close('}')
}

func (w *jsonWriter) sources(ss []SourceRef) {
	objects(w, ss, func(s SourceRef) {
		w.key("id")
		w.str(s.ID)
		w.key("title")
		w.str(s.Title)
		w.key("ref")
		w.str(s.Ref)
		w.optStr("kind", s.Kind)
		w.optStr("quote", s.Quote)
	})
}

func (w *jsonWriter) whatIf(cs []WhatIfChange) {
	objects(w, cs, func(c WhatIfChange) {
		w.key("question")
		w.str(c.Question)
		w.key("from")
		w.any(c.From)
		w.key("to")
		w.any(c.To)
		w.key("recommendation")
		w.str(c.Recommendation)
	})
}

func (w *jsonWriter) growth(gs []GrowthPoint) {
	objects(w, gs, func(g GrowthPoint) {
		w.key("question")
		w.str(g.Question)
		w.key("at")
		w.any(g.At)
		w.key("recommendation")
		w.str(g.Recommendation)
	})
}

func (w *jsonWriter) disputes(ds []Dispute) {
	objects(w, ds, func(d Dispute) {
		w.key("rule")
		w.str(d.Rule)
		w.key("view")
		w.str(d.View)
		w.key("sources")
		w.sources(d.Sources)
		w.key("other_view")
		w.str(d.OtherView)
		w.key("other_sources")
		w.sources(d.OtherSource)
	})
}

// objects writes xs as an array of objects, each one's fields written by
// fields; a nil slice as null, as encoding/json writes it.
func objects[T any](w *jsonWriter, xs []T, fields func(T)) {
	if xs == nil {
		w.null()
		return
	}
	w.open('[')
	for _, x := range xs {
		w.next()
		w.open('{')
		fields(x)
		w.close('}')
	}
	w.close(']')
}

// jsonWriter appends JSON without HTML escaping, indented by two spaces a
// level as encode.JSON writes it, or compact.
type jsonWriter struct {
	b       []byte
	compact bool
	depth   int
	// empty is true while the innermost object or array has no element.
	empty bool
	err   error
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.empty = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.empty {
		w.newline()
	}
	w.b = append(w.b, c)
	w.empty = false
}

// next starts an element of an array or object.
func (w *jsonWriter) next() {
	if !w.empty {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.empty = false
}

func (w *jsonWriter) newline() {
	if w.compact {
		return
	}
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *jsonWriter) key(k string) {
	w.next()
	w.str(k)
	w.b = append(w.b, ':')
	if !w.compact {
		w.b = append(w.b, ' ')
	}
}

// optStr writes a string field tagged omitempty.
func (w *jsonWriter) optStr(k, v string) {
	if v != "" {
		w.key(k)
		w.str(v)
	}
}

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *jsonWriter) int(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

func (w *jsonWriter) strs(ss []string) {
	if ss == nil {
		w.null()
		return
	}
	w.open('[')
	for _, s := range ss {
		w.next()
		w.str(s)
	}
	w.close(']')
}

// float writes a number as encoding/json does, and refuses NaN and the
// infinities with its error (without the "error calling MarshalJSON"
// wrapping that it adds for a score inside RoleReports).
func (w *jsonWriter) float(f float64) {
	if (math.IsInf(f, 0) || math.IsNaN(f)) && w.err == nil {
		w.err = &json.UnsupportedValueError{Value: reflect.ValueOf(f), Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	w.b = encode.AppendFloat(w.b, f)
}

// any writes an answer's value: the types that answers have, and anything
// else through encoding/json.
func (w *jsonWriter) any(v any) {
	switch v := v.(type) {
	case nil:
		w.null()
	case bool:
		w.bool(v)
	case int:
		w.int(v)
	case float64:
		w.float(v)
	case string:
		w.str(v)
	case []string:
		w.strs(v)
	default:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			if w.err == nil {
				w.err = err
			}
			w.null()
			return
		}
		data := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
		if w.compact {
			w.b = append(w.b, data...)
			return
		}
		var ind bytes.Buffer
		_ = json.Indent(&ind, data, strings.Repeat("  ", w.depth), "  ")
		w.b = append(w.b, ind.Bytes()...)
	}
}

func (w *jsonWriter) str(s string) { w.b = encode.AppendString(w.b, s) }
