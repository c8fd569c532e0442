package rules

import (
	"strings"
	"testing"
)

func TestRunCases(t *testing.T) {
	rs := mustLoad(t, levelsRules)
	cases, err := LoadCases("cases.yaml", []byte(`
cases:
  - name: nothing needed
    why: Neither role is wanted.
    answers: {cto_need: none}
    expect: {label: none}
  - name: wrong label
    answers: {cto_need: full, cio_need: fractional}
    expect: {label: both, levels: {cto: full-time, cio: full-time}}
  - name: levels only
    answers: {cio_need: full}
    expect: {levels: {cio: full-time, cto: none}}
  - name: bad answers
    answers: {cto_need: huge}
    expect: {label: none}
  - name: unknown role
    answers: {}
    expect: {levels: {cxo: none}}
`))
	if err != nil {
		t.Fatal(err)
	}
	results := rs.RunCases(cases)
	want := []struct {
		pass bool
		diff string
	}{
		{true, ""},
		{false, "label: want both, got cto+vcio; level of cio: want full-time, got fractional (score 0, decide row 2: Fractional.)"},
		{true, ""},
		{false, `bad answers: cto_need: "huge" is not an option; options: none, fractional, full`},
		{false, "level of cxo: no such role"},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, w := range want {
		if results[i].Pass != w.pass || results[i].Diff != w.diff {
			t.Errorf("case %q: pass %v diff %q; want %v %q", results[i].Case.Name, results[i].Pass, results[i].Diff, w.pass, w.diff)
		}
	}
}

func TestLoadCasesErrors(t *testing.T) {
	_, err := LoadCases("cases.yaml", []byte(`
cases:
  - name: a
    answers: {x: 1}
    expect: {label: none, levles: {}}
  - name: a
    answers: [1]
    expect: {levels: {cto: sometimes}}
  - answers: {}
`))
	if err == nil {
		t.Fatal("want errors")
	}
	got := render(err.(*LoadError).Diagnostics)
	want := `cases.yaml:5:27: cases[0]: expect: unknown key "levles" (did you mean "levels"?); allowed: label, levels
        expect: {label: none, levles: {}}
                              ^
cases.yaml:6:11: duplicate case name "a" (first at line 3)
      - name: a
              ^
cases.yaml:7:14: cases[1]: answers must be a mapping, not a list
        answers: [1]
                 ^
cases.yaml:8:28: cases[1]: unknown level "sometimes"; allowed: none, fractional, full-time
        expect: {levels: {cto: sometimes}}
                               ^
cases.yaml:9:5: cases[2]: missing "name"
      - answers: {}
        ^
cases.yaml:9:5: cases[2]: missing "expect"
      - answers: {}
        ^
`
	if got != want {
		t.Errorf("diagnostics\n--- got\n%s--- want\n%s", got, want)
	}
	if _, err := LoadCases("empty.yaml", []byte("")); err == nil || !strings.Contains(err.Error(), "case file is empty") {
		t.Errorf("empty case file: %v", err)
	}
}

func TestCheckCases(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	cases, err := LoadCases("book.yaml", []byte(`
cases:
  - name: fine
    answers: {employees: 5, product_driven: false}
    expect: {label: none}
  - name: typos
    answers: {employes: 5, product_driven: false, stage: erly}
    expect: {levels: {cfo: none}}
  - name: missing
    answers: {stage: early}
    expect: {label: none}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := render(rs.CheckCases(cases))
	want := `book.yaml:7:15: case "typos": unknown question "employes" (did you mean "employees"?)
        answers: {employes: 5, product_driven: false, stage: erly}
                  ^
book.yaml:7:58: case "typos": stage: "erly" is not an option (did you mean "early"?); options: early, scaling, established
        answers: {employes: 5, product_driven: false, stage: erly}
                                                             ^
book.yaml:8:23: case "typos": unknown role "cfo" (did you mean "cto"?); declared roles: cto, cio
        expect: {levels: {cfo: none}}
                          ^
book.yaml:9:5: case "missing": missing required answers: employees, product_driven
      - name: missing
        ^
`
	if got != want {
		t.Errorf("diagnostics\n--- got\n%s--- want\n%s", got, want)
	}
}
