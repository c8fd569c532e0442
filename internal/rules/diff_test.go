package rules

import (
	"fmt"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	old := mustLoad(t, scoringRules)
	// The new file moves the size threshold from 50 to 100 and gives the
	// team rule more weight.
	src := strings.Replace(scoringRules, "employees >= 50", "employees >= 100", 1)
	src = strings.Replace(src, "add: {cto: 2}, sources: [seed:001]}", "add: {cto: 3}, sources: [seed:001]}", 1)
	new := mustLoad(t, src)
	orgs := []Org{
		{Name: "small", Answers: map[string]any{"employees": 5, "product_driven": false}},
		{Name: "sixty", Answers: map[string]any{"employees": 60, "product_driven": false}},
		{Name: "seventy", Answers: map[string]any{"employees": 70, "product_driven": false}},
		{Name: "big", Answers: map[string]any{"employees": 500, "product_driven": false}},
		{Answers: map[string]any{"employees": 80, "product_driven": false}},
		{Name: "team", Answers: map[string]any{"employees": 20, "product_driven": true, "engineers": 10}},
	}
	c, err := Compare(old, new, orgs, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tr := range c.Transitions {
		s := fmt.Sprintf("%s>%s:%d", tr.From, tr.To, tr.Count)
		for _, ex := range tr.Examples {
			s += " [" + ex.Org.Name
			for _, r := range ex.Rules {
				s += fmt.Sprintf(" %s/%s %g>%g", r.Rule, r.Role, r.Old, r.New)
			}
			s += "]"
		}
		got = append(got, s)
	}
	for _, l := range c.Levels {
		got = append(got, fmt.Sprintf("%s %s>%s:%d", l.Role, l.From, l.To, l.Count))
	}
	// Three organisations of 50-99 lose the CIO (examples: the first two);
	// the team's CTO was already full-time, so its weight changes nothing.
	want := "vcio>none:3 [sixty big/cto 0.5>0 big/cio 2>0] [seventy big/cto 0.5>0 big/cio 2>0]; cto>cto:1; none>none:1; vcio>vcio:1; cio fractional>none:3"
	if s := strings.Join(got, "; "); s != want {
		t.Errorf("comparison:\n got %s\nwant %s", s, want)
	}
	if c.Orgs != 6 || c.Changed != 3 {
		t.Errorf("Orgs, Changed = %d, %d; want 6, 3", c.Orgs, c.Changed)
	}

	// Answers that do not fit are an error naming the organisation.
	_, err = Compare(old, new, []Org{{Name: "odd", Answers: map[string]any{"employees": 0, "product_driven": true}}}, 1)
	if err == nil || err.Error() != `case "odd": old rules: employees: 0 is out of range; want a whole number from 1 to 100000` {
		t.Errorf("bad answers: %v", err)
	}
	_, err = Compare(old, new, []Org{{Answers: map[string]any{"employees": 5}}}, 1)
	if err == nil || err.Error() != "profile 1: old rules: missing required answer: product_driven" {
		t.Errorf("missing answer: %v", err)
	}
}
