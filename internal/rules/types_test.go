package rules

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// oneOfEachType loads a rules file with a required question of every type
// in the table, given what its type takes: options, bounds.
func oneOfEachType(t *testing.T) *Ruleset {
	t.Helper()
	var qs strings.Builder
	for _, e := range questionTypes {
		tr := e.def.traits()
		fmt.Fprintf(&qs, "  - {id: q_%s, type: %s, prompt: %q, help: Help., required: true", e.name, e.name, "A "+tr.adjective+" question?")
		if tr.maxOptions > 0 {
			qs.WriteString(", options: [{id: a, label: Apple}, {id: b, label: Banana}, {id: c, label: Cherry}]")
		}
		if tr.bounded {
			qs.WriteString(", min: 1, max: 1000")
		}
		qs.WriteString("}\n")
	}
	return mustLoad(t, `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
`+qs.String()+`
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto}
rules:
  - {id: r, description: Always., when: "1 == 1", add: {cto: 1}, sources: [s]}
decide:
  cto:
    - {level: none, because: None.}
`)
}

// kindOf is the kind of a typed answer's Go value.
func kindOf(v any) Kind {
	switch v.(type) {
	case bool:
		return KindBool
	case int:
		return KindInt
	case string:
		return KindOption
	case []string:
		return KindOptions
	}
	return 0
}

// Every type's answers, its example and random ones, are of its kind, and
// read back from the text that flags and files give them.
func TestEachTypeReadsBackItsText(t *testing.T) {
	rs := oneOfEachType(t)
	if len(rs.Questions) != len(questionTypes) {
		t.Fatalf("%d questions, want one per type (%d)", len(rs.Questions), len(questionTypes))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, q := range rs.Questions {
		raws := []any{q.Example()}
		for range 200 {
			raws = append(raws, q.Draw(r))
		}
		for _, raw := range raws {
			v, err := rs.ParseAnswer(q.ID, raw)
			if err != nil {
				t.Fatalf("%s: %#v does not parse: %v", q.ID, raw, err)
			}
			if k := kindOf(v); k != q.Kind() {
				t.Fatalf("%s: %#v is of kind %d, want %d", q.ID, v, k, q.Kind())
			}
			back, err := rs.ParseAnswer(q.ID, q.Text(v))
			if err != nil || !reflect.DeepEqual(back, v) {
				t.Fatalf("%s: the text %q of %#v reads back as %#v, %v", q.ID, q.Text(v), v, back, err)
			}
			if q.Words(v) == "" {
				t.Fatalf("%s: %#v has no words", q.ID, v)
			}
		}
	}
}

// Expressions are checked against each type's zero value, and a missing
// required answer reads as it: it must be of the type's kind.
func TestEachTypesZeroIsOfItsKind(t *testing.T) {
	for _, e := range questionTypes {
		if k, tr := kindOf(e.def.zero()), e.def.traits(); k != tr.kind {
			t.Errorf("%s: zero %#v is of kind %d, want %d", e.name, e.def.zero(), k, tr.kind)
		}
	}
}

// The JSON Schema of a type's answers says the JSON type of its kind, and
// lists the options, with their labels when asked.
func TestEachTypesSchemaNamesItsKind(t *testing.T) {
	jsonType := map[Kind]string{KindBool: "boolean", KindInt: "integer", KindOption: "string", KindOptions: "array"}
	rs := oneOfEachType(t)
	for _, q := range rs.Questions {
		for _, labels := range []bool{false, true} {
			s := q.AnswerSchema(labels)
			if s["type"] != jsonType[q.Kind()] {
				t.Errorf("%s: schema type %v, want %s", q.ID, s["type"], jsonType[q.Kind()])
			}
			if q.Kind() == KindOptions {
				s, _ = s["items"].(map[string]any)
			}
			if len(q.Options) == 0 {
				continue
			}
			if enum := s["enum"]; !reflect.DeepEqual(enum, []any{"a", "b", "c"}) {
				t.Errorf("%s: enum %v, want the options", q.ID, enum)
			}
			oneOf, _ := s["oneOf"].([]any)
			if labelled := len(oneOf) == 3 && reflect.DeepEqual(oneOf[1], map[string]any{"const": "b", "description": "Banana"}); labelled != labels {
				t.Errorf("%s: with labels %t, oneOf %v", q.ID, labels, s["oneOf"])
			}
		}
	}
}

func TestAndList(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{nil, ""},
		{[]string{"int"}, "int"},
		{[]string{"int", "choice"}, "int and choice"},
		{[]string{"bool", "int", "choice", "multi"}, "bool, int, choice and multi"},
	} {
		if got := andList(tc.words); got != tc.want {
			t.Errorf("andList(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}

// An unknown type is an error at the type's position that suggests the
// nearest type and lists every type, in the table's order. The golden
// files write that list as {types} (see typesPlaceholder); this test pins
// it, so a new type adds its name here.
func TestUnknownTypeListsEveryType(t *testing.T) {
	t.Parallel()
	names := []string{"bool", "int", "choice", "multi"}
	src := `version: 1
questions:
  - {id: size, type: integr, prompt: "How big?", help: Size., required: true}
`
	_, _, err := Load("bad.yaml", []byte(src))
	var le *LoadError
	if !errors.As(err, &le) || len(le.Diagnostics) == 0 {
		t.Fatalf("Load = %v, want a *LoadError", err)
	}
	want := `bad.yaml:3:22: question size: unknown type "integr" (did you mean "int"?); allowed: ` + strings.Join(names, ", ")
	var got []string
	for _, d := range le.Diagnostics {
		line, _, _ := strings.Cut(d.Detail(), "\n")
		if line == want {
			return
		}
		got = append(got, line)
	}
	t.Errorf("no diagnostic\n  %s\namong\n  %s", want, strings.Join(got, "\n  "))
}
