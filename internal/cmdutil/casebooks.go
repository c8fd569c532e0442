package cmdutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// LoadCasebooks reads casebooks and checks every case against each of the
// rulesets, before anything runs. A broken casebook (bad YAML, an unknown
// question, option or role, a missing required answer) is bad input: every
// problem is printed to errOut at its place, as `rules check` prints them,
// and the error counts them. The cases are returned in file order.
func LoadCasebooks(errOut io.Writer, files []string, rss ...*rules.Ruleset) ([]*rules.Case, error) {
	var all []*rules.Case
	var diags []rules.Diagnostic
	for _, path := range files {
		src, err := rules.ReadFile(path, "casebook")
		if err != nil {
			return nil, BadInput(err)
		}
		cases, err := rules.LoadCases(path, src)
		var le *rules.LoadError
		switch {
		case errors.As(err, &le):
			diags = append(diags, le.Diagnostics...)
			continue
		case err != nil:
			return nil, BadInput(err)
		}
		for i, rs := range rss {
			// A problem found with both rulesets is printed once.
			for _, d := range rs.CheckCases(cases) {
				if i == 0 || !containsDiagnostic(diags, d) {
					diags = append(diags, d)
				}
			}
		}
		all = append(all, cases...)
	}
	if len(diags) > 0 {
		for _, d := range diags {
			fmt.Fprintln(errOut, d.Detail())
		}
		return nil, BadInputf("%s in the casebooks; no case was run", text.Count(len(diags), "error"))
	}
	return all, nil
}

func containsDiagnostic(ds []rules.Diagnostic, d rules.Diagnostic) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}
