package advisor

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// barWidth is the widest a score bar is drawn, in columns.
const barWidth = 20

// defaultWidth is the width text is wrapped to when the output is not a
// terminal; minWidth the narrowest it is laid out for.
const (
	defaultWidth = 80
	minWidth     = 40
)

// RenderText writes the report for a person at a terminal, every line
// wrapped to opt.Width (80 columns when it is 0): the headline; each role
// with its level, its score on a bar and a one-line reason; the main
// reasons with numbered references; what would change the answer, as the
// organisation grows and if it decides; the notes of the main reasons; how
// many points the sources dispute; the answers assumed; and the sources.
// With Explain: every reason, change, note and disputed point, every answer
// and the trace.
func RenderText(w io.Writer, r *Report, opt RenderOptions) error {
	v := newView(r, opt)
	width := opt.Width
	if width <= 0 {
		width = defaultWidth
	}
	t := &textWriter{p: &printer{w: w}, width: max(width, minWidth), cs: iostreams.NewColorScheme(opt.Color)}
	cs := t.cs

	t.para("", "", v.Headline, cs.Bold)
	if v.Explain {
		t.para("", "", "Recommendation: "+v.Label, cs.Gray)
	}

	t.roles(v)

	if len(v.Reasons) > 0 {
		heading := "Main reasons"
		if v.MoreReasons == 0 {
			heading = "Reasons"
		}
		t.heading(heading)
		for _, rv := range v.Reasons {
			s := rv.Sentence()
			if j := rv.JudgementWords(); j != "" {
				s += " " + j
			}
			if len(rv.Refs) > 0 {
				s += " " + refMarks(rv.Refs)
			}
			if rv.Weights != "" {
				s += " (" + rv.Weights + ")"
			}
			t.para("  • ", "    ", s, nil)
			for _, q := range rv.Quotes {
				t.para(fmt.Sprintf("      [%d] ", q.Ref), "          ", "“"+q.Text+"”", cs.Gray)
			}
		}
	}

	t.heading("What would change the answer")
	if v.Unchanged != "" {
		t.para("  ", "  ", v.Unchanged, nil)
	}
	for _, part := range []struct {
		title   string
		changes []changeView
	}{{"As you grow", v.Growth}, {"If you decide", v.Decide}, {"Other single changes", v.Others}} {
		if len(part.changes) == 0 {
			continue
		}
		if part.title == "If you decide" && v.NoGrowth != "" {
			t.lead("  As you grow: ", lowerFirst(v.NoGrowth))
		}
		t.para("  ", "  ", part.title, cs.Bold)
		for _, c := range part.changes {
			line := c.Line()
			if v.Explain {
				line += " (" + c.Label + ")"
			}
			t.para("    • ", "      ", line, nil)
		}
	}
	if v.Incomplete {
		t.para("  ", "  ", whatIfIncomplete, cs.Gray)
	}

	if len(v.Notes) > 0 {
		t.heading("Notes")
		for _, n := range v.Notes {
			t.para("  • ", "    ", n, nil)
		}
	}

	if len(v.Disputes) > 0 {
		t.heading("Where sources disagree")
		for _, d := range v.Disputes {
			t.para("  • ", "    ", d.View+" "+refMarks(d.Refs), nil)
			t.para("    Other view: ", "    ", d.Other+" "+refMarks(d.OtherRefs), cs.Gray)
		}
	}

	if v.Explain {
		t.answers(v)
	} else if more := v.more(); more != "" || len(v.Assumed) > 0 || len(v.Ignored) > 0 {
		t.blank()
		if len(v.Assumed) > 0 {
			t.lead("Assumed (not answered): ", answerList(v.Assumed))
		}
		if len(v.Ignored) > 0 {
			names := make([]string, len(v.Ignored))
			for i, a := range v.Ignored {
				names[i] = a.Short
			}
			t.lead("Not used (answered, but the question does not apply): ", strings.Join(names, "; ")+".")
		}
		if more != "" {
			t.para("", "", more, nil)
		}
	}

	if len(v.Sources) > 0 {
		t.heading("Sources")
		for _, s := range v.Sources {
			line := s.Title
			if s.Kind != "" {
				line += " (" + s.Kind + ")"
			}
			id := ""
			if v.Explain {
				id = "(id " + s.ID + ")"
			}
			first := fmt.Sprintf("  [%d] ", s.N)
			t.source(first, line, id, s.URL)
		}
	}

	if v.Explain {
		t.trace(v)
		t.blank()
		t.para("", "", fmt.Sprintf("Rules: %s (version %d, sha256 %s)", v.Rules.Path, v.Rules.Version, shortDigest(v.Rules.SHA256)), cs.Gray)
	}
	return t.p.err
}

// more says, in one line, what the short report left out: how many
// points the sources dispute, and the reasons, changes and notes that
// --explain adds. "" when nothing was left out. At a terminal it names the
// flag; a shared file (Markdown, HTML) names the command, for whoever
// holds the answers; for a web page's reader (moreShared), which has no
// such command, the page's link to the full report.
func (v *reportView) more() string {
	left := v.leftOut()
	if left == "" {
		return ""
	}
	return "More with --explain: " + left + "."
}

