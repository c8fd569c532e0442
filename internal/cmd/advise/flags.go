package advise

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// questionAnnotation marks the flags generated from the rules' questions.
const questionAnnotation = "orgadvisor_question"

// answerValue is the flag of one question. It keeps the text as given;
// the engine's one conversion (rs.ParseAnswer) types it, so a flag, an
// answers file and an environment variable are judged alike.
type answerValue struct {
	q    *rules.Question
	vals []string
}

func (v *answerValue) String() string { return strings.Join(v.vals, ",") }

// Set records the text; a list question's flag may be repeated and
// collects every value.
func (v *answerValue) Set(s string) error {
	if v.q.Type == rules.TypeMulti {
		v.vals = append(v.vals, s)
	} else {
		v.vals = []string{s}
	}
	return nil
}

func (v *answerValue) Type() string {
	switch v.q.Type {
	case rules.TypeMulti:
		return "list"
	case rules.TypeChoice:
		return "choice"
	}
	return string(v.q.Type)
}

// raw is the answer as the engine takes it: one text, or for a list the
// values joined by commas (the engine splits them again).
func (v *answerValue) raw() any { return strings.Join(v.vals, ",") }

// addQuestionFlags adds one flag per question, in question order, with the
// allowed values in the help text and in shell completion.
func addQuestionFlags(cmd *cobra.Command, rs *rules.Ruleset) []*pflag.Flag {
	var out []*pflag.Flag
	for _, q := range rs.Questions {
		name := cmdutil.AnswerFlag(q.ID)
		v := &answerValue{q: q}
		fl := cmd.Flags().VarPF(v, name, "", flagUsage(q))
		if q.Type == rules.TypeBool {
			fl.NoOptDefVal = "true"
		}
		fl.Annotations = map[string][]string{questionAnnotation: {q.ID}}
		out = append(out, fl)
		_ = cmd.RegisterFlagCompletionFunc(name, completeAnswer(q))
	}
	return out
}

// flagUsage is a question's flag help: the prompt, then what it takes.
func flagUsage(q *rules.Question) string {
	var parts []string
	if r := cmdutil.RangeText(q); r != "" {
		parts = append(parts, r)
	}
	switch q.Type {
	case rules.TypeBool:
		parts = append(parts, "--"+cmdutil.AnswerFlag(q.ID)+"=false for no")
	case rules.TypeChoice:
		parts = append(parts, "one of: "+strings.Join(q.OptionIDs(), ", "))
	case rules.TypeMulti:
		parts = append(parts, "any of: "+strings.Join(q.OptionIDs(), ", ")+"; comma-separated or repeated")
	}
	if q.Required {
		parts = append(parts, "required")
	} else {
		parts = append(parts, "default "+cmdutil.DefaultText(q))
	}
	if q.AskIf != nil {
		parts = append(parts, "asked when "+strings.Join(strings.Fields(q.AskIf.String()), " "))
	}
	return q.Prompt + " (" + strings.Join(parts, "; ") + ")"
}

// completeAnswer completes a question's flag: true/false, the options with
// their labels, or for a list the options not yet given after the commas.
func completeAnswer(q *rules.Question) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		switch q.Type {
		case rules.TypeBool:
			return []cobra.Completion{"true", "false"}, cobra.ShellCompDirectiveNoFileComp
		case rules.TypeChoice:
			var out []cobra.Completion
			for _, o := range q.Options {
				out = append(out, cobra.CompletionWithDesc(o.ID, o.Label))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		case rules.TypeMulti:
			prefix := ""
			given := map[string]bool{}
			if i := strings.LastIndex(toComplete, ","); i >= 0 {
				prefix = toComplete[:i+1]
				for _, s := range strings.Split(toComplete[:i], ",") {
					given[strings.TrimSpace(s)] = true
				}
			}
			var out []cobra.Completion
			for _, o := range q.Options {
				if !given[o.ID] {
					out = append(out, cobra.CompletionWithDesc(prefix+o.ID, o.Label))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// exampleFlags builds a command line that answers every required question
// of rs, for the help's examples, so they stay true for any rules file.
func exampleFlags(rs *rules.Ruleset) string {
	var parts []string
	for _, q := range rs.Questions {
		if !q.Required {
			continue
		}
		name := "--" + cmdutil.AnswerFlag(q.ID)
		switch q.Type {
		case rules.TypeBool:
			parts = append(parts, name)
		case rules.TypeInt:
			n := 40
			if q.Min != nil && n < *q.Min {
				n = *q.Min
			}
			if q.Max != nil && n > *q.Max {
				n = *q.Max
			}
			parts = append(parts, name+" "+strconv.Itoa(n))
		case rules.TypeChoice, rules.TypeMulti:
			if len(q.Options) > 0 {
				parts = append(parts, name+" "+q.Options[0].ID)
			}
		}
	}
	for _, q := range rs.Questions {
		if q.Type == rules.TypeMulti && !q.Required && len(q.Options) >= 2 {
			parts = append(parts, "--"+cmdutil.AnswerFlag(q.ID)+" "+q.Options[0].ID+","+q.Options[1].ID)
			break
		}
	}
	return strings.Join(parts, " ")
}
