// Package test is `orgadvisor rules test`: run casebooks against the
// active rules and report each case.
package test

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// TestOptions is what `rules test` needs.
type TestOptions struct {
	IO        *iostreams.IOStreams
	Rules     func() (*rules.Ruleset, []rules.Diagnostic, error)
	RulesName string
	Files     []string
	// Coverage adds a coverage report; MinCoverage (a percentage, or -1
	// when not given) fails the run when fewer decide rows are covered.
	Coverage    bool
	MinCoverage float64
	// Output is text or json.
	Output string
}

// Schema is the schema of `rules test -o json`.
const Schema = "orgadvisor/test/v1"

// NewCmdTest returns the `rules test` command.
func NewCmdTest(f *cmdutil.Factory, runF func(*TestOptions) error) *cobra.Command {
	opts := &TestOptions{IO: f.IOStreams, Rules: f.ActiveRules, RulesName: f.RulesName(), MinCoverage: -1}
	cmd := &cobra.Command{
		Use:   "test CASEFILE...",
		Short: "Run casebooks against the rules, and measure what they cover",
		Long: strings.TrimSpace(`
Run casebooks (docs/rules-format.md#casebooks) against the active rules: the
embedded rules, or --rules FILE. Each case prints a PASS or FAIL line with its
place; a closing line says how many passed and failed.

--coverage then says what the cases exercise: how many cases fired each rule
and chose each decide row, which rules and rows no case reaches (at their
file:line:col, to add a case for), and which options of each question no case
uses. Decide-row coverage is the figure to watch: a row no case reaches is
advice nobody has checked. --min-coverage P fails the run (exit 1) when it is
below P percent, for CI.

The binary embeds no casebooks: name them. The repository's own are in
testdata/cases.

Exit status: 0 when every case passes (and coverage is at least
--min-coverage), 1 when a case fails or coverage is too low, 2 when a casebook
or the rules file is invalid.`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules test testdata/cases/*.yaml",
			"  $ orgadvisor rules test --rules my-rules.yaml my-cases.yaml",
			"",
			"  # What the cases reach, and what they miss",
			"  $ orgadvisor rules test --coverage testdata/cases/*.yaml",
			"",
			"  # In CI: fail unless every decide row is reached",
			"  $ orgadvisor rules test --min-coverage 100 testdata/cases/*.yaml",
			"",
			"  # The rows no case reaches, for a script",
			"  $ orgadvisor rules test --coverage -o json my-cases.yaml |",
			"    jq -r '.coverage.unreached[]'",
		}, "\n"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.BadInputf("name the casebooks to run, such as `orgadvisor rules test testdata/cases/*.yaml`; none are embedded")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				if a == "" {
					return cmdutil.EmptyFileName("a CASEFILE argument", "")
				}
			}
			opts.Files = args
			if _, err := cmdutil.OutputFormat(opts.Output, "`--output`", true, false, []string{"text", "json"}); err != nil {
				return err
			}
			if cmd.Flags().Changed("min-coverage") {
				if opts.MinCoverage < 0 || opts.MinCoverage > 100 {
					return cmdutil.BadInputf("`--min-coverage`: %g is not a percentage from 0 to 100", opts.MinCoverage)
				}
				opts.Coverage = true
			} else {
				opts.MinCoverage = -1
			}
			if runF != nil {
				return runF(opts)
			}
			return testRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Coverage, "coverage", false, "report what the cases cover: rules fired, decide rows chosen, options used")
	cmd.Flags().Float64Var(&opts.MinCoverage, "min-coverage", 0, "fail (exit 1) when the cases reach fewer than `percent` of the decide rows (implies --coverage)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `format`: text or json")
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
	// case runs: a broken casebook is bad input, not a failing case.
	cases, err := cmdutil.LoadCasebooks(opts.IO.ErrOut, opts.Files, rs)
	if err != nil {
		return err
	}
	var results []rules.CaseResult
	cov := rs.NewCoverage()
	for _, r := range rs.RunCases(cases) {
		results = append(results, r)
		if r.Result != nil {
			cov.Add(r.Profile, r.Result)
		}
	}
	if !opts.Coverage {
		cov = nil
	}
	var b strings.Builder
	if opts.Output == "json" {
		data, err := encode.JSON(newReport(opts.RulesName, results, cov))
		if err != nil {
			return err
		}
		b.Write(data)
	} else {
		writeText(&b, results, cov, opts.RulesName, opts.IO.ColorScheme())
	}
	if _, err := io.WriteString(opts.IO.Out, b.String()); err != nil {
		return err
	}
	for _, r := range results {
		if !r.Pass {
			return cmdutil.ErrSilent
		}
	}
	if cov != nil && opts.MinCoverage >= 0 && cov.RowPercent() < opts.MinCoverage {
		return fmt.Errorf("the cases reach %s of the decide rows (%d of %d), below `--min-coverage` %g%%",
			percent(cov.RowPercent()), cov.RowsCovered(), len(cov.Rows), opts.MinCoverage)
	}
	return nil
}
