package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestLabels(t *testing.T) {
	rs := mustLoad(t, levelsRules)
	tests := []struct {
		cto, cio string
		want     string
	}{
		{"none", "none", "none"},
		{"full", "none", "cto"},
		{"none", "full", "cio"},
		{"fractional", "none", "vcto"},
		{"none", "fractional", "vcio"},
		{"full", "full", "both"},
		{"full", "fractional", "cto+vcio"},
		{"fractional", "full", "vcto+cio"},
		{"fractional", "fractional", "vcto+vcio"},
	}
	for _, tt := range tests {
		p := profile(t, rs, map[string]any{"cto_need": tt.cto, "cio_need": tt.cio})
		res, err := rs.Evaluate(p, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Label != tt.want {
			t.Errorf("cto %s, cio %s: label %q, want %q", tt.cto, tt.cio, res.Label, tt.want)
		}
	}
}

func TestLabelsFromOtherRoles(t *testing.T) {
	// A file with three roles and its own label words: the label is built
	// from the roles, not from a fixed list.
	rs := mustLoad(t, `
version: 1
labels: {none: nobody, all_full_time: everyone}
sources: {s: {title: S, ref: "https://example.com"}}
questions:
  - {id: n, type: int, prompt: "N?", help: N., required: true}
roles:
  - {id: a, title: A, fractional_title: fA, label: a, fractional_label: fa}
  - {id: b, title: B, fractional_title: fB, label: b, fractional_label: fb}
  - {id: c, title: C, fractional_title: fC, label: c, fractional_label: fc}
rules:
  - {id: r, description: R., when: n > 0, add: {a: 1}, sources: [s]}
decide:
  a: [{when: n >= 1, level: full-time, because: x}, {level: none, because: y}]
  b: [{when: n >= 2, level: full-time, because: x}, {when: n >= 1, level: fractional, because: x}, {level: none, because: y}]
  c: [{when: n >= 3, level: full-time, because: x}, {level: none, because: y}]
`)
	for n, want := range map[int]string{0: "nobody", 1: "a+fb", 2: "a+b", 3: "everyone"} {
		res, err := rs.Evaluate(profile(t, rs, map[string]any{"n": n}), EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Label != want {
			t.Errorf("n=%d: label %q, want %q", n, res.Label, want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	p := profile(t, rs, map[string]any{"employees": 60, "product_driven": true, "compliance": []any{"hipaa"}, "engineers": 12})
	res, err := rs.Evaluate(p, EvalOptions{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Label != "both" {
		t.Errorf("label %q, want both", res.Label)
	}
	cto, cio := res.Roles[0], res.Roles[1]
	if cto.Score != 5.5 || cio.Score != 4 {
		t.Errorf("scores cto %g cio %g, want 5.5 and 4", cto.Score, cio.Score)
	}
	var fired []string
	for _, r := range res.Fired {
		fired = append(fired, r.ID)
	}
	if want := []string{"builds", "big", "regulated", "team"}; !reflect.DeepEqual(fired, want) {
		t.Errorf("fired %v, want %v", fired, want)
	}
	var contrib []string
	for _, c := range cto.Contributions {
		contrib = append(contrib, c.Rule.ID)
	}
	if want := []string{"builds", "big", "team"}; !reflect.DeepEqual(contrib, want) {
		t.Errorf("cto contributions %v, want %v", contrib, want)
	}
	if cto.Row != 0 || cto.Because != "Much technology." || cto.Covered {
		t.Errorf("cto row %d because %q covered %v", cto.Row, cto.Because, cto.Covered)
	}
	// The trace lists every leaf evaluated, in order, with its position
	// in the file and its value; the not-branch is traced as its leaf.
	type step struct {
		ctx, expr string
		line      int
		value     bool
	}
	var got []step
	for _, s := range res.Trace {
		got = append(got, step{s.Context, s.Expr, s.Pos.Line, s.Value})
	}
	want := []step{
		{"rule builds", "product_driven", lineOf(scoringRules, "when: product_driven"), true},
		{"rule big", "employees >= 50", lineOf(scoringRules, "- employees >= 50"), true},
		{"rule big", "stage == 'early'", lineOf(scoringRules, "not: stage == 'early'"), false},
		{"rule regulated", "'hipaa' in compliance or len(compliance) >= 2", lineOf(scoringRules, "when: \"'hipaa'"), true},
		{"rule team", "engineers >= 10", lineOf(scoringRules, "when: engineers >= 10"), true},
		{"role cto covered_when", "engineers > 100", lineOf(scoringRules, "covered_when: engineers > 100"), false},
		{"decide cto row 1", "score >= 5", lineOf(scoringRules, "when: score >= 5"), true},
		{"decide cio row 1", "score >= 4", lineOf(scoringRules, "when: score >= 4"), true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trace:\n got %v\nwant %v", got, want)
	}
}

func TestEvaluateCoveredAndDeterministic(t *testing.T) {
	rs := mustLoad(t, levelsRules)
	p := profile(t, rs, map[string]any{"cto_need": "full", "has_cto": true})
	first, err := rs.Evaluate(p, EvalOptions{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	if !first.Roles[0].Covered || first.Roles[1].Covered {
		t.Errorf("covered cto %v cio %v, want true false", first.Roles[0].Covered, first.Roles[1].Covered)
	}
	for i := 0; i < 50; i++ {
		again, err := rs.Evaluate(p, EvalOptions{Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("evaluation %d differs from the first", i)
		}
	}
}

func TestEvaluateConcurrent(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	small := profile(t, rs, map[string]any{"employees": 5, "product_driven": false})
	large := profile(t, rs, map[string]any{"employees": 500, "product_driven": true, "engineers": 40})
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 200; i++ {
				p, want := small, "none"
				if (g+i)%2 == 0 {
					p, want = large, "cto+vcio"
				}
				res, err := rs.Evaluate(p, EvalOptions{})
				if err == nil && res.Label != want {
					err = &AnswerError{Question: "label", Message: res.Label + " != " + want}
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestRuntimeError(t *testing.T) {
	src := `
version: 1
sources: {s: {title: S, ref: "https://example.com"}}
questions:
  - {id: tags, type: multi, prompt: "Tags?", help: Tags., options: [{id: a, label: A}]}
roles:
  - {id: cto, title: CTO, fractional_title: vCTO, label: cto, fractional_label: vcto}
rules:
  - {id: first-tag, description: Reads a list item that may be missing., when: "tags[3] == 'a'", add: {cto: 1}, sources: [s]}
decide:
  cto: [{level: none, because: x}]
`
	rs := mustLoad(t, src)
	_, err := rs.Evaluate(profile(t, rs, nil), EvalOptions{})
	if err == nil {
		t.Fatal("want a runtime error for an index out of range")
	}
	// The position is that of "[" in tags[3], where expr reports it.
	want := fmt.Sprintf("test.yaml:9:%d: rule first-tag: index out of range: 3 (array length is 0)", strings.Index(lines(src)[8], "tags[3]")+5)
	if got := err.Error(); got != want {
		t.Errorf("error\n %q\nwant\n %q", got, want)
	}
}
