package mcpserver

import (
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
)

// summary is the advise tool's text for people: the headline, then each
// role's level and the reason for it, one line each. The whole report is
// the structured content.
func summary(r *advisor.Report) string {
	var b strings.Builder
	b.WriteString(r.Headline)
	for _, role := range r.Roles {
		b.WriteString("\n" + role.Title + ": " + string(role.Level))
		if role.Covered {
			b.WriteString(" (" + advisor.ActionText(role) + ")")
		}
		if role.Because != "" {
			b.WriteString(". " + role.Because)
		}
	}
	return b.String()
}
