package test

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// Report is the JSON of `rules test`: every case and, with --coverage,
// what the cases cover.
type Report struct {
	Schema   string        `json:"schema"`
	Rules    string        `json:"rules"`
	Passed   int           `json:"passed"`
	Failed   int           `json:"failed"`
	Cases    []CaseReport  `json:"cases"`
	Coverage *CoverageJSON `json:"coverage,omitempty"`
}

// CaseReport is one case's outcome.
type CaseReport struct {
	Name  string    `json:"name"`
	Pos   rules.Pos `json:"pos"`
	Pass  bool      `json:"pass"`
	Label string    `json:"label"`
	Diff  string    `json:"diff,omitempty"`
}

// CoverageJSON is what the cases cover, by id and position.
type CoverageJSON struct {
	Cases      int      `json:"cases"`
	Rules      Tally    `json:"rules"`
	DecideRows Tally    `json:"decide_rows"`
	Options    Tally    `json:"options"`
	RuleHits   []Hit    `json:"rule_hits"`
	RowHits    []RowHit `json:"row_hits"`
	OptionHits []OptHit `json:"option_hits"`
	// Unreached lists the decide rows and rules no case reaches, as
	// "file:line:col: decide ROLE row N" and "file:line:col: rule ID".
	Unreached []string `json:"unreached"`
}

// Tally is how many of a kind the cases reach.
type Tally struct {
	Covered int     `json:"covered"`
	Total   int     `json:"total"`
	Percent float64 `json:"percent"`
}

// Hit is how many cases fired a rule.
type Hit struct {
	Rule  string    `json:"rule"`
	Pos   rules.Pos `json:"pos"`
	Cases int       `json:"cases"`
}

// RowHit is how many cases a decide row chose the level of.
type RowHit struct {
	Role  string      `json:"role"`
	Row   int         `json:"row"` // 1-based, as decide_row in advise's JSON
	Level rules.Level `json:"level"`
	Pos   rules.Pos   `json:"pos"`
	Cases int         `json:"cases"`
}

// OptHit is how many cases answered a question with an option.
type OptHit struct {
	Question string `json:"question"`
	Option   string `json:"option"`
	Cases    int    `json:"cases"`
}

func newReport(rulesName string, results []rules.CaseResult, cov *rules.Coverage) Report {
	r := Report{Schema: Schema, Rules: rulesName, Cases: []CaseReport{}}
	for _, cr := range results {
		if cr.Pass {
			r.Passed++
		} else {
			r.Failed++
		}
		r.Cases = append(r.Cases, CaseReport{Name: cr.Case.Name, Pos: cr.Case.Pos, Pass: cr.Pass, Label: cr.Label, Diff: cr.Diff})
	}
	if cov == nil {
		return r
	}
	cj := &CoverageJSON{
		Cases:      cov.Evaluations,
		Rules:      Tally{cov.RulesCovered(), len(cov.Rules), round1(cov.RulePercent())},
		DecideRows: Tally{cov.RowsCovered(), len(cov.Rows), round1(cov.RowPercent())},
		Options:    Tally{cov.OptionsCovered(), len(cov.Options), round1(cov.OptionPercent())},
		RuleHits:   []Hit{},
		RowHits:    []RowHit{},
		OptionHits: []OptHit{},
		Unreached:  unreached(cov),
	}
	for _, h := range cov.Rules {
		cj.RuleHits = append(cj.RuleHits, Hit{Rule: h.Rule.ID, Pos: h.Rule.Pos, Cases: h.Hits})
	}
	for _, h := range cov.Rows {
		cj.RowHits = append(cj.RowHits, RowHit{Role: h.Role.ID, Row: h.Index + 1, Level: h.Row.Level, Pos: h.Row.Pos, Cases: h.Hits})
	}
	for _, h := range cov.Options {
		cj.OptionHits = append(cj.OptionHits, OptHit{Question: h.Question.ID, Option: h.Option.ID, Cases: h.Hits})
	}
	r.Coverage = cj
	return r
}

// unreached lists the decide rows and rules no case reaches, at their places.
func unreached(cov *rules.Coverage) []string {
	out := []string{}
	for _, h := range cov.Rows {
		if h.Hits == 0 {
			out = append(out, fmt.Sprintf("%s: decide %s row %d", h.Row.Pos, h.Role.ID, h.Index+1))
		}
	}
	for _, h := range cov.Rules {
		if h.Hits == 0 {
			out = append(out, fmt.Sprintf("%s: rule %s", h.Rule.Pos, h.Rule.ID))
		}
	}
	return out
}

