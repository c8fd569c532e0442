// Package advise is `orgadvisor advise`: it collects the answers (flags,
// environment, an answers file, the config file, prompts at a terminal),
// evaluates the rules and prints the recommendation.
package advise

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/prompter"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// AdviseOptions is everything `advise` needs, gathered from the command
// line, the environment and the config file by the command's RunE.
type AdviseOptions struct {
	IO *iostreams.IOStreams
	// Rules are the active rules; RulesName names them in the report
	// ("embedded" or the path).
	Rules     *rules.Ruleset
	RulesName string
	// Warnings are the rules file's warnings, shown on standard error.
	Warnings []rules.Diagnostic

	// The answers, lowest precedence first: the config file's `answers:`,
	// the `--answers` file (read by adviseRun), the ORGADVISOR_<QUESTION>
	// variables and the question flags.
	ConfigAnswers []answers.Raw
	AnswersFile   string
	EnvAnswers    []answers.Raw
	FlagAnswers   []answers.Raw

	// SaveAnswers is the file to write the answers used to, or "".
	SaveAnswers string
	// Output is the output format (text, json, yaml, markdown or html) and the
	// `--jq` filter.
	Output  *cmdutil.OutputFlags
	Explain bool

	// Prompter asks the questions when prompting is allowed; nil uses the
	// terminal prompter.
	Prompter advisor.Prompter
}

