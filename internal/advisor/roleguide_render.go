package advisor

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// RoleGuideSchema is the schema of `orgadvisor roles -o json`.
const RoleGuideSchema = "orgadvisor/roles/v1"

// RoleGuideReport is the role guide for some roles, as `orgadvisor roles`
// prints it and its JSON form.
type RoleGuideReport struct {
	Schema string      `json:"schema"`
	Roles  []RoleGuide `json:"roles"`
	// Disputes are the points the sources disagree on; shown with the CTO
	// and CIO, whose division they concern.
	Disputes []GuideDispute `json:"disputes"`
	// Sources are the sources cited by the roles and disputes shown.
	Sources []GuideSource `json:"sources"`
}

// NewRoleGuideReport builds the guide to the roles named by ids (every role
// when ids is empty), in the order given. An unknown id is an error. The
// sources cited are described by rs, the active rules (rs.Source); a
// source those rules do not declare (a custom rules file) is listed by its
// id alone.
func NewRoleGuideReport(rs *rules.Ruleset, ids []string) (*RoleGuideReport, error) {
	all := RoleGuides()
	if len(ids) == 0 {
		ids = RoleGuideIDs()
	}
	rep := &RoleGuideReport{Schema: RoleGuideSchema, Roles: []RoleGuide{}, Disputes: []GuideDispute{}, Sources: []GuideSource{}}
	full := false
	for _, id := range ids {
		id = strings.ToLower(strings.TrimSpace(id))
		found := false
		for _, g := range all {
			if g.ID == id {
				rep.Roles, found = append(rep.Roles, g), true
				full = full || !g.Fractional
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown role %s; roles: %s", rules.Quote(id), strings.Join(RoleGuideIDs(), ", "))
		}
	}
	if full {
		rep.Disputes = RoleGuideDisputes()
	}
	cited := map[string]bool{}
	for _, g := range rep.Roles {
		for _, a := range RoleGuideAspects() {
			for _, p := range a.Get(g) {
				for _, s := range p.Sources {
					cited[s] = true
				}
			}
		}
	}
	for _, d := range rep.Disputes {
		for _, p := range d.Views {
			for _, s := range p.Sources {
				cited[s] = true
			}
		}
	}
	for _, id := range RoleGuideSourceIDs() {
		if !cited[id] {
			continue
		}
		gs := GuideSource{ID: id, Title: id}
		if src := sourceOf(rs, id); src != nil {
			gs = GuideSource{ID: src.ID, Title: src.Title, Ref: src.Ref, Kind: src.Kind}
		}
		rep.Sources = append(rep.Sources, gs)
	}
	return rep, nil
}

func sourceOf(rs *rules.Ruleset, id string) *rules.Source {
	if rs == nil {
		return nil
	}
	return rs.Source(id)
}

// RoleGuideSourceIDs lists the ids of every source the guide cites, in
// the order the guide lists them: the seeds first, then the others by id.
func RoleGuideSourceIDs() []string {
	seen := map[string]bool{}
	add := func(pts []Point) {
		for _, p := range pts {
			for _, s := range p.Sources {
				seen[s] = true
			}
		}
	}
	for _, g := range RoleGuides() {
		for _, a := range RoleGuideAspects() {
			add(a.Get(g))
		}
	}
	for _, d := range RoleGuideDisputes() {
		add(d.Views)
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		sa, sb := strings.HasPrefix(a, "seed:"), strings.HasPrefix(b, "seed:")
		if sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return ids
}

// RenderRoleGuideText writes the guide for a reader: one role in full, or
// roles side by side in pairs (CTO beside CIO, vCTO beside vCIO), aspect by
// aspect, with numbered source marks, then the disputes and the sources.
// width is the line width to fit.
func RenderRoleGuideText(w io.Writer, rep *RoleGuideReport, width int, color bool) error {
	cs := iostreams.NewColorScheme(color)
	p := &printer{w: w}
	num := map[string]int{}
	for i, s := range rep.Sources {
		num[s.ID] = i + 1
	}
	marks := func(ids []string) string {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, "[%d]", num[id])
		}
		return b.String()
	}
	cell := func(points []Point, w int) []string {
		var lines []string
		for _, pt := range points {
			text := pt.Text + " " + marks(pt.Sources)
			if len(points) == 1 {
				lines = append(lines, wrap(text, w)...)
				continue
			}
			for i, l := range wrap(text, w-2) {
				if i == 0 {
					lines = append(lines, "• "+l)
				} else {
					lines = append(lines, "  "+l)
				}
			}
		}
		return lines
	}
	const labelW = 20
	width = max(width, 60)

	if len(rep.Roles) == 1 {
		g := rep.Roles[0]
		p.f("%s\n%s\n", cs.Bold(g.Title), strings.Join(wrap(g.Summary, width), "\n"))
		for _, a := range RoleGuideAspects() {
			p.f("\n%s\n", cs.Bold(a.Title))
			for _, l := range cell(a.Get(g), width-2) {
				p.f("  %s\n", l)
			}
		}
		p.f("\n%s\n", cs.Gray(fmt.Sprintf("Compare side by side: orgadvisor roles %s %s", g.ID, g.Counterpart)))
	} else {
		colW := (width - labelW - 2) / 2
		for i := 0; i < len(rep.Roles); i += 2 {
			pair := rep.Roles[i:min(i+2, len(rep.Roles))]
			if i > 0 {
				p.f("\n")
			}
			var titles, summaries [][]string
			for _, g := range pair {
				titles = append(titles, wrap(g.Title, colW))
				summaries = append(summaries, wrap(g.Summary, colW))
			}
			writeRow(p, "", labelW, colW, titles, cs.Bold)
			writeRow(p, "", labelW, colW, summaries, nil)
			for _, a := range RoleGuideAspects() {
				var cells [][]string
				for _, g := range pair {
					cells = append(cells, cell(a.Get(g), colW))
				}
				p.f("\n")
				writeRow(p, cs.Bold(pad(a.Title, labelW)), labelW, colW, cells, nil)
			}
		}
	}

	if len(rep.Disputes) > 0 {
		p.f("\n%s\n", cs.Bold("Where the sources disagree"))
		for _, d := range rep.Disputes {
			p.f("  %s\n", d.Topic)
			for _, v := range d.Views {
				for i, l := range wrap(v.Text+" "+marks(v.Sources), width-6) {
					if i == 0 {
						p.f("    • %s\n", l)
					} else {
						p.f("      %s\n", l)
					}
				}
			}
		}
	}

	p.f("\n%s\n", cs.Bold("Sources"))
	for i, s := range rep.Sources {
		title := s.Title
		if strings.HasPrefix(s.ID, "seed:") {
			title = s.ID + " " + title
		}
		var about []string
		for _, x := range []string{s.Ref, s.Kind} {
			if x != "" {
				about = append(about, x)
			}
		}
		if len(about) == 0 {
			p.f("  [%d] %s\n", i+1, title)
			continue
		}
		p.f("  [%d] %s %s\n", i+1, title, cs.Gray("("+strings.Join(about, ", ")+")"))
	}
	return p.err
}

// writeRow prints one aspect: its label on the first line, then the
// columns line by line, each cell styled (when style is set) after it is
// padded so colour does not upset the alignment.
func writeRow(p *printer, label string, labelW, colW int, cols [][]string, style func(string) string) {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	for i := 0; i < n; i++ {
		if i == 0 && label != "" {
			p.f("%s", label)
		} else {
			p.f("%s", strings.Repeat(" ", labelW))
		}
		var line strings.Builder
		for j, c := range cols {
			if j > 0 {
				line.WriteString("  ")
			}
			s := ""
			if i < len(c) {
				s = c[i]
			}
			if j < len(cols)-1 {
				s = pad(s, colW)
			}
			if style != nil {
				s = style(s)
			}
			line.WriteString(s)
		}
		p.f("%s\n", strings.TrimRight(line.String(), " "))
	}
}

// wrap breaks text into lines of at most width characters at spaces; a
// longer word gets a line of its own.
func wrap(text string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(text) {
		wr := []rune(word)
		switch {
		case len(cur) == 0:
			cur = wr
		case len(cur)+1+len(wr) <= width:
			cur = append(append(cur, ' '), wr...)
		default:
			lines = append(lines, string(cur))
			cur = wr
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}
