package advisor

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// topReasons is how many reasons text and markdown show without --explain.
const topReasons = 5

// topChanges is how many what-if changes text shows without --explain.
const topChanges = 8

// whatIfIncomplete is said when the what-if search stopped at its limit.
const whatIfIncomplete = "The rules allow too many changes to try them all: the search stopped at its limit, and others may exist"

// barWidth is the width of a score bar in characters.
const barWidth = 20

// RenderText writes the report for a person at a terminal: the headline,
// each role's level and score with a bar, the main reasons with their
// sources, what would change the answer, notes, disputed points and the
// assumed answers; with Explain, every reason and the full trace.
func RenderText(w io.Writer, r *Report, opt RenderOptions) error {
	cs := iostreams.NewColorScheme(opt.Color)
	p := &printer{w: w}

	p.f("%s %s\n", cs.Bold(r.Headline), cs.Gray("("+r.Recommendation+")"))

	p.f("\n%s\n", cs.Bold("Roles"))
	titleW, levelW := 0, 0
	maxScore := 1.0
	for _, role := range r.Roles {
		titleW = max(titleW, len(role.Title))
		levelW = max(levelW, len(role.Level))
		maxScore = math.Max(maxScore, role.Score)
	}
	for _, role := range r.Roles {
		level := pad(string(role.Level), levelW)
		switch role.Level {
		case rules.LevelFullTime:
			level = cs.Green(level)
		case rules.LevelFractional:
			level = cs.Yellow(level)
		}
		p.f("  %s  %s  %s %6s", pad(role.Title, titleW), level, bar(role.Score, maxScore), formatScore(role.Score))
		if role.Covered {
			p.f("  %s", cs.Gray(CoveredText(role)))
		}
		p.f("\n")
		if role.Because != "" {
			indent := strings.Repeat(" ", titleW+4)
			for _, l := range wrapTo(role.Because, opt.Width-len(indent)) {
				p.f("%s%s\n", indent, cs.Gray(l))
			}
		}
	}

	if len(r.Fired) > 0 {
		reasons := reasonOrder(r.Fired)
		heading := "Main reasons"
		if opt.Explain || len(reasons) <= topReasons {
			heading = "Reasons"
		}
		p.f("\n%s\n", cs.Bold(heading))
		shown := reasons
		if !opt.Explain && len(shown) > topReasons {
			shown = shown[:topReasons]
		}
		for _, f := range shown {
			lines := wrapTo(f.Description+" ["+formatWeights(f.Add, r.Roles)+"]", opt.Width-4)
			for i, l := range lines {
				if i == 0 {
					p.f("  • %s\n", l)
				} else {
					p.f("    %s\n", l)
				}
			}
			for _, s := range f.Sources {
				p.f("      %s\n", cs.Gray(sourceLine(s)))
				if opt.Explain && s.Quote != "" {
					for _, l := range wrapTo("“"+s.Quote+"”", opt.Width-8) {
						p.f("        %s\n", cs.Gray(l))
					}
				}
			}
			if f.Basis == rules.BasisJudgement {
				p.f("      %s\n", cs.Gray("Judgement: no source records this; it is the rule authors' view."))
			}
		}
		if n := len(reasons) - len(shown); n > 0 {
			p.f("  %s\n", cs.Gray(fmt.Sprintf("and %d more (--explain lists them all)", n)))
		}
	}

	p.f("\n%s\n", cs.Bold("What would change the answer"))
	switch {
	case len(r.WhatIf) == 0 && r.WhatIfIncomplete:
		p.f("  None of the changes tried changes the recommendation.\n")
	case len(r.WhatIf) == 0:
		p.f("  No single change of answer changes the recommendation.\n")
	}
	changes := r.WhatIf
	if !opt.Explain && len(changes) > topChanges {
		changes = changes[:topChanges]
	}
	for _, c := range changes {
		q := questionOf(opt.Rules, c.Question)
		line := fmt.Sprintf("%s: %s instead of %s → %s", c.Question, FormatValue(c.To, q, false), FormatValue(c.From, q, false), cs.Bold(c.Recommendation))
		if d := DescribeLabel(opt.Rules, c.Recommendation); d != "" {
			line += " " + cs.Gray("("+d+")")
		}
		p.f("  • %s\n", line)
	}
	if n := len(r.WhatIf) - len(changes); n > 0 {
		p.f("  %s\n", cs.Gray(fmt.Sprintf("and %d more (--explain lists them all)", n)))
	}
	if r.WhatIfIncomplete {
		p.f("  %s\n", cs.Gray(whatIfIncomplete))
	}

	if len(r.Notes) > 0 {
		p.f("\n%s\n", cs.Bold("Notes"))
		for _, n := range r.Notes {
			p.f("  • %s\n", n)
		}
	}

	if len(r.Disputes) > 0 {
		p.f("\n%s\n", cs.Bold("Where sources disagree"))
		for _, d := range r.Disputes {
			p.f("  • %s\n", d.View)
			p.f("      %s %s\n", cs.Gray("this view:"), cs.Gray(sourceIDs(d.Sources)))
			p.f("      %s %s %s\n", cs.Gray("other view:"), d.OtherView, cs.Gray(sourceIDs(d.OtherSource)))
		}
	}

	if opt.Explain {
		p.f("\n%s\n", cs.Bold("Answers"))
		idW := 0
		for _, a := range r.Answers {
			idW = max(idW, len(a.ID))
		}
		for _, a := range r.Answers {
			mark := ""
			switch {
			case slices.Contains(r.Ignored, a.ID):
				mark = " " + cs.Gray("(the answer given does not apply; default used)")
			case slices.Contains(r.Assumed, a.ID):
				mark = " " + cs.Gray("(assumed)")
			}
			p.f("  %s  %s%s\n", pad(a.ID, idW), FormatValue(a.Value, questionOf(opt.Rules, a.ID), false), mark)
		}
		p.f("\n%s\n", cs.Bold("Trace (every condition evaluated, in order)"))
		if len(r.Trace) == 0 {
			p.f("  (no trace in this report)\n")
		}
		ctxW := 0
		for _, t := range r.Trace {
			ctxW = max(ctxW, len(t.Context))
		}
		for _, t := range r.Trace {
			v := cs.Red("false")
			if t.Value {
				v = cs.Green("true ")
			}
			p.f("  %s  %s  %s  %s\n", v, pad(t.Context, ctxW), text.OneLine(t.Expr), cs.Gray(t.Pos))
		}
	} else if len(r.Assumed) > 0 {
		var parts []string
		for _, id := range r.Assumed {
			var v any
			for _, a := range r.Answers {
				if a.ID == id {
					v = a.Value
				}
			}
			parts = append(parts, id+" = "+FormatValue(v, questionOf(opt.Rules, id), false))
		}
		p.f("\n%s %s\n", cs.Bold("Assumed (defaults):"), strings.Join(parts, ", "))
		if len(r.Ignored) > 0 {
			p.f("%s %s\n", cs.Bold("Ignored (answered, but the question does not apply):"), strings.Join(r.Ignored, ", "))
		}
	}

	p.f("\n%s\n", cs.Gray(fmt.Sprintf("Rules: %s (version %d, sha256 %s)", r.Rules.Path, r.Rules.Version, shortDigest(r.Rules.SHA256))))
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// bar draws a score as a bar of barWidth characters relative to the
// largest score; zero and negative scores draw an empty bar.
func bar(score, maxScore float64) string {
	n := 0
	if score > 0 {
		n = int(math.Round(score / maxScore * barWidth))
		n = max(1, min(n, barWidth))
	}
	return strings.Repeat("█", n) + strings.Repeat("░", barWidth-n)
}

// wrapTo wraps text to width, or leaves it whole when width is not set.
func wrapTo(text string, width int) []string {
	if width < 20 {
		return []string{text}
	}
	return wrap(text, width)
}

func pad(s string, w int) string {
	if n := w - len([]rune(s)); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

func sourceLine(s SourceRef) string {
	line := s.ID + " " + s.Title
	if s.Ref != "" {
		line += " (" + s.Ref + ")"
	}
	return line
}

func sourceIDs(refs []SourceRef) string {
	ids := make([]string, len(refs))
	for i, s := range refs {
		ids[i] = s.ID
	}
	return "[" + strings.Join(ids, ", ") + "]"
}

func questionOf(rs *rules.Ruleset, id string) *rules.Question {
	if rs == nil {
		return nil
	}
	return rs.Question(id)
}