// NewCmdAdvise returns the `advise` command with one flag per question of
// the active rules. runF replaces the real run in tests.
func NewCmdAdvise(f *cmdutil.Factory, runF func(*AdviseOptions) error) *cobra.Command {
	opts := &AdviseOptions{IO: f.IOStreams, RulesName: f.RulesName()}
	rs, warnings, rulesErr := f.ActiveRules()
	opts.Rules, opts.Warnings = rs, warnings

	cmd := &cobra.Command{
		Use:   "advise [flags]",
		Short: "Recommend the technology leadership an organisation needs",
		Long: strings.TrimSpace(`
Recommend the technology leadership an organisation needs: a CTO, a CIO, both,
a fractional (virtual) CTO or CIO, or none yet, with the reasons, their sources
and what would change the answer.

Each question is an answer flag (below; "orgadvisor questions" explains them).
Answers also come from ORGADVISOR_<QUESTION> variables, the --answers file and
the config file, in that order of precedence. At a terminal the questions still
unanswered are asked; without one, or with --no-input, they take their defaults
and a missing required answer is an error (exit 2).`),
		Example: examples(rs),
		Args:    noArgs(rs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if rulesErr != nil {
				return rulesErr
			}
			if err := collect(cmd, f, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return adviseRun(opts)
		},
	}
	opts.Output = cmdutil.AddOutputFlags(cmd, advisor.Formats())
	cmd.Flags().BoolVar(&opts.Explain, "explain", false, "show every reason, every answer and the full trace of the rules")
	cmd.Flags().StringVar(&opts.AnswersFile, "answers", "", "read answers from a YAML or JSON `file` (- for standard input)")
	cmd.Flags().StringVar(&opts.SaveAnswers, "save-answers", "", "write the answers given to `file`, in the form --answers reads (atomically, unless a FIFO or device)")
	cmdutil.MarkFileFlag(cmd.Flags(), "answers", "`-` reads standard input", "yaml", "yml", "json")
	cmdutil.MarkFileFlag(cmd.Flags(), "save-answers", "", "yaml", "yml", "json")

	if rulesErr != nil {
		// The rules bring the answer flags; without them, let the flags
		// through so RunE reports the rules file instead of an unknown flag.
		cmd.FParseErrWhitelist.UnknownFlags = true
		cmd.Long += "\n\nThe answer flags are missing: the rules could not be loaded: " + rulesErr.Error()
		return cmd
	}
	qflags := cmdutil.AddAnswerFlags(cmd, rs)
	cmd.SetUsageFunc(cmdutil.AnswersUsageFunc(f, qflags))
	return cmd
}

// collect gathers the options from the flags, the environment and the
// config file, checking the settings.
func collect(cmd *cobra.Command, f *cmdutil.Factory, opts *AdviseOptions) error {
	cfg := f.Config
	if cfg == nil {
		cfg = config.Empty()
	}
	out := cfg.String(config.KeyOutput, cmd.Flags().Lookup("output"), advisor.FormatText)
	if err := opts.Output.Resolve(&out); err != nil {
		return err
	}
	opts.ConfigAnswers = cmdutil.ConfigAnswers(cfg, f, opts.Rules)
	opts.EnvAnswers = cmdutil.EnvAnswers(opts.Rules)
	opts.FlagAnswers = cmdutil.FlagAnswers(cmd, opts.Rules)
	return nil
}

func adviseRun(opts *AdviseOptions) error {
	rs := opts.Rules
	// Everything that can be refused is refused before any question is
	// asked: the output file, the jq expression, the answers given.
	if opts.SaveAnswers == "-" {
		// Standard output carries the report; a file named "-" would
		// surprise whoever asked for standard output.
		return cmdutil.BadInputf("`--save-answers`: cannot write the answers to standard output, which carries the report; name a file")
	}
	if opts.SaveAnswers != "" {
		if err := cmdutil.CheckWritable(opts.SaveAnswers); err != nil {
			return cmdutil.BadInputf("`--save-answers`: %v", err)
		}
	}
	if err := opts.Output.Compile(); err != nil {
		return err
	}
	for _, w := range opts.Warnings {
		fmt.Fprintln(opts.IO.ErrOut, w.String())
	}

	req := advisor.Request{
		Answers: answers.Layers{
			Config: opts.ConfigAnswers, AnswersFile: opts.AnswersFile, Stdin: opts.IO.In,
			Env: opts.EnvAnswers, Flags: opts.FlagAnswers,
		},
		Options: advisor.Options{RulesPath: opts.RulesName, WhatIf: true, Growth: true, Trace: opts.Explain},
	}
	if opts.IO.CanPrompt() && opts.AnswersFile != "-" {
		req.Prompter, req.PromptOut = opts.Prompter, opts.IO.ErrOut
		if req.Prompter == nil {
			req.Prompter = prompter.New(opts.IO)
		}
	}
	advice, err := advisor.Run(context.Background(), rs, req)
	if err != nil {
		return missingError(err, opts)
	}
	report := advice.Report

	var out bytes.Buffer
	if opts.Output.Format == advisor.FormatJSON {
		var doc bytes.Buffer
		if err := advisor.RenderJSON(&doc, report); err != nil {
			return err
		}
		if err := opts.Output.WriteJSON(&out, doc.Bytes(), opts.IO.IsStdoutTTY()); err != nil {
			return err
		}
	} else {
		ropts := advisor.RenderOptions{Color: opts.IO.ColorEnabled(), Explain: opts.Explain, Rules: rs, Width: opts.IO.TerminalWidth()}
		if err := advisor.Render(&out, opts.Output.Format, report, ropts); err != nil {
			return err
		}
	}

	if opts.SaveAnswers != "" {
		header := []string{
			"Answers for `orgadvisor advise --answers " + filepath.Base(opts.SaveAnswers) + "`.",
			fmt.Sprintf("Rules: %s (version %d, sha256 %s).", opts.RulesName, rs.Version, rs.Digest[:12]),
		}
		asJSON := strings.EqualFold(filepath.Ext(opts.SaveAnswers), ".json")
		data, err := answers.Format(rs, advice.Given, advice.Profile, header, asJSON)
		if err != nil {
			return err
		}
		if err := cmdutil.WriteFileAtomic(opts.SaveAnswers, data); err != nil {
			// A path that cannot be created is the user's (exit 2), as
			// a missing directory is above; a full disk is not.
			if ie := (*cmdutil.InputError)(nil); errors.As(err, &ie) {
				return cmdutil.BadInputf("`--save-answers`: %v", err)
			}
			return fmt.Errorf("`--save-answers`: %w", err)
		}
		if opts.IO.IsStderrTTY() {
			fmt.Fprintf(opts.IO.ErrOut, "Saved the answers to %s\n", opts.SaveAnswers)
		}
	}
	return opts.IO.WritePaged(out.Bytes())
}

// missingError names the flags of the missing required answers, all of
// them on one line, and says why they were not asked; other errors pass.
func missingError(err error, opts *AdviseOptions) error {
	var me *rules.MissingError
	if !errors.As(err, &me) {
		return err
	}
	n := len(me.Questions)
	give := "give it as a flag"
	if n > 1 {
		give = "give them as flags"
	}
	ios := opts.IO
	var hint string
	switch {
	case ios.IsStdinTTY() && ios.IsStdoutTTY() && ios.NeverPrompt():
		hint = give + " or in an `--answers` file; prompting is turned off (`--no-input`)"
	case ios.IsStdinTTY() && ios.IsStdoutTTY() && opts.AnswersFile == "-":
		hint = give + " or in the answers file; nothing is asked while standard input holds the answers"
	default:
		hint = give + ", in an `--answers` file, or run at a terminal to be asked"
	}
	return cmdutil.BadInputf("missing required %s: %s (%s)", text.Plural(n, "answer"), cmdutil.MissingFlags(me), hint)
}

// noArgs refuses arguments, with a hint when the argument looks like the
// value of a true/false flag written after a space.
func noArgs(rs *rules.Ruleset) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		if _, ok := config.ParseBool(args[0]); ok && rs != nil {
			for _, q := range rs.Questions {
				if q.FlagForm().Alone != "" {
					return cmdutil.BadInputf("unexpected argument %q: a true/false flag takes its value after =, as in `--%s=false`", args[0], answers.Flag(q.ID))
				}
			}
		}
		return cmdutil.BadInputf("unexpected argument %q: answers are given as flags, such as `--%s`", args[0], firstFlag(rs))
	}
}

func firstFlag(rs *rules.Ruleset) string {
	if rs == nil || len(rs.Questions) == 0 {
		return "answers FILE"
	}
	return answers.Flag(rs.Questions[0].ID)
}

func examples(rs *rules.Ruleset) string {
	flags := "--employees 40 --product-driven"
	if rs != nil {
		flags = cmdutil.ExampleFlags(rs)
	}
	return strings.Join([]string{
		"  $ orgadvisor advise",
		"  $ orgadvisor advise " + flags,
		"  $ orgadvisor advise --save-answers answers.yaml",
		"  $ orgadvisor advise --answers answers.yaml --" + firstFlag(rs) + " 120",
		"  $ orgadvisor advise --answers answers.yaml --jq .recommendation",
		"  $ orgadvisor advise --answers answers.yaml -o markdown > memo.md",
	}, "\n")
}
