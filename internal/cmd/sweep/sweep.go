// Package sweep is `orgadvisor sweep`: vary one answer over its range,
// holding the others, and report where the advice changes.
package sweep

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// Schema is the schema of `sweep -o json`.
const Schema = "orgadvisor/sweep/v1"

// formats are the output formats of sweep.
var formats = []string{"text", "json", "csv"}

// SweepOptions is what `sweep` needs.
type SweepOptions struct {
	IO        *iostreams.IOStreams
	Rules     *rules.Ruleset
	RulesName string
	Warnings  []rules.Diagnostic

	// Vary is the answer to vary: its question and, for a whole number,
	// the range (Vary.From, Vary.To nil for the question's own).
	Vary rules.Vary

	// The answers held, lowest precedence first, as advise takes them.
	ConfigAnswers []answers.Raw
	AnswersFile   string
	EnvAnswers    []answers.Raw
	FlagAnswers   []answers.Raw

	// Output is text, json or csv.
	Output string
}

// NewCmdSweep returns the `sweep` command with one flag per question of
// the active rules, as advise has them.
func NewCmdSweep(f *cmdutil.Factory, runF func(*SweepOptions) error) *cobra.Command {
	opts := &SweepOptions{IO: f.IOStreams, RulesName: f.RulesName()}
	rs, warnings, rulesErr := f.ActiveRules()
	opts.Rules, opts.Warnings = rs, warnings
	var vary string
	cmd := &cobra.Command{
		Use:   "sweep --vary QUESTION[=FROM..TO] [answer flags]",
		Short: "Show where the advice changes as one answer varies",
		Long: strings.TrimSpace(`
Vary one answer over its range, holding the others, and show only the points
where the recommendation or a role's level changes, with the rules that start
or stop applying there.

A whole number (--vary employees) is tried exactly at the numbers the rules
compare it with, so every change is found, not sampled; QUESTION=FROM..TO
narrows the range (either end may be left out: employees=50.., employees=..500).
A choice is tried at every option, a yes/no question at no and yes.

The other answers are taken as advise takes them: answer flags,
ORGADVISOR_<QUESTION> variables, --answers FILE and the config file; the
questions left out take their defaults. Nothing is asked.

-o json gives ids for scripts; -o csv a row per point.`),
		Example: examples(rs),
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if rulesErr != nil {
				return rulesErr
			}
			if _, err := cmdutil.OutputFormat(opts.Output, "`--output`", true, false, formats); err != nil {
				return err
			}
			if vary == "" {
				return cmdutil.BadInputf("`--vary` is required: name the answer to vary, such as `--vary %s`", firstInt(rs))
			}
			v, err := parseVary(rs, vary)
			if err != nil {
				return err
			}
			opts.Vary = v
			cfg := f.Config
			if cfg == nil {
				cfg = config.Empty()
			}
			opts.ConfigAnswers = cmdutil.ConfigAnswers(cfg, f, rs)
			opts.EnvAnswers = cmdutil.EnvAnswers(rs)
			opts.FlagAnswers = cmdutil.FlagAnswers(cmd, rs)
			if runF != nil {
				return runF(opts)
			}
			return sweepRun(opts)
		},
	}
	cmd.Flags().StringVar(&vary, "vary", "", "the `question` to vary, with an optional range: employees, employees=10..500, sector")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `format`: text, json or csv")
	cmd.Flags().StringVar(&opts.AnswersFile, "answers", "", "read the answers held from a YAML or JSON `file` (- for standard input)")
	cmdutil.MarkFileFlag(cmd.Flags(), "answers", "`-` reads standard input", "yaml", "yml", "json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	if rulesErr != nil {
		cmd.FParseErrWhitelist.UnknownFlags = true
		return cmd
	}
	_ = cmd.RegisterFlagCompletionFunc("vary", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, q := range rs.Questions {
			if q.Sweepable() {
				out = append(out, cobra.CompletionWithDesc(q.ID, q.Prompt))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	qflags := cmdutil.AddAnswerFlags(cmd, rs)
	cmd.SetUsageFunc(cmdutil.AnswersUsageFunc(f, qflags))
	return cmd
}

// parseVary reads QUESTION[=FROM..TO]. The question may be written as its
// id or as its flag (product-driven).
func parseVary(rs *rules.Ruleset, s string) (rules.Vary, error) {
	name, rng, hasRange := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	var v rules.Vary
	for _, q := range rs.Questions {
		if q.ID == name || answers.Flag(q.ID) == name {
			v.Question = q.ID
		}
	}
	if v.Question == "" {
		// The engine names the unknown question, with a suggestion.
		v.Question = name
		return v, nil
	}
	if !hasRange {
		return v, nil
	}
	from, to, ok := strings.Cut(rng, "..")
	if !ok {
		return v, cmdutil.BadInputf("`--vary`: %q is not a range: write FROM..TO, such as %s=10..500", rng, name)
	}
	for _, end := range []struct {
		text string
		dst  **int
	}{{from, &v.From}, {to, &v.To}} {
		t := strings.TrimSpace(end.text)
		if t == "" {
			continue
		}
		n, err := strconv.Atoi(t)
		if err != nil {
			return v, cmdutil.BadInputf("`--vary`: %q in %s=%s is not a whole number", t, name, rng)
		}
		*end.dst = &n
	}
	if v.From == nil && v.To == nil {
		return v, cmdutil.BadInputf("`--vary`: the range %q has no ends: write FROM..TO, such as %s=10..500", rng, name)
	}
	return v, nil
}

func sweepRun(opts *SweepOptions) error {
	rs := opts.Rules
	for _, w := range opts.Warnings {
		fmt.Fprintln(opts.IO.ErrOut, w.String())
	}
	given, err := answers.Layers{
		Config: opts.ConfigAnswers, AnswersFile: opts.AnswersFile, Stdin: opts.IO.In,
		Env: opts.EnvAnswers, Flags: opts.FlagAnswers,
	}.Typed(rs)
	if err != nil {
		return cmdutil.BadInput(err)
	}
	sw, err := rs.Sweep(given, opts.Vary)
	if err != nil {
		return sweepError(err, opts.Vary.Question)
	}
	var out bytes.Buffer
	switch opts.Output {
	case "json":
		data, err := encode.JSON(newJSON(sw))
		if err != nil {
			return err
		}
		out.Write(data)
	case "csv":
		if err := writeCSV(&out, rs, sw); err != nil {
			return err
		}
	default:
		writeText(&out, sw)
	}
	_, err = opts.IO.Out.Write(out.Bytes())
	return err
}

// sweepError makes the engine's errors one line of bad input, naming
// `--vary` when the problem is the answer varied.
func sweepError(err error, varied string) error {
	var me *rules.MissingError
	if errors.As(err, &me) {
		give := "give it as a flag"
		if len(me.Questions) > 1 {
			give = "give them as flags"
		}
		return cmdutil.BadInputf("missing required %s: %s (%s or in an `--answers` file)",
			text.Plural(len(me.Questions), "answer"), cmdutil.MissingFlags(me), give)
	}
	var uq *rules.UnknownQuestionError
	var ae *rules.AnswerError
	var na *rules.NotAskedError
	if errors.As(err, &uq) || errors.As(err, &na) || (errors.As(err, &ae) && ae.Question == varied) {
		return cmdutil.BadInputf("`--vary`: %v", err)
	}
	return cmdutil.BadInput(err)
}

// firstInt is a question of rs swept over a range of numbers, for messages
// and examples.
func firstInt(rs *rules.Ruleset) string {
	if rs != nil {
		for _, q := range rs.Questions {
			if q.Ranged() {
				return q.ID
			}
		}
		if len(rs.Questions) > 0 {
			return rs.Questions[0].ID
		}
	}
	return "employees"
}

func examples(rs *rules.Ruleset) string {
	flags := "--employees 40 --product-driven"
	if rs != nil {
		flags = cmdutil.RequiredFlags(rs)
	}
	q := firstInt(rs)
	return strings.Join([]string{
		"  # Where does the advice change as the organisation grows?",
		"  $ orgadvisor sweep --vary " + q + " " + flags,
		"",
		"  # Only between two sizes",
		"  $ orgadvisor sweep --vary " + q + "=20..500 " + flags,
		"",
		"  # Every option of a choice, the other answers from a file",
		"  $ orgadvisor sweep --vary sector --answers answers.yaml",
		"",
		"  # For scripts and spreadsheets",
		"  $ orgadvisor sweep --vary " + q + " --answers answers.yaml -o json",
		"  $ orgadvisor sweep --vary " + q + " --answers answers.yaml -o csv > sweep.csv",
	}, "\n")
}

// valueText is a value of the varied question in words: a number, an
// option's label (quoted), yes or no.
func valueText(q *rules.Question, v any) string {
	if q.Kind() == rules.KindOption {
		return strconv.Quote(q.Words(v))
	}
	return q.Words(v)
}

// levelsText names the roles a result needs, in words: "Chief Technology
// Officer + fractional CIO", or "none" when it needs none.
func levelsText(res *rules.Result) string {
	var parts []string
	for _, rr := range res.Roles {
		switch rr.Level {
		case rules.LevelFullTime:
			parts = append(parts, rr.Role.Title)
		case rules.LevelFractional:
			parts = append(parts, rr.Role.FractionalTitle)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " + ")
}

func writeText(b *bytes.Buffer, sw *rules.Sweep) {
	q := sw.Question
	span := ""
	if q.Ranged() {
		span = fmt.Sprintf(" from %d to %d", sw.From, sw.To)
	}
	fmt.Fprintf(b, "%s (%s)%s, the other answers held:\n", q.Prompt, q.ID, span)
	fmt.Fprintf(b, "  at %s: %s\n", valueText(q, sw.Start.Value), levelsText(sw.Start.Result))
	prev := sw.Start.Result
	for _, c := range sw.Changes {
		fmt.Fprintf(b, "  at %s: %s → %s\n", valueText(q, c.Value), levelsText(prev), levelsText(c.Result))
		for _, r := range c.Started {
			fmt.Fprintf(b, "      now: %s\n", text.OneLine(r.Description))
		}
		for _, r := range c.Stopped {
			fmt.Fprintf(b, "      no longer: %s\n", text.OneLine(r.Description))
		}
		prev = c.Result
	}
	if len(sw.Changes) == 0 {
		fmt.Fprintf(b, "The advice is the same over the whole range.\n")
	}
}

// JSON is `sweep -o json`: ids, for scripts.
type JSON struct {
	Schema   string      `json:"schema"`
	Question string      `json:"question"`
	From     *int        `json:"from,omitempty"`
	To       *int        `json:"to,omitempty"`
	Start    PointJSON   `json:"start"`
	Changes  []PointJSON `json:"changes"`
}

// PointJSON is one value and the advice there.
type PointJSON struct {
	Value          any                    `json:"value"`
	Recommendation string                 `json:"recommendation"`
	Previous       string                 `json:"previous,omitempty"`
	Levels         map[string]rules.Level `json:"levels"`
	Changed        []LevelChangeJSON      `json:"changed,omitempty"`
	Started        []string               `json:"started,omitempty"`
	Stopped        []string               `json:"stopped,omitempty"`
}

// LevelChangeJSON is one role's change of level.
type LevelChangeJSON struct {
	Role string      `json:"role"`
	From rules.Level `json:"from"`
	To   rules.Level `json:"to"`
}

func newJSON(sw *rules.Sweep) JSON {
	j := JSON{Schema: Schema, Question: sw.Question.ID, Start: point(sw.Start), Changes: []PointJSON{}}
	if sw.Question.Ranged() {
		j.From, j.To = &sw.From, &sw.To
	}
	for _, c := range sw.Changes {
		j.Changes = append(j.Changes, point(c))
	}
	return j
}

func point(p rules.SweepPoint) PointJSON {
	pj := PointJSON{Value: p.Value, Recommendation: p.Result.Label, Previous: p.PrevLabel, Levels: map[string]rules.Level{}}
	for _, rr := range p.Result.Roles {
		pj.Levels[rr.Role.ID] = rr.Level
	}
	for _, l := range p.Levels {
		pj.Changed = append(pj.Changed, LevelChangeJSON{Role: l.Role.ID, From: l.From, To: l.To})
	}
	for _, r := range p.Started {
		pj.Started = append(pj.Started, r.ID)
	}
	for _, r := range p.Stopped {
		pj.Stopped = append(pj.Stopped, r.ID)
	}
	return pj
}

// writeCSV writes a row for the start and one per change: the value, the
// recommendation, each role's level, and the rules started and stopped
// (ids separated by ;).
func writeCSV(b *bytes.Buffer, rs *rules.Ruleset, sw *rules.Sweep) error {
	w := csv.NewWriter(b)
	header := []string{sw.Question.ID, "recommendation"}
	for _, r := range rs.Roles {
		header = append(header, r.ID)
	}
	header = append(header, "started", "stopped")
	rows := [][]string{header}
	for _, p := range append([]rules.SweepPoint{sw.Start}, sw.Changes...) {
		row := []string{fmt.Sprint(p.Value), p.Result.Label}
		for _, rr := range p.Result.Roles {
			row = append(row, string(rr.Level))
		}
		row = append(row, ruleIDs(p.Started), ruleIDs(p.Stopped))
		rows = append(rows, row)
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return w.Error()
}

func ruleIDs(rs []*rules.Rule) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return strings.Join(ids, ";")
}