func round1(p float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(p, 'f', 1, 64), 64)
	return v
}

// percent formats a percentage for people: whole when it is, else to one
// decimal ("75%", "83.3%"), never 100% unless every item is covered.
func percent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if p < 100 && s == "100.0" {
		s = "99.9"
	}
	return strings.TrimSuffix(s, ".0") + "%"
}

func writeText(w io.Writer, results []rules.CaseResult, cov *rules.Coverage, rulesName string, cs *iostreams.ColorScheme) {
	passed, failed := 0, 0
	for _, r := range results {
		where := fmt.Sprintf("%s:%d", r.Case.Pos.File, r.Case.Pos.Line)
		if r.Pass {
			passed++
			fmt.Fprintf(w, "%s  %s  %s\n", cs.Green("PASS"), cs.Gray(where), r.Case.Name)
			continue
		}
		failed++
		fmt.Fprintf(w, "%s  %s  %s: %s\n", cs.Red("FAIL"), where, r.Case.Name, r.Diff)
		if r.Case.Why != "" {
			fmt.Fprintf(w, "      %s\n", cs.Gray("why: "+r.Case.Why))
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	if cov != nil {
		writeCoverage(w, cov, rulesName, cs)
	}
}

// writeCoverage prints the coverage: each rule and decide row with the
// number of cases that reach it, each question's options with the number
// that use them, then what no case reaches, at its place.
func writeCoverage(w io.Writer, cov *rules.Coverage, rulesName string, cs *iostreams.ColorScheme) {
	hits := func(n int) string {
		s := fmt.Sprintf("%5d", n)
		if n == 0 {
			return cs.Red(s)
		}
		return s
	}
	name := rulesName
	if name == "embedded" {
		name = "the embedded rules"
	}
	fmt.Fprintf(w, "\nCoverage of %s by %s:\n", name, text.Count(cov.Evaluations, "case"))
	fmt.Fprintf(w, "  decide rows  %d of %d chosen (%s)\n", cov.RowsCovered(), len(cov.Rows), percent(cov.RowPercent()))
	fmt.Fprintf(w, "  rules        %d of %d fired (%s)\n", cov.RulesCovered(), len(cov.Rules), percent(cov.RulePercent()))
	fmt.Fprintf(w, "  options      %d of %d used (%s)\n", cov.OptionsCovered(), len(cov.Options), percent(cov.OptionPercent()))

	fmt.Fprintf(w, "\nDecide rows (cases that chose each):\n")
	var role *rules.Role
	for _, h := range cov.Rows {
		if h.Role != role {
			role = h.Role
			fmt.Fprintf(w, "  %s\n", role.Title)
		}
		fmt.Fprintf(w, "  %s  row %d, %s: %s\n", hits(h.Hits), h.Index+1, h.Row.Level, text.OneLine(h.Row.Because))
	}
	fmt.Fprintf(w, "\nRules (cases that fired each):\n")
	for _, h := range cov.Rules {
		fmt.Fprintf(w, "  %s  %s: %s\n", hits(h.Hits), h.Rule.ID, text.OneLine(h.Rule.Description))
	}
	fmt.Fprintf(w, "\nOptions (cases that answered each):\n")
	var q *rules.Question
	var line []string
	flush := func() {
		if q != nil {
			fmt.Fprintf(w, "  %s (%s)\n      %s\n", q.Prompt, q.ID, strings.Join(line, ", "))
		}
		line = nil
	}
	for _, h := range cov.Options {
		if h.Question != q {
			flush()
			q = h.Question
		}
		n := strconv.Itoa(h.Hits)
		if h.Hits == 0 {
			n = cs.Red(n)
		}
		line = append(line, h.Option.ID+" "+n)
	}
	flush()

	if u := unreached(cov); len(u) > 0 {
		fmt.Fprintf(w, "\nNot reached by any case:\n")
		for _, h := range cov.Rows {
			if h.Hits == 0 {
				fmt.Fprintf(w, "  %s: decide %s row %d (%s): %s\n", h.Row.Pos, h.Role.ID, h.Index+1, h.Row.Level, text.OneLine(h.Row.Because))
			}
		}
		for _, h := range cov.Rules {
			if h.Hits == 0 {
				fmt.Fprintf(w, "  %s: rule %s: %s\n", h.Rule.Pos, h.Rule.ID, text.OneLine(h.Rule.Description))
			}
		}
	} else {
		fmt.Fprintf(w, "\nEvery rule and decide row is reached by some case.\n")
	}
}
