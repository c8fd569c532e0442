package rules

import (
	"fmt"
	"strings"
	"testing"
)

func TestWhatIf(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	// cto: builds 3 + big 0.5 = 3.5 -> fractional; cio: big 2 -> fractional.
	p := profile(t, rs, map[string]any{"employees": 60, "product_driven": true, "engineers": 5})
	changes, err := rs.WhatIf(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, fmt.Sprintf("%s %v->%v %s", c.Question, c.From, c.To, c.Label))
	}
	want := []string{
		// employees: 49 drops "big" (cto 3 fractional, cio 0 none);
		// distance 11/60.
		"employees 60->49 vcto",
		// Distance 1 each, in question order:
		// product_driven false: cto 0.5.
		"product_driven true->false vcio",
		// compliance: hipaa adds 2 to the cio (4: full-time).
		"compliance []->[hipaa] vcto+cio",
		// engineers: 10 adds "team" (cto 5.5 full-time); 5/5.
		"engineers 5->10 cto+vcio",
		// stage early (2 steps away) turns "big" off.
		"stage established->early vcto",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("what-if\n got %q\nwant %q", got, want)
	}
}

func TestWhatIfSkipsQuestionsNotAsked(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	p := profile(t, rs, map[string]any{"employees": 60, "product_driven": false})
	changes, err := rs.WhatIf(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Question == "engineers" {
			t.Errorf("engineers is not asked when product_driven is false, but what-if changed it: %+v", c)
		}
	}
	if len(changes) == 0 {
		t.Error("want some changes (product_driven, compliance)")
	}
}

func TestWhatIfNumericBoundaries(t *testing.T) {
	rs := mustLoad(t, levelsRules)
	if len(rs.boundaries) != 0 {
		t.Errorf("levelsRules compares no numbers, boundaries %v", rs.boundaries)
	}
	rs = mustLoad(t, scoringRules)
	want := map[string][]int{"employees": {49, 50, 51}, "engineers": {9, 10, 11, 99, 100, 101}}
	if fmt.Sprint(rs.boundaries) != fmt.Sprint(want) {
		t.Errorf("boundaries %v, want %v", rs.boundaries, want)
	}
}

// A what-if change to a question that gates later questions re-applies
// their ask_if, as Complete does: the label claimed is the label the
// changed answers really get.
func TestWhatIfReappliesAskIf(t *testing.T) {
	rs := mustLoad(t, `
version: 1
sources: {s: {title: S, ref: "https://example.com"}}
questions:
  - {id: builds, type: bool, prompt: Builds, help: H., default: false}
  - {id: devs, type: int, prompt: Devs, help: H., default: 0, ask_if: builds}
roles:
  - {id: cto, title: CTO, fractional_title: vCTO, label: cto, fractional_label: vcto}
rules:
  - {id: builds, description: B., when: builds, add: {cto: 1}, sources: [s]}
  - {id: team, description: T., when: devs > 5, add: {cto: 3}, sources: [s]}
decide:
  cto:
    - {when: score >= 3, level: full-time, because: x}
    - {when: score >= 1, level: fractional, because: x}
    - {level: none, because: x}
`)
	p := profile(t, rs, map[string]any{"builds": true, "devs": 10})
	changes, err := rs.WhatIf(p)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		// Each claim must hold when the changed answers are completed
		// and evaluated from scratch.
		given := Answers{}
		for k, v := range p.Answers {
			given[k] = v
		}
		given[c.Question] = c.To
		q, err := rs.Complete(given)
		if err != nil {
			t.Fatal(err)
		}
		res, err := rs.Evaluate(q, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Label != c.Label {
			t.Errorf("what-if %s -> %v claims %s, but the changed answers get %s", c.Question, c.To, c.Label, res.Label)
		}
		if c.Question == "builds" && c.Label == "none" {
			found = true
		}
	}
	if !found {
		t.Errorf("want builds -> false to lead to none (devs no longer applies), got %+v", changes)
	}
}

// hostileWhatIfRules has as many what-if candidates as the limits allow
// choice questions to give: n questions of maxOptions options each.
func hostileWhatIfRules(n int) string {
	var opts []string
	for i := 0; i < maxOptions; i++ {
		opts = append(opts, fmt.Sprintf("{id: o%d, label: O}", i))
	}
	var qs, reads []string
	for i := 0; i < n; i++ {
		qs = append(qs, fmt.Sprintf("  - {id: q%d, type: choice, prompt: P, help: H, default: o500, options: [%s]}", i, strings.Join(opts, ", ")))
		reads = append(reads, fmt.Sprintf("q%d == 'o499'", i))
	}
	return `version: 1
sources: {s: {title: S, ref: s.txt}}
questions:
` + strings.Join(qs, "\n") + `
roles:
  - {id: boss, title: B, fractional_title: P, label: boss, fractional_label: pboss}
rules:
  - {id: r, description: D, add: {boss: 1}, sources: [s], when: "` + strings.Join(reads, " or ") + `"}
decide:
  boss:
    - {when: score >= 1, level: full-time, because: B}
    - {level: none, because: S}
`
}

// What-if made one evaluation per candidate: 18 questions of 1,000
// options made advise take 31 s. The search now stops at maxWhatIfTrials,
// shares them among the questions nearest change first, and says that it
// stopped.
func TestWhatIfCapsTrials(t *testing.T) {
	rs := mustLoad(t, hostileWhatIfRules(18))
	p := profile(t, rs, map[string]any{})
	res, err := rs.WhatIfSearch(p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Trials > maxWhatIfTrials || !res.Capped {
		t.Errorf("%d trials, capped %v; want at most %d, capped", res.Trials, res.Capped, maxWhatIfTrials)
	}
	// Each question still has its nearest change: o499, next to o500.
	if len(res.Changes) != 18 {
		t.Errorf("%d changes, want one per question: %+v", len(res.Changes), res.Changes)
	}
	// A file within the cap is searched whole, and says so.
	rs = mustLoad(t, scoringRules)
	res, err = rs.WhatIfSearch(profile(t, rs, map[string]any{"employees": 60, "product_driven": true, "engineers": 5}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Capped || res.Trials == 0 || res.Trials > 20 {
		t.Errorf("small file: %d trials, capped %v", res.Trials, res.Capped)
	}
}