// moreShared is more for a file that leaves the terminal (Markdown, HTML).
// The HTML page of a web page links to the full report right after it.
func (v *reportView) moreShared() string {
	left := v.leftOut()
	switch {
	case left == "":
		return ""
	case v.Reader == ReaderWeb && v.FullReport != "":
		return "Left out for brevity: " + left + "."
	case v.Reader == ReaderWeb:
		return "Left out for brevity: " + left + "; the advice page's link “Show the full report” shows them."
	}
	return "Left out for brevity: " + left + "; `orgadvisor advise --explain` with the same answers shows them."
}

// leftOut counts what the short report left out, or "".
func (v *reportView) leftOut() string {
	if v.Full {
		return ""
	}
	var parts []string
	if v.DisputeCount > 0 {
		parts = append(parts, text.Count(v.DisputeCount, "disputed point"))
	}
	for _, m := range []struct {
		n    int
		what string
	}{{v.MoreReasons, "reason"}, {v.MoreChanges, "change"}, {v.MoreNotes, "note"}} {
		if m.n > 0 {
			parts = append(parts, text.Count(m.n, m.what))
		}
	}
	return strings.Join(parts, ", ")
}

// textWriter lays out wrapped, styled paragraphs.
type textWriter struct {
	p     *printer
	width int
	cs    *iostreams.ColorScheme
}

func (t *textWriter) blank() { t.p.f("\n") }

func (t *textWriter) heading(s string) {
	t.blank()
	t.p.f("%s\n", t.cs.Bold(s))
}

// para writes text wrapped to the width, after first on the first line
// and rest on the others; style, if any, colours the text, not the indent.
func (t *textWriter) para(first, rest, s string, style func(string) string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	ind := first
	for _, l := range text.Wrap(s, t.width-max(text.Width(first), text.Width(rest))) {
		if style != nil {
			l = style(l)
		}
		t.p.f("%s%s\n", ind, l)
		ind = rest
	}
}

// lead writes a paragraph whose first words are bold, indented as lead
// is.
func (t *textWriter) lead(lead, s string) {
	words := strings.TrimSpace(lead)
	indent := lead[:strings.Index(lead, words)]
	for i, l := range text.Wrap(words+" "+s, t.width-len(indent)) {
		if i == 0 && strings.HasPrefix(l, words) {
			l = t.cs.Bold(words) + l[len(words):]
		}
		t.p.f("%s%s\n", indent, l)
	}
}

// source writes a numbered source: its words wrapped after first, then
// each of whole, never broken (an id, an address): on the last line when
// it fits there, else on a line of its own, indented as the words are
// when it fits so, else as the list is, else from the margin (a terminal
// folds a longer address softly, which keeps it whole for copying and
// clicking).
func (t *textWriter) source(first, words string, whole ...string) {
	rest := strings.Repeat(" ", text.Width(first))
	lines := text.Wrap(words, t.width-len(rest))
	indents := make([]string, len(lines))
	for i := range indents {
		indents[i] = rest
	}
	indents[0] = first
	for _, w := range whole {
		if w == "" {
			continue
		}
		last := len(lines) - 1
		if text.Width(indents[last])+text.Width(lines[last])+1+text.Width(w) <= t.width {
			lines[last] += " " + w
			continue
		}
		ind := rest
		for _, ind = range []string{rest, "  ", ""} {
			if len(ind)+text.Width(w) <= t.width {
				break
			}
		}
		lines, indents = append(lines, w), append(indents, ind)
	}
	for i, l := range lines {
		t.p.f("%s%s\n", indents[i], l)
	}
}

