package batch

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestPopulationLooksReal(t *testing.T) {
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	pop, err := NewPopulation(1, rs)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4000
	var heads []int
	small, revenueOK, revenueGiven, builders, engOK := 0, 0, 0, 0, 0
	for range n {
		raw := pop.Answers()
		a, err := rs.ParseAnswers(raw)
		if err != nil {
			t.Fatalf("answers do not fit the rules: %v (%v)", err, raw)
		}
		if _, err := rs.Complete(a); err != nil {
			t.Fatalf("answers do not complete: %v (%v)", err, raw)
		}
		h := raw["employees"].(int)
		heads = append(heads, h)
		if h < 50 {
			small++
		}
		if raw["product_driven"].(bool) {
			builders++
			e := raw["engineers"].(int)
			if float64(e) >= 0.1*float64(h)-0.5 && float64(e) <= 0.5*float64(h)+0.5 {
				engOK++
			}
		}
		if r := raw["revenue"].(string); r != "unknown" {
			revenueGiven++
			// $50k-500k a head: a 20-person firm makes $1-10m.
			want := map[string][2]int{"under-1m": {1, 20}, "1m-10m": {2, 200}, "10m-50m": {20, 1000}, "50m-250m": {100, 5000}, "250m-1b": {500, 20000}, "over-1b": {2000, 100000}}[r]
			if h >= want[0] && h <= want[1] {
				revenueOK++
			}
		}
	}
	sort.Ints(heads)
	// Log-uniform from 1 to 100,000: the median is near 316, a third are
	// under 50, and the largest are near 100,000.
	if med := heads[n/2]; med < 150 || med > 700 {
		t.Errorf("median headcount %d, want about 316", med)
	}
	if small < n/4 || small > n/2 {
		t.Errorf("%d of %d under 50 staff, want about a third", small, n)
	}
	if heads[0] < 1 || heads[n-1] < 50_000 || heads[n-1] > 100_000 {
		t.Errorf("headcount from %d to %d, want 1 to 100,000", heads[0], heads[n-1])
	}
	if builders < n/4 || builders > n/2 {
		t.Errorf("%d of %d build technology, want about 35%%", builders, n)
	}
	if engOK != builders {
		t.Errorf("%d of %d product companies have 10-50%% engineers", engOK, builders)
	}
	if revenueGiven < n*8/10 || revenueOK != revenueGiven {
		t.Errorf("revenue consistent with headcount in %d of %d given (%d of %d profiles)", revenueOK, revenueGiven, revenueGiven, n)
	}
}

func TestPopulationFitsEveryRuleset(t *testing.T) {
	load := func(src string) *rules.Ruleset {
		rs, _, err := rules.Load("test.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	const head = "version: 1\nsources: {s: {title: S, ref: s}}\nroles: [{id: r, title: R, fractional_title: FR, label: r, fractional_label: fr}]\nrules: []\ndecide: {r: [{level: none, because: N.}]}\nquestions:\n"
	a := load(head + `
  - {id: employees, type: int, prompt: P, help: H, min: 1, max: 500, required: true}
  - {id: sector, type: choice, prompt: P, help: H, options: [{id: a, label: A}, {id: b, label: B}], default: a}
  - {id: kind, type: bool, prompt: P, help: H, default: false}
`)
	b := load(head + `
  - {id: employees, type: int, prompt: P, help: H, min: 10, max: 100000, required: true}
  - {id: sector, type: choice, prompt: P, help: H, options: [{id: b, label: B}, {id: c, label: C}], default: c}
  - {id: kind, type: choice, prompt: P, help: H, options: [{id: x, label: X}], default: x}
`)
	pop, err := NewPopulation(3, a, b)
	if err != nil {
		t.Fatal(err)
	}
	for range 500 {
		raw := pop.Answers()
		if e := raw["employees"].(int); e < 10 || e > 500 {
			t.Fatalf("employees %d outside both files' bounds, 10 to 500", e)
		}
		if s, ok := raw["sector"]; ok && s != "b" {
			t.Fatalf("sector %v: only b is an option of both", s)
		}
		if _, ok := raw["kind"]; ok {
			t.Fatalf("kind answered %v: a bool in one file and a choice in the other fits neither", raw["kind"])
		}
	}
	// The same seed, the same population.
	p1, _ := NewPopulation(9, a, b)
	p2, _ := NewPopulation(9, a, b)
	for range 20 {
		if x, y := p1.Answers(), p2.Answers(); !reflect.DeepEqual(x, y) {
			t.Fatalf("same seed, different answers: %v, %v", x, y)
		}
	}
	// A required question that no answer fits is an error naming it.
	c := load(head + "  - {id: employees, type: int, prompt: P, help: H, min: 1000, required: true}\n")
	if _, err := NewPopulation(1, a, c); err == nil || err.Error() != "question employees: no answer fits every rules file compared, and one of them requires it" {
		t.Errorf("disjoint bounds: %v", err)
	}
}

// BenchmarkDiff10000 is `rules diff` on its default population: 10,000
// generated organisations, each evaluated by two rulesets (the embedded
// rules and a copy with one threshold moved). The figures are in
// docs/performance.md; no test asserts a time.
func BenchmarkDiff10000(b *testing.B) {
	old, err := orgadvisor.DefaultRules()
	if err != nil {
		b.Fatal(err)
	}
	src := strings.Replace(string(orgadvisor.DefaultRulesYAML), "employees >= 250", "employees >= 200", 1)
	new, _, err := rules.Load("new.yaml", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		pop, err := NewPopulation(1, old, new)
		if err != nil {
			b.Fatal(err)
		}
		orgs := make([]rules.Org, 10_000)
		for i := range orgs {
			orgs[i].Answers = pop.Answers()
		}
		c, err := rules.Compare(old, new, orgs, 3)
		if err != nil {
			b.Fatal(err)
		}
		if c.Changed == 0 {
			b.Fatal("no change found")
		}
	}
}
