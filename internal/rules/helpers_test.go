package rules

import (
	"strings"
	"testing"
)

// mustLoad loads an inline rules file and fails the test on any error.
func mustLoad(t testing.TB, src string) *Ruleset {
	t.Helper()
	rs, _, err := Load("test.yaml", []byte(src))
	if err != nil {
		if le, ok := err.(*LoadError); ok {
			t.Fatalf("load: %s", render(le.Diagnostics))
		}
		t.Fatalf("load: %v", err)
	}
	return rs
}

// profile types raw answers and completes them, failing the test on error.
func profile(t testing.TB, rs *Ruleset, raw map[string]any) *Profile {
	t.Helper()
	a, err := rs.ParseAnswers(raw)
	if err != nil {
		t.Fatalf("ParseAnswers(%v): %v", raw, err)
	}
	p, err := rs.Complete(a)
	if err != nil {
		t.Fatalf("Complete(%v): %v", raw, err)
	}
	return p
}

// loadErrors loads src and returns its diagnostics, one Detail per line.
func loadErrors(t testing.TB, src string) string {
	t.Helper()
	_, _, err := Load("test.yaml", []byte(src))
	if err == nil {
		t.Fatalf("load succeeded, want errors")
	}
	le, ok := err.(*LoadError)
	if !ok {
		t.Fatalf("load returned %T: %v", err, err)
	}
	return strings.TrimSuffix(render(le.Diagnostics), "\n")
}

// levelsRules is a ruleset whose decide tables read the wanted levels from
// two choice questions, so every label can be produced directly.
const levelsRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - id: cto_need
    type: choice
    prompt: CTO level?
    help: Wanted CTO level.
    options: [{id: none, label: None}, {id: fractional, label: Fractional}, {id: full, label: Full}]
    default: none
  - id: cio_need
    type: choice
    prompt: CIO level?
    help: Wanted CIO level.
    options: [{id: none, label: None}, {id: fractional, label: Fractional}, {id: full, label: Full}]
    default: none
  - id: has_cto
    type: bool
    prompt: Has a CTO?
    help: An existing CTO.
    default: false
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto, covered_when: has_cto}
  - {id: cio, title: Chief Information Officer, fractional_title: Virtual CIO, label: cio, fractional_label: vcio}
rules:
  - {id: any-cto, description: Some CTO need., when: cto_need != 'none', add: {cto: 1}, sources: [s]}
decide:
  cto:
    - {when: cto_need == 'full', level: full-time, because: Full.}
    - {when: cto_need == 'fractional', level: fractional, because: Fractional.}
    - {level: none, because: None.}
  cio:
    - {when: cio_need == 'full', level: full-time, because: Full.}
    - {when: cio_need == 'fractional', level: fractional, because: Fractional.}
    - {level: none, because: None.}
`

// scoringRules is a small ruleset with weights, notes, disputes, a tree
// condition, ask_if and numeric thresholds.
const scoringRules = `
version: 1
sources:
  seed:001: {title: CTO vs CIO, ref: 001_24809007fe139f47.txt, kind: article}
  seed:003: {title: What is a CTO, ref: 003_f035a06ac6764cba.txt, kind: article}
questions:
  - {id: employees, type: int, prompt: "How many people?", help: Headcount., min: 1, max: 100000, required: true}
  - {id: product_driven, type: bool, prompt: "Do you build technology?", help: Products., required: true}
  - id: stage
    type: choice
    prompt: Stage?
    help: Stage.
    options: [{id: early, label: Early}, {id: scaling, label: Scaling}, {id: established, label: Established}]
    default: established
  - id: compliance
    type: multi
    prompt: Compliance?
    help: Frameworks.
    options: [{id: soc2, label: SOC 2}, {id: hipaa, label: HIPAA}]
  - {id: engineers, type: int, prompt: "Engineers?", help: Count., min: 0, default: 0, ask_if: product_driven}
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto, covered_when: engineers > 100}
  - {id: cio, title: Chief Information Officer, fractional_title: Virtual CIO, label: cio, fractional_label: vcio}
rules:
  - id: builds
    description: Builds technology.
    when: product_driven
    add: {cto: 3}
    notes: [The CTO reports to the CEO.]
    sources: [seed:001]
  - id: big
    description: Large and past the early stage.
    when:
      all:
        - employees >= 50
        - not: stage == 'early'
    add: {cio: 2, cto: 0.5}
    sources: [seed:001]
  - id: regulated
    description: Regulated data sits with the CIO.
    when: "'hipaa' in compliance or len(compliance) >= 2"
    add: {cio: 2}
    sources: [seed:001]
    disputed_by:
      - sources: [seed:003]
        view: Seed 003 gives compliance to the CTO.
  - {id: team, description: An engineering team., when: engineers >= 10, add: {cto: 2}, sources: [seed:001]}
decide:
  cto:
    - {when: score >= 5, level: full-time, because: Much technology.}
    - {when: score >= 3, level: fractional, because: Some technology.}
    - {level: none, because: Little technology.}
  cio:
    - {when: score >= 4, level: full-time, because: Much IT.}
    - {when: score >= 2 and scores.cto < 100, level: fractional, because: Some IT.}
    - {level: none, because: Little IT.}
`

// lines splits a source into its lines.
func lines(src string) []string { return strings.Split(src, "\n") }

// lineOf returns the 1-based line of src that contains sub.
func lineOf(src, sub string) int {
	for i, l := range lines(src) {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	panic("lineOf: " + sub + " not found")
}