// roles writes the roles: level, score bar, who is in place and why.
func (t *textWriter) roles(v *reportView) {
	cs := t.cs
	titleW, levelW := 0, 0
	for _, r := range v.Roles {
		titleW = max(titleW, text.Width(r.Title))
		levelW = max(levelW, text.Width(string(r.Level)))
	}
	// The bar takes what the line leaves, up to barWidth; under 5 columns
	// it would say nothing.
	// Each mark adds a divider column; the bars of one report are padded
	// to the same width, so that the scores line up.
	bw, divW := 0, 0
	if v.Scale > 0 {
		for _, r := range v.Roles {
			divW = max(divW, len(r.Marks))
		}
		bw = min(barWidth, t.width-(2+titleW+2+levelW+2+divW+5))
		if bw < 5 {
			bw = 0
		}
		divW = 0
		for _, r := range v.Roles {
			divW = max(divW, dividers(v.Scale, r.Marks, bw))
		}
	}
	t.blank()
	legend := ""
	if bw > 0 {
		past := ""
		for _, r := range v.Roles {
			if r.Score > v.Scale {
				past = " (▶ past it)"
			}
		}
		legend = fmt.Sprintf("score, on a bar from 0 to %s%s; │ where the level can change", formatScale(v.Scale), past)
	}
	if text.Width("Roles  "+legend) <= t.width {
		t.p.f("%s  %s\n", cs.Bold("Roles"), cs.Gray(legend))
	} else {
		t.p.f("%s\n", cs.Bold("Roles"))
		if legend != "" {
			t.para("  ", "  ", legend, cs.Gray)
		}
	}
	for _, r := range v.Roles {
		level := text.PadRight(string(r.Level), levelW)
		switch r.Level {
		case rules.LevelFullTime:
			level = cs.Green(level)
		case rules.LevelFractional:
			level = cs.Yellow(level)
		}
		line := "  " + text.PadRight(r.Title, titleW) + "  " + level
		plainW := 2 + titleW + 2 + levelW
		if bw > 0 {
			line += "  " + text.PadRight(bar(r.Score, v.Scale, r.Marks, bw), bw+divW) + fmt.Sprintf(" %4s", formatScore(r.Score))
			plainW += 2 + bw + divW + 5
		}
		// The line says who is in place, briefly; --explain says what that
		// means for the need.
		covered := r.InPlace
		if v.Explain {
			covered = r.Covered
		}
		if covered != "" && plainW+2+text.Width(covered) <= t.width {
			t.p.f("%s  %s\n", line, cs.Gray(covered))
		} else {
			t.p.f("%s\n", line)
			if covered != "" {
				t.para("    ", "    ", upperFirst(covered)+".", cs.Gray)
			}
		}
		t.para("    ", "    ", r.Reason, cs.Gray)
	}
}

// bar draws a score on a fixed scale, 0 to scale, in width cells, with a
// divider (│) between the cells at each mark: the same score gives the
// same bar in every report of the same rules. A divider takes a column of
// its own and stands for no score, so it reads the same inside the filled
// part as outside it; a bar has width columns plus one per mark in range.
// A cell is filled when the score reaches its end, so a bar reaches a
// divider exactly when the score reaches the mark. A score past the scale
// fills the bar and ends it with an arrow (▶), so that a score of 16
// beside a bar "from 0 to 10" does not read as a misprint; zero and below
// draw it empty.
func bar(score, scale float64, marks []float64, width int) string {
	filled := 0
	if score > 0 {
		filled = int(math.Floor(math.Min(score, scale)/scale*float64(width) + 1e-9))
	}
	divider := make([]bool, width+1)
	for _, m := range marks {
		if k := int(math.Round(m / scale * float64(width))); k >= 0 && k <= width {
			divider[k] = true
		}
	}
	var b strings.Builder
	for i := 0; i <= width; i++ {
		if divider[i] {
			b.WriteRune('│')
		}
		switch {
		case i == width:
		case i == width-1 && score > scale:
			b.WriteRune('▶')
		case i < filled:
			b.WriteRune('█')
		default:
			b.WriteRune('░')
		}
	}
	return b.String()
}

// dividers counts the dividers bar draws for marks.
func dividers(scale float64, marks []float64, width int) int {
	return strings.Count(bar(0, scale, marks, width), "│")
}

func formatScale(s float64) string { return strings.TrimSuffix(fmt.Sprintf("%g", s), ".0") }

// answerList says answers briefly, in lower case after each colon as in
// the rest of the line: "stage: established; security needs: moderate;
// standards to meet: SOC 2".
func answerList(as []answerView) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Short + ": " + lowerFirst(a.Brief)
	}
	return strings.Join(parts, "; ") + "."
}

// answers writes every answer with its id (--explain).
func (t *textWriter) answers(v *reportView) {
	t.heading("Answers")
	idW := 0
	for _, a := range v.Answers {
		idW = max(idW, text.Width(a.ID))
	}
	for _, a := range v.Answers {
		s := a.Answer
		switch {
		case a.Ignored:
			s += " (the answer given does not apply; default used)"
		case a.Skipped:
			s += " (does not apply)"
		case a.Assumed:
			s += " (assumed)"
		}
		first := "  " + text.PadRight(a.ID, idW) + "  "
		t.para(first, strings.Repeat(" ", text.Width(first)), s, nil)
	}
}

// trace writes every condition evaluated (--explain).
func (t *textWriter) trace(v *reportView) {
	cs := t.cs
	t.heading("Trace (every condition evaluated, in order)")
	if len(v.Trace) == 0 {
		t.para("  ", "  ", "(no trace in this report)", nil)
	}
	for _, s := range v.Trace {
		mark := cs.Red("false")
		if s.Value {
			mark = cs.Green("true ")
		}
		// "  false  " is nine columns, whatever its colour codes.
		for i, l := range text.Wrap(s.Context+": "+text.OneLine(s.Expr)+" ("+s.Pos+")", t.width-9) {
			if i == 0 {
				t.p.f("  %s  %s\n", mark, l)
			} else {
				t.p.f("         %s\n", l)
			}
		}
	}
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

// pad pads s with spaces to w columns.
func pad(s string, w int) string { return text.PadRight(s, w) }

func questionOf(rs *rules.Ruleset, id string) *rules.Question {
	if rs == nil {
		return nil
	}
	return rs.Question(id)
}
