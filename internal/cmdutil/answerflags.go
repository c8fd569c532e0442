package cmdutil

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/config"
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
	if v.q.FlagForm().List {
		v.vals = append(v.vals, s)
	} else {
		v.vals = []string{s}
	}
	return nil
}

func (v *answerValue) Type() string { return v.q.FlagForm().Name }

// raw is the answer as the engine takes it: one text, or for a list the
// values joined by commas (the engine splits them again).
func (v *answerValue) raw() any { return strings.Join(v.vals, ",") }

// AddAnswerFlags adds one flag per question, in question order, with the
// allowed values in the help text and in shell completion.
func AddAnswerFlags(cmd *cobra.Command, rs *rules.Ruleset) []*pflag.Flag {
	var out []*pflag.Flag
	for _, q := range rs.Questions {
		name := answers.Flag(q.ID)
		v := &answerValue{q: q}
		fl := cmd.Flags().VarPF(v, name, "", flagUsage(q))
		if alone := q.FlagForm().Alone; alone != "" {
			fl.NoOptDefVal = alone
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
	if r := q.RangeText(); r != "" {
		parts = append(parts, r)
	}
	switch form := q.FlagForm(); {
	case form.Alone != "":
		parts = append(parts, "--"+answers.Flag(q.ID)+"="+form.Off+" for no")
	case form.List:
		parts = append(parts, "any of: "+strings.Join(q.OptionIDs(), ", ")+"; comma-separated or repeated")
	case len(q.Options) > 0:
		parts = append(parts, "one of: "+strings.Join(q.OptionIDs(), ", "))
	}
	if q.Required {
		parts = append(parts, "required")
	} else {
		parts = append(parts, "default "+answers.DefaultText(q))
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
		switch form := q.FlagForm(); {
		case form.Alone != "":
			return []cobra.Completion{form.Alone, form.Off}, cobra.ShellCompDirectiveNoFileComp
		case form.List:
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
		case len(q.Options) > 0:
			var out []cobra.Completion
			for _, o := range q.Options {
				out = append(out, cobra.CompletionWithDesc(o.ID, o.Label))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// ExampleFlags builds a command line that answers every required question
// of rs and gives a list, for the help's examples, so they stay true for
// any rules file.
func ExampleFlags(rs *rules.Ruleset) string {
	parts := []string{RequiredFlags(rs)}
	for _, q := range rs.Questions {
		if q.FlagForm().List && !q.Required && len(q.Options) >= 2 {
			parts = append(parts, "--"+answers.Flag(q.ID)+" "+q.Options[0].ID+","+q.Options[1].ID)
			break
		}
	}
	return strings.Join(parts, " ")
}

// RequiredFlags builds a command line that answers every required question
// of rs, for the help's examples.
func RequiredFlags(rs *rules.Ruleset) string {
	var parts []string
	for _, q := range rs.Questions {
		if !q.Required {
			continue
		}
		name := "--" + answers.Flag(q.ID)
		switch ex := q.Example(); {
		case q.FlagForm().Alone != "":
			parts = append(parts, name)
		case ex != nil:
			parts = append(parts, name+" "+q.Text(ex))
		}
	}
	return strings.Join(parts, " ")
}

// AnswersUsageFunc prints a command's usage with the answer flags first, in
// question order, apart from the command's own flags. Each answer flag shows
// the values it takes and its default; "orgadvisor questions" has the
// questions in full. Every line fits the width of f's terminal.
func AnswersUsageFunc(f *Factory, qflags []*pflag.Flag) func(*cobra.Command) error {
	width := HelpWidth(f)
	return func(c *cobra.Command) error {
		var own []*pflag.Flag
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if _, ok := fl.Annotations[questionAnnotation]; !ok {
				own = append(own, fl)
			}
		})
		rows := make([]flagRow, 0, len(qflags))
		for _, fl := range qflags {
			if v, ok := fl.Value.(*answerValue); ok {
				rows = append(rows, answerRow(v.q))
			}
		}
		w := width()
		var b strings.Builder
		writeUsageHead(&b, c, w)
		fmt.Fprintf(&b, "\nAnswer Flags (from %s):\n", rulesLabel(f.RulesName()))
		writeFlagRows(&b, rows, w)
		fmt.Fprintf(&b, "\nFlags:\n%s", flagSetOf("own", own).FlagUsagesWrapped(w))
		writeGlobalFlags(&b, c, w)
		writeUsageTail(&b, c, w)
		_, err := io.WriteString(c.OutOrStderr(), b.String())
		return err
	}
}

// answerRow is a question's line in help: its flag as typed, and the
// values it takes with its default.
func answerRow(q *rules.Question) flagRow {
	name := answers.Flag(q.ID)
	form := q.FlagForm()
	if form.Placeholder != "" {
		name += " " + form.Placeholder
	}
	var desc []string
	switch {
	case form.Alone != "":
		desc = append(desc, "="+form.Off+" for no")
	case form.List:
		desc = append(desc, "any of "+strings.Join(q.OptionIDs(), ", "))
	case len(q.Options) > 0:
		desc = append(desc, strings.Join(q.OptionIDs(), ", "))
	case q.RangeText() != "":
		desc = append(desc, q.RangeText())
	default:
		desc = append(desc, q.Type.Noun())
	}
	if q.Required {
		desc = append(desc, "required")
	} else {
		desc = append(desc, "default "+answers.DefaultText(q))
	}
	return flagRow{name: name, desc: strings.Join(desc, "; ")}
}

func rulesLabel(name string) string {
	if name == "embedded" {
		return "the embedded rules"
	}
	return "rules file " + name
}

// ConfigAnswers are the config file's answers that apply. They were written
// for the rules the config file names (or the embedded rules when it names
// none): with those rules active, an unknown question is an error as
// anywhere else; with other rules (`--rules`, ORGADVISOR_RULES), answers to
// questions those rules do not ask are left out.
func ConfigAnswers(cfg *config.Config, f *Factory, rs *rules.Ruleset) []answers.Raw {
	own := f.RulesPath == ""
	if pos, ok := cfg.Has(config.KeyRules); ok {
		own = f.RulesFrom == pos.String()
	}
	if own {
		return cfg.Answers
	}
	var out []answers.Raw
	for _, a := range cfg.Answers {
		if rs.Question(a.ID) != nil {
			out = append(out, a)
		}
	}
	return out
}

// EnvAnswers are the answers given by ORGADVISOR_<QUESTION> variables.
func EnvAnswers(rs *rules.Ruleset) []answers.Raw {
	var out []answers.Raw
	for _, q := range rs.Questions {
		name := answers.Env(q.ID)
		if v, ok := os.LookupEnv(name); ok && v != "" {
			out = append(out, answers.Raw{ID: q.ID, Value: v, From: name})
		}
	}
	return out
}

// FlagAnswers are the answers given by the answer flags of cmd
// (AddAnswerFlags).
func FlagAnswers(cmd *cobra.Command, rs *rules.Ruleset) []answers.Raw {
	var out []answers.Raw
	for _, q := range rs.Questions {
		fl := cmd.Flags().Lookup(answers.Flag(q.ID))
		if fl == nil || !fl.Changed {
			continue
		}
		if v, ok := fl.Value.(*answerValue); ok {
			out = append(out, answers.Raw{ID: q.ID, Value: v.raw(), From: "`--" + fl.Name + "`"})
		}
	}
	return out
}

// MissingFlags names the flags of missing required answers, in
// backticks: "`--employees`, `--product-driven`".
func MissingFlags(me *rules.MissingError) string {
	flags := make([]string, len(me.Questions))
	for i, q := range me.Questions {
		flags[i] = "`--" + answers.Flag(q.ID) + "`"
	}
	return strings.Join(flags, ", ")
}
