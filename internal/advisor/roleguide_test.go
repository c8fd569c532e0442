package advisor

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

// Every statement of the guide names sources, and every source it names is
// listed.
func TestRoleGuideCitesKnownSources(t *testing.T) {
	t.Parallel()
	// The guide's sources are the embedded rules' sources, by id.
	rs := embedded(t)
	known := map[string]bool{}
	for _, id := range RoleGuideSourceIDs() {
		if s := rs.Source(id); s == nil || s.Title == "" || s.Ref == "" || s.Kind == "" {
			t.Errorf("source %s is not (fully) declared in rules.yaml: %+v", id, s)
		}
		known[id] = true
	}
	check := func(where string, pts []Point) {
		if len(pts) == 0 {
			t.Errorf("%s: nothing said", where)
		}
		for _, p := range pts {
			if len(p.Sources) == 0 {
				t.Errorf("%s: %q has no source", where, p.Text)
			}
			for _, s := range p.Sources {
				if !known[s] {
					t.Errorf("%s: %q cites unknown source %q", where, p.Text, s)
				}
			}
		}
	}
	ids := map[string]bool{}
	for _, g := range RoleGuides() {
		ids[g.ID] = true
		for _, a := range RoleGuideAspects() {
			check(g.ID+" "+a.Key, a.Get(g))
		}
	}
	for _, g := range RoleGuides() {
		if !ids[g.Counterpart] || g.Counterpart == g.ID {
			t.Errorf("%s: counterpart %q", g.ID, g.Counterpart)
		}
	}
	for _, d := range RoleGuideDisputes() {
		if len(d.Views) < 2 {
			t.Errorf("dispute %q has one view", d.Topic)
		}
		check("dispute "+d.Topic, d.Views)
	}
	if strings.Join(RoleGuideIDs(), ",") != "cto,cio,vcto,vcio" {
		t.Errorf("ids %v", RoleGuideIDs())
	}
}

func embedded(t *testing.T) *rules.Ruleset {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestNewRoleGuideReport(t *testing.T) {
	t.Parallel()
	rs := embedded(t)
	rep, err := NewRoleGuideReport(rs, []string{"VCIO"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Roles) != 1 || rep.Roles[0].ID != "vcio" || len(rep.Disputes) != 0 {
		t.Errorf("vcio report: %+v", rep)
	}
	// Only the sources the roles shown cite are listed.
	for _, s := range rep.Sources {
		if s.ID == "seed:003" || s.ID == "nerolisystems" {
			t.Errorf("source %s listed but not cited by the vCIO", s.ID)
		}
	}
	all, _ := NewRoleGuideReport(rs, nil)
	if len(all.Roles) != 4 || len(all.Disputes) == 0 || len(all.Sources) != len(RoleGuideSourceIDs()) {
		t.Errorf("full report: %d roles, %d disputes, %d sources", len(all.Roles), len(all.Disputes), len(all.Sources))
	}
	// Titles and references are the rules file's, one place for both.
	for _, s := range all.Sources {
		if src := rs.Source(s.ID); src == nil || s.Title != src.Title || s.Ref != src.Ref || s.Kind != src.Kind {
			t.Errorf("source %+v differs from the rules' %+v", s, src)
		}
	}
	// Rules without the guide's sources: each is listed by its id alone.
	small, _ := NewRoleGuideReport(rulestest.SmallRules(t), []string{"vcio"})
	if len(small.Sources) == 0 || small.Sources[0] != (GuideSource{ID: "seed:001", Title: "seed:001"}) {
		t.Errorf("sources without the rules' description: %+v", small.Sources)
	}
	var b bytes.Buffer
	if err := RenderRoleGuideText(&b, small, 80, false); err != nil || !strings.Contains(b.String(), "\n  [1] seed:001 seed:001\n") {
		t.Errorf("text (%v):\n%s", err, b.String())
	}
	if _, err := NewRoleGuideReport(rs, []string{"cfo"}); err == nil || err.Error() != `unknown role "cfo"; roles: cto, cio, vcto, vcio` {
		t.Errorf("unknown role: %v", err)
	}
}

func TestRenderRoleGuideText(t *testing.T) {
	t.Parallel()
	rep, _ := NewRoleGuideReport(embedded(t), []string{"cto", "cio"})
	var b bytes.Buffer
	if err := RenderRoleGuideText(&b, rep, 80, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(out, "\n")
	// The second column starts at the same place on every row.
	if i := strings.Index(lines[0], "Chief Information Officer"); i != 20+29+2 {
		t.Errorf("second column at %d in %q", i, lines[0])
	}
	for _, l := range lines {
		if i := strings.Index(l, "The CEO, the COO or, in some"); i >= 0 && len([]rune(l[:i])) != 20+29+2 {
			t.Errorf("second column misplaced in %q", l)
		}
	}
	for _, want := range []string{
		"Reports to          The CEO or the COO. [2]        The CEO, the COO or, in some\n",
		"\nWhere the sources disagree\n  Who sets technology strategy\n",
		"\nSources\n  [1] seed:000 What is the difference between a CIO and a CTO? (000_0394d1baaa695a19.txt, marketing)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	// Sources are numbered in list order and every mark points at one.
	if strings.Contains(out, "[0]") || strings.Contains(out, fmt.Sprintf("[%d]", len(rep.Sources)+1)) {
		t.Errorf("a source mark points nowhere:\n%s", out)
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	got := wrap("the quick brown fox jumps over a supercalifragilistic dog", 10)
	want := []string{"the quick", "brown fox", "jumps over", "a", "supercalifragilistic", "dog"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q", got)
	}
}
