package rulesgen

import (
	"go/format"
	"reflect"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestLiteral(t *testing.T) {
	t.Parallel()
	lo := 3
	tests := []struct {
		v    any
		want string
	}{
		{[]string(nil), `nil`},
		{[]string{}, `[]string{}`},
		{map[string]int{"b": 2, "a": 1}, "map[string]int{\n\"a\": 1,\n\"b\": 2,\n}"},
		{rules.Question{ID: "n", Type: rules.TypeInt, Min: &lo}, "rules.Question{\nID: \"n\",\nType: \"int\",\nMin: ptr(3),\n}"},
		// In an interface a value keeps its type: a float that looks
		// whole, a named string, a set.
		{[]any{2.0, 5, rules.LevelNone, map[string]struct{}{"x": {}}, nil},
			"[]any{\n2.0,\n5,\nrules.Level(\"none\"),\nmap[string]struct{}{\n\"x\": struct{}{},\n},\nnil,\n}"},
	}
	for _, tt := range tests {
		l := newLiteral(modulePath)
		l.value(reflect.ValueOf(tt.v), false)
		if got := l.b.String(); got != tt.want {
			t.Errorf("%#v:\ngot  %s\nwant %s", tt.v, got, tt.want)
		}
		if _, err := format.Source([]byte("package p\nvar x = " + l.b.String())); err != nil {
			t.Errorf("%#v: not Go: %v", tt.v, err)
		}
	}
}

// A generated file is Go, and says what it holds.
func TestSourceOfARulesFile(t *testing.T) {
	t.Parallel()
	src := []byte(`version: 1
questions:
  - {id: n, type: int, prompt: P, help: H, min: 0, required: true}
roles:
  - {id: cto, title: C, fractional_title: V, label: cto, fractional_label: vcto}
rules:
  - {id: r, description: D, basis: judgement, when: "n >= 10", add: {cto: 1}}
decide:
  cto:
    - {when: "score >= 1", level: full-time, because: B}
    - {level: none, because: B}
`)
	code, err := Source("p", "small.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"package p\n", "const DefaultRulesVersion = 1\n", "Boundaries: map[string][]int{", "Tree: &ast.BinaryNode{"} {
		if !strings.Contains(string(code), want) {
			t.Errorf("no %q in\n%s", want, code)
		}
	}
	if _, err := Source("p", "bad.yaml", []byte("version: 2\n")); err == nil {
		t.Error("a rules file with errors gave a snapshot")
	}
}
