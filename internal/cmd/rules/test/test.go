// Package test is `orgadvisor rules test`: run casebooks against the
// active rules and report each case.
package test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// TestOptions is what `rules test` needs.
type TestOptions struct {
	IO        *iostreams.IOStreams
	Rules     func() (*rules.Ruleset, []rules.Diagnostic, error)
	RulesName string
	Files     []string
}

// NewCmdTest returns the `rules test` command.
func NewCmdTest(f *cmdutil.Factory, runF func(*TestOptions) error) *cobra.Command {
	opts := &TestOptions{IO: f.IOStreams, Rules: f.ActiveRules, RulesName: f.RulesName()}
	cmd := &cobra.Command{
		Use:   "test CASEFILE...",
		Short: "Run casebooks against the rules",
		Long: strings.TrimSpace(`
Run casebooks (docs/rules-format.md#casebooks) against the active rules: the
embedded rules, or --rules FILE. Each case prints a PASS or FAIL line with its
place; a closing line says how many passed and failed.

The binary embeds no casebooks: name them. The repository's own are in
testdata/cases.

Exit status: 0 when every case passes, 1 when one fails, 2 when a casebook or
the rules file is invalid.`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules test testdata/cases/*.yaml",
			"  $ orgadvisor rules test --rules my-rules.yaml my-cases.yaml",
		}, "\n"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.BadInputf("name the casebooks to run, such as `orgadvisor rules test testdata/cases/*.yaml`; none are embedded")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return testRun(opts)
		},
	}
	return cmd
}

func testRun(opts *TestOptions) error {
	rs, warnings, err := opts.Rules()
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(opts.IO.ErrOut, w.String())
	}
	// Every casebook is loaded and checked against the rules before any
	// case runs: a broken casebook (bad YAML, an unknown question, option
	// or role, a missing required answer) is bad input with every problem
	// at its place, as `rules check` prints them, not a failing case.
	type book struct {
		name  string
		cases []*rules.Case
	}
	var books []book
	var diags []rules.Diagnostic
	for _, path := range opts.Files {
		src, err := rules.ReadFile(path, "casebook")
		if err != nil {
			return cmdutil.BadInput(err)
		}
		cases, err := rules.LoadCases(path, src)
		var le *rules.LoadError
		switch {
		case errors.As(err, &le):
			diags = append(diags, le.Diagnostics...)
			continue
		case err != nil:
			return cmdutil.BadInput(err)
		}
		diags = append(diags, rs.CheckCases(cases)...)
		books = append(books, book{path, cases})
	}
	if len(diags) > 0 {
		cmdutil.WriteDiagnostics(opts.IO.ErrOut, diags)
		return cmdutil.BadInputf("%s in the casebooks; no case was run", cmdutil.Count(len(diags), "error"))
	}
	cs := opts.IO.ColorScheme()
	var b strings.Builder
	passed, failed := 0, 0
	for _, bk := range books {
		for _, r := range rs.RunCases(bk.cases) {
			where := fmt.Sprintf("%s:%d", bk.name, r.Case.Pos.Line)
			if r.Pass {
				passed++
				fmt.Fprintf(&b, "%s  %s  %s\n", cs.Green("PASS"), cs.Gray(where), r.Case.Name)
				continue
			}
			failed++
			fmt.Fprintf(&b, "%s  %s  %s: %s\n", cs.Red("FAIL"), where, r.Case.Name, r.Diff)
			if r.Case.Why != "" {
				fmt.Fprintf(&b, "      %s\n", cs.Gray("why: "+r.Case.Why))
			}
		}
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
	if _, err := io.WriteString(opts.IO.Out, b.String()); err != nil {
		return err
	}
	if failed > 0 {
		return cmdutil.ErrSilent
	}
	return nil
}
