// Package check is `orgadvisor rules check`: load a rules file and report
// every error and warning at its place.
package check

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// Schema is the schema of `rules check -o json`.
const Schema = "orgadvisor/check/v1"

// CheckOptions is what `rules check` needs.
type CheckOptions struct {
	IO *iostreams.IOStreams
	// File is the rules file to check, "-" for standard input; "" checks
	// the active rules (the embedded ones unless --rules, ORGADVISOR_RULES
	// or the config file names a file).
	File   string
	Strict bool
	Output string
}

// NewCmdCheck returns the `rules check` command.
func NewCmdCheck(f *cmdutil.Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Check a rules file and report every error and warning",
		Long: strings.TrimSpace(`
Load and check a rules file: strict YAML, types, references, expressions and
decide tables (docs/rules-format.md). Every error and warning is printed as
file:line:col: message, with the line and a caret under the place.

A FILE of - reads the rules from standard input, which the messages name
"standard input". Without FILE it checks the active rules: --rules FILE,
ORGADVISOR_RULES or the config file's rules, else the embedded rules.

Exit status: 0 when the file loads (warnings allowed), 1 when it has warnings
and --strict is given, 2 when it has errors.`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules check my-rules.yaml",
			"  $ orgadvisor rules check --strict my-rules.yaml",
			"  $ git show HEAD:rules.yaml | orgadvisor rules check -",
			"  $ orgadvisor rules check",
		}, "\n"),
		Args: cmdutil.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if args[0] == "" {
					return cmdutil.EmptyFileName("the FILE argument", "leave it out to check the active rules")
				}
				opts.File = args[0]
			} else {
				opts.File = f.RulesPath
			}
			if _, err := cmdutil.OutputFormat(opts.Output, "`--output`", true, false, []string{"text", "json"}); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "fail (exit 1) on warnings too")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `format`: text or json")
	return cmd
}

// Result is the JSON of `rules check`.
type Result struct {
	Schema      string             `json:"schema"`
	File        string             `json:"file"`
	OK          bool               `json:"ok"`
	Errors      int                `json:"errors"`
	Warnings    int                `json:"warnings"`
	Diagnostics []rules.Diagnostic `json:"diagnostics"`
}

func checkRun(opts *CheckOptions) error {
	name := opts.File
	var rs *rules.Ruleset
	var diags []rules.Diagnostic
	var err error
	if name == "" {
		name = orgadvisor.DefaultRulesName
		rs, diags, err = rules.Load(name, orgadvisor.DefaultRulesYAML)
	} else {
		var src []byte
		if name, src, err = rules.ReadInput(name, "rules file", opts.IO.In); err != nil {
			return cmdutil.BadInput(err)
		}
		rs, diags, err = rules.Load(name, src)
	}
	var le *rules.LoadError
	if err != nil {
		if !errors.As(err, &le) {
			return cmdutil.BadInput(err)
		}
		diags = le.Diagnostics
	}
	res := Result{Schema: Schema, File: name, Diagnostics: diags}
	if res.Diagnostics == nil {
		res.Diagnostics = []rules.Diagnostic{}
	}
	for _, d := range diags {
		if d.Severity == rules.SeverityError {
			res.Errors++
		} else {
			res.Warnings++
		}
	}
	res.OK = res.Errors == 0 && (!opts.Strict || res.Warnings == 0)

	var b strings.Builder
	if opts.Output == "json" {
		data, err := encode.JSON(res)
		if err != nil {
			return err
		}
		b.Write(data)
	} else {
		writeText(&b, res, rs, opts.Strict, opts.IO.ColorScheme())
	}
	if _, err := io.WriteString(opts.IO.Out, b.String()); err != nil {
		return err
	}
	switch {
	case res.Errors > 0:
		return cmdutil.SilentBadInput()
	case opts.Strict && res.Warnings > 0:
		return cmdutil.ErrSilent
	}
	return nil
}

func writeText(w io.Writer, res Result, rs *rules.Ruleset, strict bool, cs *iostreams.ColorScheme) {
	cmdutil.WriteDiagnostics(w, res.Diagnostics)
	if res.Errors > 0 {
		fmt.Fprintf(w, "%s: %s, %s\n", res.File, cs.Red(text.Count(res.Errors, "error")), text.Count(res.Warnings, "warning"))
		return
	}
	verdict := "ok"
	if strict && res.Warnings > 0 {
		verdict = cs.Red("failed (warnings with --strict)")
	}
	summary := fmt.Sprintf("%s: %s: version %d, %s, %s, %s, %s",
		res.File, verdict, rs.Version, text.Count(len(rs.Questions), "question"), text.Count(len(rs.Roles), "role"),
		text.Count(len(rs.Rules), "rule"), text.Count(len(rs.Sources), "source"))
	if res.Warnings > 0 {
		summary += ", " + cs.Yellow(text.Count(res.Warnings, "warning"))
	}
	fmt.Fprintln(w, summary)
}
