package advisor

import (
	"fmt"
	"io"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

// RenderMarkdown writes the report as a memo a founder can paste into a
// board pack, with the text report's structure: the recommendation, a
// table of roles, the main reasons with their sources as numbered
// footnotes, what would change it as the organisation grows and if it
// decides, the notes, the answers it rests on and the sources. With
// DetailFull: every reason, change and note and the disputed points;
// Explain adds the ids and the trace. A brief memo says where the rest is
// in its reader's terms (RenderOptions.Reader).
func RenderMarkdown(w io.Writer, r *Report, opt RenderOptions) error {
	v := newView(r, opt)
	p := &printer{w: w}
	p.f("# Technology leadership: recommendation\n\n")
	p.f("**%s**\n", mdEscape(v.Headline))
	if v.Explain {
		p.f("\nRecommendation: `%s`\n", v.Label)
	}

	p.f("\n## Roles\n\n")
	if v.Scale > 0 {
		p.f("| Role | Level | Score | Level can change at | Action | Why |\n|---|---|---:|---|---|---|\n")
	} else {
		p.f("| Role | Level | Score | Action | Why |\n|---|---|---:|---|---|\n")
	}
	for _, role := range v.Roles {
		action := mdCell(role.ActionText)
		if v.Scale > 0 {
			p.f("| %s | %s | %s | %s | %s | %s |\n", mdCell(role.Title), role.Level, formatScore(role.Score), markList(role.Marks), action, mdCell(role.Because))
		} else {
			p.f("| %s | %s | %s | %s | %s |\n", mdCell(role.Title), role.Level, formatScore(role.Score), action, mdCell(role.Because))
		}
	}
	if v.Scale > 0 {
		p.f("\n*Level can change at: %s.*\n", mdEscape(marksMeaning))
	}

	heading := "Main reasons"
	if v.MoreReasons == 0 {
		heading = "Reasons"
	}
	p.f("\n## %s\n\n", heading)
	if len(v.Reasons) == 0 {
		p.f("No rule applied to these answers.\n")
	}
	for i, rv := range v.Reasons {
		s := mdEscape(rv.Sentence())
		if j := rv.JudgementWords(); j != "" {
			s += " *" + j + "*"
		}
		if rv.Weights != "" {
			s += " (" + rv.Weights + ")"
		}
		p.f("%d. %s%s\n", i+1, s, footnotes(rv.Refs))
		for _, q := range rv.Quotes {
			p.f("   > “%s”%s\n", mdEscape(q.Text), footnotes([]int{q.Ref}))
		}
	}

	p.f("\n## What would change this recommendation\n\n")
	if v.Unchanged != "" {
		p.f("%s\n", v.Unchanged)
	}
	for _, part := range []struct {
		title   string
		changes []changeView
	}{{"As you grow", v.Growth}, {"If you decide", v.Decide}, {"Other single changes", v.Others}} {
		if len(part.changes) == 0 {
			if part.title == "As you grow" && v.NoGrowth != "" {
				p.f("**As you grow:** %s\n\n", lowerFirst(v.NoGrowth))
			}
			continue
		}
		p.f("**%s**\n\n", part.title)
		for _, c := range part.changes {
			line := mdEscape(c.Line())
			if v.Explain {
				line += " (`" + c.Label + "`)"
			}
			p.f("- %s\n", line)
		}
		p.f("\n")
	}
	if v.Incomplete {
		p.f("*%s.*\n\n", whatIfIncomplete)
	}

	if len(v.Notes) > 0 {
		p.f("## Notes\n\n")
		for _, n := range v.Notes {
			p.f("- %s\n", mdEscape(n))
		}
		p.f("\n")
	}

	if len(v.Disputes) > 0 {
		p.f("## Where the sources disagree\n\n")
		for _, d := range v.Disputes {
			p.f("- **This advice:** %s%s  \n  **Other view:** %s%s\n", mdEscape(d.View), footnotes(d.Refs), mdEscape(d.Other), footnotes(d.OtherRefs))
		}
		p.f("\n")
	}
	if more := v.moreShared(); more != "" {
		p.f("*%s*\n\n", more)
	}

	p.f("## Answers this rests on\n\n| Question | Answer |\n|---|---|\n")
	for _, a := range v.Answers {
		name := mdCell(a.Question)
		if v.Explain {
			name += " (`" + a.ID + "`)"
		}
		answer := mdCell(a.Answer)
		switch {
		case a.Ignored:
			answer += " *(the answer given does not apply; default used)*"
		case a.Skipped:
			answer += " *(does not apply)*"
		case a.Assumed:
			answer += " *(assumed)*"
		}
		p.f("| %s | %s |\n", name, answer)
	}

	if v.Explain && len(v.Trace) > 0 {
		p.f("\n## Trace\n\n| Value | Where | Condition | Position |\n|---|---|---|---|\n")
		for _, t := range v.Trace {
			p.f("| %t | %s | `%s` | %s |\n", t.Value, t.Context, strings.ReplaceAll(text.OneLine(t.Expr), "|", `\|`), t.Pos)
		}
	}

	p.f("\n---\n*Prepared with orgadvisor; rules: %s, version %d, sha256 %s.*\n", mdEscape(v.Rules.Path), v.Rules.Version, shortDigest(v.Rules.SHA256))

	// The sources, as the footnotes the reasons cite.
	if len(v.Sources) > 0 {
		p.f("\n")
		for _, s := range v.Sources {
			line := mdEscape(s.Title)
			if s.Kind != "" {
				line += " (" + s.Kind + ")"
			}
			if s.URL != "" {
				line += ", <" + s.URL + ">"
			}
			if v.Explain {
				line += " (`" + s.ID + "`)"
			}
			p.f("[^%d]: %s\n", s.N, line)
		}
	}
	return p.err
}

// footnotes writes numbered references as Markdown footnotes: "[^1][^3]".
func footnotes(refs []int) string {
	var b strings.Builder
	for _, n := range refs {
		fmt.Fprintf(&b, "[^%d]", n)
	}
	return b.String()
}

// markList writes the scores at which a level can change: "4, 7".
func markList(marks []float64) string {
	parts := make([]string, len(marks))
	for i, m := range marks {
		parts[i] = formatScale(m)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// mdEscape escapes the characters that would start Markdown formatting in
// running text.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// mdCell escapes text for a table cell, where a pipe or a line break would
// end the cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(mdEscape(s), "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
