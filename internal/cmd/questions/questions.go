// Package questions is `orgadvisor questions`: the questions of the active
// rules with their ids, types, options, defaults, flags and variables.
package questions

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// QuestionsOptions is what `questions` needs.
type QuestionsOptions struct {
	IO        *iostreams.IOStreams
	Rules     func() (*rules.Ruleset, []rules.Diagnostic, error)
	RulesName string
	Output    *cmdutil.OutputFlags
}

// NewCmdQuestions returns the `questions` command; runF replaces the real
// run in tests.
func NewCmdQuestions(f *cmdutil.Factory, runF func(*QuestionsOptions) error) *cobra.Command {
	opts := &QuestionsOptions{IO: f.IOStreams, Rules: f.ActiveRules, RulesName: f.RulesName()}
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "List the questions with their flags, types, options and defaults",
		Long: strings.TrimSpace(`
List the questions of the active rules (the embedded rules, or --rules FILE) in
the order they are asked, with each one's id (the key in an answers file and
in the JSON "answers"), type, options, default, advise flag and environment
variable.`),
		Example: strings.Join([]string{
			"  $ orgadvisor questions",
			"  $ orgadvisor questions -o json --jq '.questions[] | select(.required) | .flag'",
			"  $ orgadvisor questions --rules my-rules.yaml",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.Output.Resolve(nil); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return questionsRun(opts)
		},
	}
	opts.Output = cmdutil.AddOutputFlags(cmd, []string{"text", "json", "yaml"})
	return cmd
}

func questionsRun(opts *QuestionsOptions) error {
	rs, _, err := opts.Rules()
	if err != nil {
		return err
	}
	list := advisor.Questions(rs, opts.RulesName)
	var b bytes.Buffer
	err = opts.Output.Write(&b, list, opts.IO.IsStdoutTTY(), func(w io.Writer) error {
		return writeText(w, list, opts.IO.ColorScheme())
	})
	if err != nil {
		return err
	}
	return opts.IO.WritePaged(b.Bytes())
}

func writeText(w io.Writer, l *advisor.QuestionList, cs *iostreams.ColorScheme) error {
	fmt.Fprintf(w, "%d questions in the %s rules (version %d), in the order they are asked:\n", len(l.Questions), l.Rules.Path, l.Rules.Version)
	for i, q := range l.Questions {
		fmt.Fprintf(w, "\n%2d. %s %s\n", i+1, cs.Bold(q.ID), cs.Gray("("+describe(q)+")"))
		fmt.Fprintf(w, "    %s\n", q.Prompt)
		if q.Help != "" {
			fmt.Fprintf(w, "    %s\n", cs.Gray(strings.Join(strings.Fields(q.Help), " ")))
		}
		for _, o := range q.Options {
			fmt.Fprintf(w, "      %-16s %s\n", o.ID, cs.Gray(o.Label))
		}
		if q.AskIf != "" {
			fmt.Fprintf(w, "    asked when: %s\n", q.AskIf)
		}
		fmt.Fprintf(w, "    flag: %s   env: %s\n", cs.Cyan(flagExample(q)), q.Env)
	}
	return nil
}

// describe says a question's type, range and whether it is required.
func describe(q advisor.QuestionInfo) string {
	parts := []string{string(q.Type)}
	if r := q.Question.RangeText(); r != "" {
		parts = append(parts, r)
	}
	if q.Required {
		parts = append(parts, "required")
	} else {
		parts = append(parts, "default "+answers.DefaultText(q.Question))
	}
	return strings.Join(parts, ", ")
}

// flagExample shows how the flag is given: alone or with a value, a
// choice of options, a list of them, a placeholder for the others.
func flagExample(q advisor.QuestionInfo) string {
	ids := q.Question.OptionIDs()
	switch form := q.Question.FlagForm(); {
	case form.Alone != "":
		return q.Flag + "[=" + form.Off + "]"
	case form.List:
		return q.Flag + " " + strings.Join(ids[:min(2, len(ids))], ",")
	case len(ids) > 0:
		return q.Flag + " " + strings.Join(ids, "|")
	case form.Placeholder != "":
		return q.Flag + " " + form.Placeholder
	}
	return q.Flag
}
