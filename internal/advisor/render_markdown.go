package advisor

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

// RenderMarkdown writes the report as a memo a founder can paste into a
// board pack: the recommendation, a table of roles, the reasons with
// numbered source references, what would change it, the points where
// sources disagree, the answers it rests on and the sources.
func RenderMarkdown(w io.Writer, r *Report, opt RenderOptions) error {
	p := &printer{w: w}
	p.f("# Technology leadership: recommendation\n\n")
	p.f("**%s** (`%s`)\n\n", mdEscape(r.Headline), r.Recommendation)

	p.f("## Roles\n\n")
	p.f("| Role | Level | Score | Action | Why |\n|---|---|---:|---|---|\n")
	for _, role := range r.Roles {
		action := role.Action
		if role.Covered {
			action += " (" + CoveredText(role) + ")"
		}
		p.f("| %s | %s | %s | %s | %s |\n", mdCell(role.Title), role.Level, formatScore(role.Score), action, mdCell(role.Because))
	}

	// Sources are numbered in order of first citation.
	var cited []SourceRef
	num := map[string]int{}
	cite := func(refs []SourceRef) string {
		var marks []string
		for _, s := range refs {
			if _, ok := num[s.ID]; !ok {
				cited = append(cited, s)
				num[s.ID] = len(cited)
			}
			marks = append(marks, fmt.Sprintf("[%d]", num[s.ID]))
		}
		return strings.Join(marks, "")
	}

	reasons := reasonOrder(r.Fired)
	if !opt.Explain && len(reasons) > topReasons {
		reasons = reasons[:topReasons]
	}
	p.f("\n## Why\n\n")
	if len(reasons) == 0 {
		p.f("No rule applied to these answers.\n")
	}
	for i, f := range reasons {
		p.f("%d. %s (%s) %s\n", i+1, mdEscape(f.Description), formatWeights(f.Add, r.Roles), cite(f.Sources))
	}
	if n := len(r.Fired) - len(reasons); n > 0 {
		p.f("\n%d further considerations were weighed; `orgadvisor advise --explain` lists them all.\n", n)
	}

	p.f("\n## What would change this recommendation\n\n")
	if len(r.WhatIf) == 0 && r.WhatIfIncomplete {
		p.f("None of the changes tried changes the recommendation.\n")
	} else if len(r.WhatIf) == 0 {
		p.f("No single change of answer changes the recommendation.\n")
	} else {
		p.f("| If | instead of | the recommendation becomes |\n|---|---|---|\n")
		changes := r.WhatIf
		if !opt.Explain && len(changes) > topChanges {
			changes = changes[:topChanges]
		}
		for _, c := range changes {
			q := questionOf(opt.Rules, c.Question)
			name := c.Question
			if q != nil {
				name = q.Prompt
			}
			to := "`" + c.Recommendation + "`"
			if d := DescribeLabel(opt.Rules, c.Recommendation); d != "" {
				to += " (" + d + ")"
			}
			p.f("| %s %s | %s | %s |\n", mdCell(name), mdCell(FormatValue(c.To, q, true)), mdCell(FormatValue(c.From, q, true)), to)
		}
	}
	if r.WhatIfIncomplete {
		p.f("\n*%s.*\n", whatIfIncomplete)
	}

	if len(r.Disputes) > 0 {
		p.f("\n## Where the sources disagree\n\n")
		for _, d := range r.Disputes {
			p.f("- **This advice:** %s %s  \n  **Other view:** %s %s\n", mdEscape(d.View), cite(d.Sources), mdEscape(d.OtherView), cite(d.OtherSource))
		}
	}

	if len(r.Notes) > 0 {
		p.f("\n## Notes\n\n")
		for _, n := range r.Notes {
			p.f("- %s\n", mdEscape(n))
		}
	}

	p.f("\n## Answers this rests on\n\n| Question | Answer |\n|---|---|\n")
	for _, a := range r.Answers {
		q := questionOf(opt.Rules, a.ID)
		name := a.ID
		if q != nil {
			name = q.Prompt
		}
		v := mdCell(FormatValue(a.Value, q, true))
		switch {
		case slices.Contains(r.Ignored, a.ID):
			v += " *(the answer given does not apply; default used)*"
		case slices.Contains(r.Assumed, a.ID):
			v += " *(assumed)*"
		}
		p.f("| %s | %s |\n", mdCell(name), v)
	}

	if len(cited) > 0 {
		p.f("\n## Sources\n\n")
		for i, s := range cited {
			ref := s.Ref
			if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
				ref = "<" + ref + ">"
			} else if ref != "" {
				ref = "`" + ref + "`"
			}
			kind := ""
			if s.Kind != "" {
				kind = " (" + s.Kind + ")"
			}
			p.f("%d. %s%s, %s\n", i+1, mdEscape(s.Title), kind, ref)
		}
	}

	if opt.Explain && len(r.Trace) > 0 {
		p.f("\n## Trace\n\n| Value | Where | Condition | Position |\n|---|---|---|---|\n")
		for _, t := range r.Trace {
			p.f("| %t | %s | `%s` | %s |\n", t.Value, t.Context, strings.ReplaceAll(text.OneLine(t.Expr), "|", `\|`), t.Pos)
		}
	}

	p.f("\n---\n*Prepared with orgadvisor; rules: %s, version %d, sha256 %s.*\n", mdEscape(r.Rules.Path), r.Rules.Version, shortDigest(r.Rules.SHA256))
	return p.err
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
