package rules_test

import (
	"fmt"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

const exampleRules = `
version: 1
sources:
  seed:001: {title: "CTO vs CIO", ref: 001_24809007fe139f47.txt}
questions:
  - {id: employees, type: int, prompt: How many people work here, help: Headcount., min: 1, required: true}
  - {id: product_driven, type: bool, prompt: Do you build technology, help: Products., required: true}
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto}
rules:
  - {id: builds, description: Builds technology., when: product_driven, add: {cto: 2}, sources: ["seed:001"]}
  - {id: large, description: Large., when: employees >= 100, add: {cto: 1}, sources: ["seed:001"]}
decide:
  cto:
    - {when: score >= 3, level: full-time, because: A large technology company.}
    - {when: score >= 2, level: fractional, because: A small technology company.}
    - {level: none, because: Not a technology company.}
`

// Load a rules file, type the answers, evaluate them and explain.
func Example() {
	rs, _, err := rules.Load("example.yaml", []byte(exampleRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	answers, err := rs.ParseAnswers(map[string]any{"employees": "40", "product_driven": true})
	if err != nil {
		fmt.Println(err)
		return
	}
	profile, err := rs.Complete(answers)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rs.Evaluate(profile, rules.EvalOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cto := res.Roles[0]
	fmt.Println(res.Label, cto.Score, cto.Level, cto.Because)
	// Output: vcto 2 fractional A small technology company.
}

// Load reports every problem in a file at once, each at its position.
func ExampleLoad() {
	_, _, err := rules.Load("bad.yaml", []byte(`
version: 1
sources: {s: {title: S, ref: "https://example.com"}}
questions:
  - {id: employees, type: int, prompt: Headcount, help: People., required: true}
roles:
  - {id: cto, title: CTO, fractional_title: vCTO, label: cto, fractional_label: vcto}
rules:
  - {id: big, description: Big., when: employes >= 50, add: {cto: 1}, sources: [s]}
decide:
  cto: [{level: none, because: Always.}]
`))
	for _, d := range err.(*rules.LoadError).Diagnostics {
		fmt.Println(d.Detail())
	}
	// Output:
	// bad.yaml:9:40: rule big: when: unknown name "employes" (did you mean "employees"?)
	//       - {id: big, description: Big., when: employes >= 50, add: {cto: 1}, sources: [s]}
	//                                            ^
}

// WhatIf lists the single-answer changes that change the recommendation.
func ExampleRuleset_WhatIf() {
	rs, _, _ := rules.Load("example.yaml", []byte(exampleRules))
	answers, _ := rs.ParseAnswers(map[string]any{"employees": 40, "product_driven": true})
	profile, _ := rs.Complete(answers)
	changes, _ := rs.WhatIf(profile)
	for _, c := range changes {
		fmt.Printf("%s %v -> %v: %s\n", c.Question, c.From, c.To, c.Label)
	}
	// Output:
	// product_driven true -> false: none
	// employees 40 -> 100: cto
}

// Complete fills defaults and reports every missing required answer at once.
func ExampleRuleset_Complete() {
	rs, _, _ := rules.Load("example.yaml", []byte(exampleRules))
	_, err := rs.Complete(rules.Answers{})
	fmt.Println(err)
	// Output: missing required answers: employees, product_driven
}

// Sweep headcount from the organisation's own size upwards, holding its
// other answers: the growth path of a report ("as you grow").
func ExampleRuleset_Sweep() {
	rs, _, err := rules.Load("example.yaml", []byte(exampleRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	from := 40
	sw, err := rs.Sweep(rules.Answers{"employees": from, "product_driven": true}, rules.Vary{Question: "employees", From: &from})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("at %v: %s\n", sw.Start.Value, sw.Start.Result.Label)
	for _, c := range sw.Changes {
		fmt.Printf("at %v: %s -> %s", c.Value, c.PrevLabel, c.Result.Label)
		for _, l := range c.Levels {
			fmt.Printf(", %s %s -> %s", l.Role.Title, l.From, l.To)
		}
		for _, r := range c.Started {
			fmt.Printf(", because %s", r.Description)
		}
		fmt.Println()
	}
	// Output:
	// at 40: vcto
	// at 100: vcto -> cto, Chief Technology Officer fractional -> full-time, because Large.
}
