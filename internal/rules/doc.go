// Package rules is orgadvisor's rule engine. It turns a rules file (YAML, see
// docs/rules-format.md) and a set of answers into a recommendation that can
// explain itself.
//
// The engine works in stages, each with its own types:
//
//	parse   YAML bytes -> file model with a position on every node (parse.go, load.go)
//	check   static checks over the model and every expression (check.go, bounds.go)
//	compile expressions -> expr programs, once, as they are checked (check.go)
//	run     Answers -> Result, deterministic, many times (evaluate.go, and
//	        plan.go, which turns the simple leaves into Go functions on first use)
//
// Load does the first three and returns a Ruleset, or every problem in the file
// at once. The package is a pure library: it never touches the terminal,
// flags or prompts.
package rules
