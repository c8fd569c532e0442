package rules

import (
	"fmt"
	"strings"
	"testing"
)

func TestCoverage(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	cases, err := LoadCases("cases.yaml", []byte(`
cases:
  - name: small software shop
    answers: {employees: 5, product_driven: true}
    expect: {label: vcto}
  - name: large firm
    answers: {employees: 500, product_driven: false, compliance: [hipaa]}
    expect: {label: cio}
  - name: broken
    answers: {employees: 5, product_driven: true, stage: nope}
    expect: {label: none}
`))
	if err != nil {
		t.Fatal(err)
	}
	cov := rs.NewCoverage()
	for _, r := range rs.RunCases(cases) {
		if r.Result != nil {
			cov.Add(r.Profile, r.Result)
		}
	}
	if cov.Evaluations != 2 {
		t.Errorf("Evaluations = %d, want 2: a case whose answers do not fit is not counted", cov.Evaluations)
	}
	var got []string
	for _, h := range cov.Rules {
		got = append(got, fmt.Sprintf("%s=%d", h.Rule.ID, h.Hits))
	}
	for _, h := range cov.Rows {
		got = append(got, fmt.Sprintf("%s/%d=%d@%d", h.Role.ID, h.Index+1, h.Hits, h.Row.Pos.Line))
	}
	for _, h := range cov.Options {
		got = append(got, fmt.Sprintf("%s:%s=%d", h.Question.ID, h.Option.ID, h.Hits))
	}
	want := "builds=1 big=1 regulated=1 team=0 " +
		"cto/1=0@" + fmt.Sprint(lineOf(scoringRules, "Much technology")) + " cto/2=1@" + fmt.Sprint(lineOf(scoringRules, "Some technology")) +
		" cto/3=1@" + fmt.Sprint(lineOf(scoringRules, "Little technology")) +
		" cio/1=1@" + fmt.Sprint(lineOf(scoringRules, "Much IT")) + " cio/2=0@" + fmt.Sprint(lineOf(scoringRules, "Some IT")) +
		" cio/3=1@" + fmt.Sprint(lineOf(scoringRules, "Little IT")) +
		" product_driven:true=1 product_driven:false=1 stage:early=0 stage:scaling=0 stage:established=2 compliance:soc2=0 compliance:hipaa=1"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("coverage:\n got %s\nwant %s", s, want)
	}
	if cov.RulesCovered() != 3 || cov.RowsCovered() != 4 || cov.OptionsCovered() != 4 {
		t.Errorf("covered = %d rules, %d rows, %d options; want 3, 4, 4", cov.RulesCovered(), cov.RowsCovered(), cov.OptionsCovered())
	}
	if p := cov.RowPercent(); p < 66.6 || p > 66.7 {
		t.Errorf("RowPercent = %v, want 66.67", p)
	}
	if p := rs.NewCoverage().RowPercent(); p != 0 {
		t.Errorf("RowPercent of no cases = %v, want 0", p)
	}
}
