// Package diff is `orgadvisor rules diff`: what a change to a rules file
// does to the advice, over casebooks and a realistic population.
package diff

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// Schema is the schema of `rules diff -o json`.
const Schema = "orgadvisor/diff/v1"

// DiffOptions is what `rules diff` needs.
type DiffOptions struct {
	IO *iostreams.IOStreams
	// Old and New are rules files; "embedded" names the embedded rules.
	Old, New string
	// Cases are casebooks whose cases are compared too.
	Cases []string
	// Population is how many generated organisations to compare, Seed
	// the generator's seed.
	Population int
	Seed       uint64
	// Examples is how many organisations to show per changed transition.
	Examples     int
	FailOnChange bool
	Output       string
}

// NewCmdDiff returns the `rules diff` command.
func NewCmdDiff(f *cmdutil.Factory, runF func(*DiffOptions) error) *cobra.Command {
	opts := &DiffOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show how a change to a rules file changes the advice",
		Long: strings.TrimSpace(`
Compare the advice of two rules files, OLD and NEW (the word embedded names the
embedded rules), over the cases of the casebooks given with --cases and over
--population generated organisations that look like real ones: headcount
spread log-uniformly from 1 to 100,000, engineers in proportion to headcount
where the organisation builds technology, revenue in line with headcount. Each
organisation answers only what both files allow, so both see the same one.

It reports how many recommendations changed, a table of old recommendation
against new, the changes in each role's level, and for each change up to
--examples organisations, with the rules whose contributions differ. A casebook
case is named; a generated organisation is shown as the advise command that
reproduces it. The same --seed gives the same organisations.

Exit status: 0 whatever changed (it informs), 1 with --fail-on-change when some
recommendation changed, 2 when a file does not load or a casebook does not fit
both rules files.`),
		Example: strings.Join([]string{
			"  # What does my edit change? (compare with the version before it)",
			"  $ git show HEAD:rules.yaml > old-rules.yaml",
			"  $ orgadvisor rules diff old-rules.yaml rules.yaml",
			"",
			"  # A custom file against the embedded rules, on your own cases too",
			"  $ orgadvisor rules diff embedded my-rules.yaml --cases my-cases.yaml",
			"",
			"  # In CI: fail when a refactoring changes any advice",
			"  $ orgadvisor rules diff old-rules.yaml rules.yaml --fail-on-change",
			"",
			"  # The transitions, for a script",
			"  $ orgadvisor rules diff embedded my-rules.yaml -o json |",
			"    jq '.transitions[] | select(.from != .to)'",
		}, "\n"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return cmdutil.BadInputf("name the two rules files to compare, old then new, such as `orgadvisor rules diff embedded my-rules.yaml`; got %d %s", len(args), text.Plural(len(args), "argument"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			for i, name := range []string{"OLD", "NEW"} {
				if args[i] == "" {
					return cmdutil.EmptyFileName("the "+name+" argument", "`embedded` names the embedded rules")
				}
			}
			if _, err := cmdutil.OutputFormat(opts.Output, "`--output`", true, false, []string{"text", "json"}); err != nil {
				return err
			}
			if opts.Population < 0 || opts.Population > maxPopulation {
				return cmdutil.BadInputf("`--population`: %d is out of range; want 0 to %d", opts.Population, maxPopulation)
			}
			if opts.Examples < 0 {
				return cmdutil.BadInputf("`--examples`: %d is out of range; want 0 or more", opts.Examples)
			}
			if opts.Population == 0 && len(opts.Cases) == 0 {
				return cmdutil.BadInputf("nothing to compare: `--population 0` and no `--cases`")
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Cases, "cases", nil, "compare the cases of this casebook `file` too (repeat for more)")
	cmd.Flags().IntVar(&opts.Population, "population", 10_000, "how many generated organisations to compare (`n`)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "the generator's `seed`: the same seed, the same organisations")
	cmd.Flags().IntVar(&opts.Examples, "examples", 3, "show up to `k` organisations for each change")
	cmd.Flags().BoolVar(&opts.FailOnChange, "fail-on-change", false, "exit 1 when some recommendation changed")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `format`: text or json")
	cmdutil.MarkFileFlag(cmd.Flags(), "cases", "", "yaml", "yml")
	return cmd
}

// maxPopulation bounds --population: 10 million take about 15 s a side.
const maxPopulation = 10_000_000

// load loads a rules file, or the embedded rules for "embedded".
func load(name string) (*rules.Ruleset, error) {
	path := name
	if name == "embedded" {
		path = ""
	}
	rs, _, err := cmdutil.LoadRules(path)
	return rs, err
}

func diffRun(opts *DiffOptions) error {
	old, err := load(opts.Old)
	if err != nil {
		return err
	}
	new, err := load(opts.New)
	if err != nil {
		return err
	}
	cases, err := cmdutil.LoadCasebooks(opts.IO.ErrOut, opts.Cases, old, new)
	if err != nil {
		return err
	}
	orgs := make([]rules.Org, 0, len(cases)+opts.Population)
	for _, c := range cases {
		orgs = append(orgs, rules.Org{Name: c.Name, Answers: c.Answers})
	}
	if opts.Population > 0 {
		pop, err := batch.NewPopulation(opts.Seed, old, new)
		if err != nil {
			return cmdutil.BadInput(err)
		}
		for range opts.Population {
			orgs = append(orgs, rules.Org{Answers: pop.Answers()})
		}
	}
	cmp, err := rules.Compare(old, new, orgs, opts.Examples)
	if err != nil {
		return cmdutil.BadInput(err)
	}
	var b strings.Builder
	if opts.Output == "json" {
		data, err := encode.JSON(newJSON(opts, len(cases), cmp))
		if err != nil {
			return err
		}
		b.Write(data)
	} else {
		writeText(&b, opts, len(cases), cmp, old, new)
	}
	if _, err := io.WriteString(opts.IO.Out, b.String()); err != nil {
		return err
	}
	if opts.FailOnChange && cmp.Changed > 0 {
		return fmt.Errorf("%s changed (`--fail-on-change`)", text.Count(cmp.Changed, "recommendation"))
	}
	return nil
}

// JSON is `rules diff -o json`.
type JSON struct {
	Schema      string           `json:"schema"`
	Old         string           `json:"old"`
	New         string           `json:"new"`
	Cases       int              `json:"cases"`
	Population  int              `json:"population"`
	Seed        uint64           `json:"seed"`
	Changed     int              `json:"changed"`
	Transitions []TransitionJSON `json:"transitions"`
	Levels      []LevelJSON      `json:"levels"`
}

// TransitionJSON is how many organisations went from one recommendation
// to another.
type TransitionJSON struct {
	From     string        `json:"from"`
	To       string        `json:"to"`
	Count    int           `json:"count"`
	Examples []ExampleJSON `json:"examples,omitempty"`
}

// ExampleJSON is one organisation whose recommendation changed.
type ExampleJSON struct {
	Case    string         `json:"case,omitempty"`
	Answers map[string]any `json:"answers"`
	Rules   []RuleJSON     `json:"rules"`
}

// RuleJSON is a rule whose contribution to a role's score differs.
type RuleJSON struct {
	Rule string  `json:"rule"`
	Role string  `json:"role"`
	Old  float64 `json:"old"`
	New  float64 `json:"new"`
}

// LevelJSON counts one change of one role's level ("" for a role a file
// does not have).
type LevelJSON struct {
	Role  string      `json:"role"`
	From  rules.Level `json:"from"`
	To    rules.Level `json:"to"`
	Count int         `json:"count"`
}

func newJSON(opts *DiffOptions, cases int, c *rules.Comparison) JSON {
	j := JSON{Schema: Schema, Old: opts.Old, New: opts.New, Cases: cases, Population: opts.Population, Seed: opts.Seed,
		Changed: c.Changed, Transitions: []TransitionJSON{}, Levels: []LevelJSON{}}
	for _, t := range c.Transitions {
		tj := TransitionJSON{From: t.From, To: t.To, Count: t.Count}
		for _, ex := range t.Examples {
			ej := ExampleJSON{Case: ex.Org.Name, Answers: ex.Org.Answers, Rules: []RuleJSON{}}
			for _, r := range ex.Rules {
				ej.Rules = append(ej.Rules, RuleJSON{Rule: r.Rule, Role: r.Role, Old: r.Old, New: r.New})
			}
			tj.Examples = append(tj.Examples, ej)
		}
		j.Transitions = append(j.Transitions, tj)
	}
	for _, l := range c.Levels {
		j.Levels = append(j.Levels, LevelJSON{Role: l.Role, From: l.From, To: l.To, Count: l.Count})
	}
	return j
}

func writeText(w io.Writer, opts *DiffOptions, cases int, c *rules.Comparison, old, new *rules.Ruleset) {
	var what []string
	if cases > 0 {
		what = append(what, text.Count(cases, "case"))
	}
	if opts.Population > 0 {
		what = append(what, fmt.Sprintf("%s generated %s (seed %d)", rules.InWords.Number(opts.Population), text.Plural(opts.Population, "organisation"), opts.Seed))
	}
	fmt.Fprintf(w, "Compared %s (old) with %s (new) on %s.\n", opts.Old, opts.New, strings.Join(what, " and "))
	share := 100 * float64(c.Changed) / float64(max(c.Orgs, 1))
	fmt.Fprintf(w, "%s of %s recommendations changed (%.1f%%).\n", rules.InWords.Number(c.Changed), rules.InWords.Number(c.Orgs), share)

	// The table: old recommendations down, new across.
	labels := map[string]bool{}
	count := map[[2]string]int{}
	for _, t := range c.Transitions {
		labels[t.From], labels[t.To] = true, true
		count[[2]string{t.From, t.To}] = t.Count
	}
	order := make([]string, 0, len(labels))
	for l := range labels {
		order = append(order, l)
	}
	sort.Strings(order)
	width := len("old \\ new")
	for _, l := range order {
		width = max(width, len(l))
	}
	cell := width
	for _, t := range c.Transitions {
		cell = max(cell, len(rules.InWords.Number(t.Count)))
	}
	fmt.Fprintf(w, "\nRecommendations, old down, new across:\n  %-*s", width, "old \\ new")
	for _, l := range order {
		fmt.Fprintf(w, "  %*s", cell, l)
	}
	fmt.Fprintln(w)
	for _, from := range order {
		fmt.Fprintf(w, "  %-*s", width, from)
		for _, to := range order {
			n := count[[2]string{from, to}]
			s := rules.InWords.Number(n)
			if n == 0 {
				s = "."
			}
			fmt.Fprintf(w, "  %*s", cell, s)
		}
		fmt.Fprintln(w)
	}

	if len(c.Levels) > 0 {
		fmt.Fprintf(w, "\nRole levels changed:\n")
		for _, l := range c.Levels {
			fmt.Fprintf(w, "  %s: %s → %s  %s\n", roleTitle(l.Role, new, old), levelText(l.From), levelText(l.To), rules.InWords.Number(l.Count))
		}
	}
	for _, t := range c.Transitions {
		if t.From == t.To || len(t.Examples) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s → %s (%s):\n", t.From, t.To, text.Count(t.Count, "organisation"))
		for _, ex := range t.Examples {
			if ex.Org.Name != "" {
				fmt.Fprintf(w, "  case %q\n", ex.Org.Name)
			} else {
				fmt.Fprintf(w, "  %s\n", adviseCommand(opts.New, new, old, ex.Org.Answers))
			}
			for _, r := range ex.Rules {
				fmt.Fprintf(w, "      %s %s → %s: %s\n", roleTitle(r.Role, new, old), weight(r.Old), weight(r.New), text.OneLine(r.Description))
			}
			if len(ex.Rules) == 0 {
				fmt.Fprintf(w, "      the same rules apply; a decide table changed\n")
			}
		}
	}
}

func levelText(l rules.Level) string {
	if l == "" {
		return "(no such role)"
	}
	return string(l)
}

func weight(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// roleTitle names a role by its title in the new rules, else the old.
func roleTitle(id string, rss ...*rules.Ruleset) string {
	for _, rs := range rss {
		for _, r := range rs.Roles {
			if r.ID == id {
				return r.Title
			}
		}
	}
	return id
}

// adviseCommand is the command line that gives a generated organisation's
// answers to the new rules, so it can be reproduced and examined.
func adviseCommand(newName string, new, old *rules.Ruleset, given map[string]any) string {
	parts := []string{"orgadvisor advise"}
	if newName != "embedded" {
		parts = append(parts, "--rules "+newName)
	}
	for _, q := range new.Questions {
		v, ok := given[q.ID]
		if !ok {
			continue
		}
		flag := "--" + answers.Flag(q.ID)
		switch x := v.(type) {
		case bool:
			if x {
				parts = append(parts, flag)
			} else {
				parts = append(parts, flag+"=false")
			}
		case []string:
			if len(x) > 0 {
				parts = append(parts, flag+" "+strings.Join(x, ","))
			}
		default:
			parts = append(parts, fmt.Sprintf("%s %v", flag, v))
		}
	}
	return strings.Join(parts, " ")
}
