package rules

import (
	"reflect"
	"testing"
)

func TestConditionReads(t *testing.T) {
	t.Parallel()
	rs, _, err := Load("r.yaml", []byte(`version: 1
questions:
  - {id: a, type: bool, prompt: "A?", help: "A.", default: false}
  - {id: b, type: int, prompt: "B?", help: "B.", default: 0}
  - {id: c, type: bool, prompt: "C?", help: "C.", default: false, ask_if: "b > 3 and a"}
  - id: d
    type: bool
    prompt: "D?"
    help: D.
    default: false
    ask_if: {any: [a, {not: "b < 2"}, {all: ["c", "a"]}]}
  - {id: e, type: bool, prompt: "E?", help: "E.", default: false}
roles:
  - {id: r, title: R, fractional_title: FR, label: r, fractional_label: fr}
rules:
  - {id: x, description: X., when: a, add: {r: 1}, basis: judgement}
decide:
  r:
    - {level: none, because: No.}
`))
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]string{"c": {"b", "a"}, "d": {"a", "b", "c"}, "e": nil} {
		if got := rs.Question(id).AskIf.Reads(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Reads = %q, want %q", id, got, want)
		}
	}
}
