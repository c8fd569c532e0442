package advisor_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/encode"
)

// sameJSON fails unless RenderJSON and AppendJSON, which write the report
// by hand, give the bytes that encoding/json gives, indented (encode.JSON)
// and compact, or all fail.
func sameJSON(t *testing.T, r *advisor.Report) {
	t.Helper()
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	wantErr := enc.Encode(r)
	got, gotErr := r.AppendJSON(nil, false)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("encoding/json: %v; AppendJSON: %v", wantErr, gotErr)
	}
	if wantErr == nil && !bytes.Equal(got, compact.Bytes()) {
		t.Fatalf("AppendJSON differs from encoding/json:\n%s", firstDifference(got, compact.Bytes()))
	}
	sameIndentedJSON(t, r)
}

func sameIndentedJSON(t *testing.T, r *advisor.Report) {
	t.Helper()
	want, wantErr := encode.JSON(r)
	var got bytes.Buffer
	gotErr := advisor.RenderJSON(&got, r)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("encoding/json: %v; RenderJSON: %v", wantErr, gotErr)
	}
	if wantErr == nil && !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("RenderJSON differs from encoding/json:\n%s", firstDifference(got.Bytes(), want))
	}
}

// firstDifference shows both around the first byte where they differ.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-200, 0)
	return fmt.Sprintf("at byte %d of %d/%d\n--- got\n%q\n--- want\n%q", i, len(got), len(want), got[from:min(i+100, len(got))], want[from:min(i+100, len(want))])
}

// Real reports: 300 synthetic organisations through the embedded rules,
// with what-if and the growth path, a third with the trace.
func TestReportJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	syn := batch.NewSynthesizer(rs, 7)
	for i := range 300 {
		given, err := rs.ParseAnswers(syn.Answers())
		if err != nil {
			t.Fatal(err)
		}
		opt := advisor.Options{RulesPath: "rules.yaml", WhatIf: true, Growth: true, Trace: i%3 == 0}
		d, err := advisor.Decide(rs, given, opt)
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, d.Report(rs, opt))
	}
}

// Random reports: every field of every type filled by reflection, so that
// a field added to a report type and not to report_json.go fails here,
// with the strings, numbers and answer values that encoders get wrong.
func TestRandomReportJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var r advisor.Report
		fill(rng, reflect.ValueOf(&r).Elem(), 0)
		sameJSON(t, &r)
	}
	// Numbers encoding/json refuses are errors here too.
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := advisor.Report{Roles: advisor.RoleReports{{ID: "cto", Score: f}}}
		var b bytes.Buffer
		var uv *json.UnsupportedValueError
		if err := advisor.RenderJSON(&b, &r); !errors.As(err, &uv) {
			t.Errorf("score %v: RenderJSON gave %v, want a *json.UnsupportedValueError", f, err)
		}
		if _, err := r.AppendJSON(nil, false); !errors.As(err, &uv) {
			t.Errorf("score %v: AppendJSON gave %v, want a *json.UnsupportedValueError", f, err)
		}
	}
}

var (
	tricky = []string{
		"", "cto", "a<b&c>d", `say "hi"`, `back\slash`, "tab\tnew\nline\rcr",
		"\x00\x01\x1f\x7f", "\b\f", "caf\u00e9 \u4e16\u754c", "\u2028\u2029", "bad \xff\xfe utf-8",
		"emoji \U0001F600", "</script>",
	}
	numbers = []float64{0, math.Copysign(0, -1), 1, -3, 0.1, 2.5, 123.456, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 1.5e300, -2e-9, 40.000000000000001, 1.0 / 3}
	values  = []any{nil, true, false, 0, 42, -7, 2.5, "yes", "a\"b", []string{}, []string{"x", "y<z"}, []string(nil), map[string]int{"k": 1, "a": 2}, []any{1, "two"}}
)

// fill sets v, and every field, element and entry under it, at random.
func fill(rng *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(tricky[rng.IntN(len(tricky))])
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Int:
		v.SetInt(int64(rng.IntN(2000) - 1000))
	case reflect.Float64:
		v.SetFloat(numbers[rng.IntN(len(numbers))])
	case reflect.Interface:
		if x := values[rng.IntN(len(values))]; x != nil {
			v.Set(reflect.ValueOf(x))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(rng, v.Field(i), depth)
		}
	case reflect.Slice:
		switch n := rng.IntN(4); {
		case n == 0 || depth > 3:
			// nil: null, or the field left out when it is omitempty
		default:
			s := reflect.MakeSlice(v.Type(), n-1, n-1)
			for i := range n - 1 {
				fill(rng, s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		if rng.IntN(4) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for range rng.IntN(4) {
			k := reflect.New(v.Type().Key()).Elem()
			e := reflect.New(v.Type().Elem()).Elem()
			fill(rng, k, depth+1)
			fill(rng, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("fill: no filler for " + v.Type().String())
	}
}
