package server

import (
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The report page shows the advice in people's words: the questions'
// prompts and the options' labels, the sources' titles. It is a short
// page of its own until the `-o html` report (issue 10) can be used here.

// reportPage is what report.html shows.
type reportPage struct {
	Recommendation string
	Headline       string
	// Describe says which roles the recommendation stands for.
	Describe string
	Roles    []reportRole
	Reasons  []reportReason
	WhatIf   []reportChange
	Notes    []string
	Answers  []reportAnswer
	Disputes int
	// The links: back to the form with the answers filled in, to this
	// page, and to its downloads.
	EditURL, PermalinkURL, JSONURL, MarkdownURL string
}

type reportRole struct {
	Title, Level, Action, Because string
}

type reportReason struct {
	Text    string
	Sources []reportSource
}

type reportSource struct {
	Title string
	// URL is the source's address when it has one.
	URL string
}

type reportChange struct {
	Prompt, From, To, Outcome string
}

type reportAnswer struct {
	Prompt, Value string
	Assumed       bool
}

// maxChanges bounds the changes the page lists, nearest first.
const maxChanges = 5

func newReportPage(rs *rules.Ruleset, r *advisor.Report, query string) *reportPage {
	p := &reportPage{
		Recommendation: r.Recommendation, Headline: r.Headline,
		Describe: advisor.DescribeLabel(rs, r.Recommendation),
		Notes:    r.Notes, Disputes: len(r.Disputes),
		EditURL: "/?" + query, PermalinkURL: "/advice?" + query,
		JSONURL: "/advice.json?" + query, MarkdownURL: "/advice.md?" + query,
	}
	for _, role := range r.Roles {
		level := string(role.Level)
		if role.Covered {
			level += ", " + advisor.CoveredText(role)
		}
		p.Roles = append(p.Roles, reportRole{Title: role.Title, Level: level, Action: role.Action, Because: role.Because})
	}
	for _, f := range r.Fired {
		reason := reportReason{Text: f.Description}
		for _, s := range f.Sources {
			src := reportSource{Title: s.Title}
			if strings.HasPrefix(s.Ref, "https://") || strings.HasPrefix(s.Ref, "http://") {
				src.URL = s.Ref
			}
			reason.Sources = append(reason.Sources, src)
		}
		p.Reasons = append(p.Reasons, reason)
	}
	for _, c := range r.WhatIf[:min(len(r.WhatIf), maxChanges)] {
		q := rs.Question(c.Question)
		if q == nil {
			continue
		}
		outcome := advisor.DescribeLabel(rs, c.Recommendation)
		if outcome == "" {
			outcome = c.Recommendation
		}
		p.WhatIf = append(p.WhatIf, reportChange{
			Prompt: q.Prompt, From: advisor.FormatValue(c.From, q, true), To: advisor.FormatValue(c.To, q, true), Outcome: outcome,
		})
	}
	for _, a := range r.Answers {
		q := rs.Question(a.ID)
		if q == nil {
			continue
		}
		p.Answers = append(p.Answers, reportAnswer{Prompt: q.Prompt, Value: advisor.FormatValue(a.Value, q, true), Assumed: slices.Contains(r.Assumed, a.ID)})
	}
	return p
}
