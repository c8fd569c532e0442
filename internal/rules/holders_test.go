package rules

import (
	"strings"
	"testing"
)

// holdersRules has a role covered by its title-holder or by a founder, with a
// candidate who could grow into it, and rules that cite with quotes or rest
// on judgement.
const holdersRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - {id: need, type: int, prompt: Need, help: h, min: 0, required: true}
  - {id: lead, type: bool, prompt: Lead, help: h, default: false}
  - {id: founder, type: bool, prompt: Founder, help: h, default: false}
  - {id: deputy, type: bool, prompt: Deputy, help: h, default: false}
roles:
  - id: cto
    title: Chief Technology Officer
    fractional_title: Virtual CTO
    label: cto
    fractional_label: vcto
    covered_by:
      - when: lead
      - when: founder
        who: your technical founder
    candidates:
      - when: deputy
        who: your head of engineering
rules:
  - id: need
    description: The need.
    when: need > 0
    add: {cto: 1}
    sources:
      - {id: s, quote: "a passage"}
  - id: big
    description: A big need.
    when: need > 5
    add: {cto: 5}
    basis: judgement
decide:
  cto:
    - when: score >= 6
      level: full-time
      because: Full.
    - when: score >= 1
      level: fractional
      because: Part.
    - level: none
      because: None.
`

func TestCoveredByAndCandidates(t *testing.T) {
	rs := mustLoad(t, holdersRules)
	tests := []struct {
		raw                  map[string]any
		level                Level
		covered              bool
		coveredBy, candidate string
	}{
		{map[string]any{"need": 9}, LevelFullTime, false, "", ""},
		{map[string]any{"need": 9, "lead": true}, LevelFullTime, true, "", ""},
		{map[string]any{"need": 9, "founder": true}, LevelFullTime, true, "your technical founder", ""},
		// The title-holder comes first: the founder is not named.
		{map[string]any{"need": 9, "lead": true, "founder": true}, LevelFullTime, true, "", ""},
		{map[string]any{"need": 9, "deputy": true}, LevelFullTime, false, "", "your head of engineering"},
		{map[string]any{"need": 2, "deputy": true}, LevelFractional, false, "", "your head of engineering"},
		// No need, no candidate; a covered role names no candidate.
		{map[string]any{"need": 0, "deputy": true}, LevelNone, false, "", ""},
		{map[string]any{"need": 9, "founder": true, "deputy": true}, LevelFullTime, true, "your technical founder", ""},
	}
	for _, tt := range tests {
		for _, trace := range []bool{false, true} {
			res, err := rs.Evaluate(profile(t, rs, tt.raw), EvalOptions{Trace: trace})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Roles[0]
			if r.Level != tt.level || r.Covered != tt.covered || r.CoveredBy != tt.coveredBy || r.Candidate != tt.candidate {
				t.Errorf("%v (trace %t): level %s covered %t by %q candidate %q; want %s %t %q %q",
					tt.raw, trace, r.Level, r.Covered, r.CoveredBy, r.Candidate, tt.level, tt.covered, tt.coveredBy, tt.candidate)
			}
		}
	}
}

func TestCitationsAndBasis(t *testing.T) {
	rs := mustLoad(t, holdersRules)
	need, big := rs.Rules[0], rs.Rules[1]
	if len(need.Citations) != 1 || need.Citations[0] != (Citation{Source: "s", Quote: "a passage"}) {
		t.Errorf("citations %+v", need.Citations)
	}
	if strings.Join(need.Sources, ",") != "s" || need.Basis != "" {
		t.Errorf("need: sources %v basis %q", need.Sources, need.Basis)
	}
	if len(big.Sources) != 0 || big.Basis != BasisJudgement {
		t.Errorf("big: sources %v basis %q", big.Sources, big.Basis)
	}
}

func TestHolderAndCitationErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"covered_when with covered_by", "    covered_by:\n", "    covered_when: lead\n    covered_by:\n",
			"test.yaml:17:5: role cto: give covered_when or covered_by, not both"},
		{"candidate without who", "      - when: deputy\n        who: your head of engineering\n", "      - when: deputy\n",
			`test.yaml:21:9: role cto: candidates[0]: missing "who"`},
		{"holder without when", "      - when: lead\n", "      - who: someone\n",
			`test.yaml:17:9: role cto: covered_by[0]: missing "when"`},
		{"unknown basis", "    basis: judgement\n", "    basis: hunch\n",
			`test.yaml:34:12: rule big: unknown basis "hunch"; allowed: judgement`},
		{"neither sources nor basis", "    basis: judgement\n", "",
			`test.yaml:30:5: rule big: missing "sources": cite at least one, or say ` + "`basis: judgement`"},
		{"empty sources with basis", "    basis: judgement\n", "    basis: judgement\n    sources: []\n",
			"test.yaml:35:14: rule big: cite at least one source, or leave sources out and say `basis: judgement`"},
		{"quote without id", `      - {id: s, quote: "a passage"}`, `      - {quote: "a passage"}`,
			`test.yaml:29:9: rule need: sources[0]: missing "id"`},
		{"unknown key in a citation", `      - {id: s, quote: "a passage"}`, `      - {id: s, qoute: "a passage"}`,
			`test.yaml:29:17: rule need: sources[0]: unknown key "qoute" (did you mean "quote"?); allowed: id, quote`},
		{"unknown source in a citation", `      - {id: s, quote: "a passage"}`, `      - {id: t, quote: "a passage"}`,
			`test.yaml:29:14: unknown source "t" (did you mean "s"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(holdersRules, tt.old, tt.new, 1)
			if src == holdersRules {
				t.Fatalf("the replacement does not apply")
			}
			got := loadErrors(t, src)
			first := strings.SplitN(got, "\n", 2)[0]
			if !strings.Contains(got, tt.want) {
				t.Errorf("errors:\n%s\nwant a line %q (first: %q)", got, tt.want, first)
			}
		})
	}
}

// A candidate's condition that fails as it runs is reported with its place
// and the role it belongs to, like any condition.
func TestCandidateRuntimeError(t *testing.T) {
	src := strings.Replace(holdersRules, "  - {id: deputy, type: bool, prompt: Deputy, help: h, default: false}\n",
		"  - {id: deputy, type: bool, prompt: Deputy, help: h, default: false}\n"+
			"  - {id: tools, type: multi, prompt: Tools, help: h, options: [{id: a, label: A}, {id: b, label: B}]}\n", 1)
	src = strings.Replace(src, "      - when: deputy\n", "      - when: tools[1] == 'b'\n", 1)
	rs := mustLoad(t, src)
	_, err := rs.Evaluate(profile(t, rs, map[string]any{"need": 9, "tools": []any{"a"}}), EvalOptions{})
	want := "test.yaml:22:20: role cto candidates: index out of range: 1 (array length is 1)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v; want %s", err, want)
	}
}
