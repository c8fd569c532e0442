package orgadvisor_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The properties of need weighed against capacity (advice-quality issue),
// checked over generated profiles. Each is a function of one generated
// profile that returns the violations it finds; TestCapacityPropertiesCanFail
// shows that each finds them in a deliberately wrong ruleset.

// budgets are the leadership_budget options from least to most, without
// "unknown", which is compared with "ample" alone.
var budgets = []string{"tight", "moderate", "ample"}

type property struct {
	name  string
	check func(c *checker, raw map[string]any) ([]string, error)
}

// with returns a copy of raw with one answer changed.
func with(raw map[string]any, id string, v any) map[string]any {
	out := maps.Clone(raw)
	out[id] = v
	return out
}

var capacityProperties = []property{
	{"more budget never lowers a role, and unknown never gives more than ample", func(c *checker, raw map[string]any) ([]string, error) {
		var out []string
		levels := map[string]*rules.Result{}
		for _, b := range append(budgets, "unknown") {
			res, err := c.evaluate(with(raw, "leadership_budget", b))
			if err != nil {
				return nil, err
			}
			levels[b] = res
		}
		for _, role := range c.rs.Roles {
			for i := 1; i < len(budgets); i++ {
				lo, hi := levels[budgets[i-1]].Level(role.ID), levels[budgets[i]].Level(role.ID)
				if hi.Rank() < lo.Rank() {
					out = append(out, fmt.Sprintf("%s: %s budget gives %s, %s gives %s; %s", role.ID, budgets[i-1], lo, budgets[i], hi, describe(raw)))
				}
			}
			if u, a := levels["unknown"].Level(role.ID), levels["ample"].Level(role.ID); u.Rank() > a.Rank() {
				out = append(out, fmt.Sprintf("%s: unknown budget gives %s, ample only %s; %s", role.ID, u, a, describe(raw)))
			}
		}
		return out, nil
	}},
	{"a tight budget never carries a new full-time role, and both needs ample or a leader in post", func(c *checker, raw map[string]any) ([]string, error) {
		var out []string
		for _, b := range []string{"tight", "moderate"} {
			res, err := c.evaluate(with(raw, "leadership_budget", b))
			if err != nil {
				return nil, err
			}
			full, covered := 0, 0
			for _, rr := range res.Roles {
				if rr.Level == rules.LevelFullTime {
					full++
					if rr.Covered {
						covered++
					} else if b == "tight" {
						out = append(out, fmt.Sprintf("%s: full-time on a tight budget with nobody in post; %s", rr.Role.ID, describe(raw)))
					}
				}
			}
			if full == len(res.Roles) && covered == 0 {
				out = append(out, fmt.Sprintf("%s on a %s budget with nobody in post; %s", res.Label, b, describe(raw)))
			}
		}
		return out, nil
	}},
	{"one more employee never moves a role two levels", func(c *checker, raw map[string]any) ([]string, error) {
		var out []string
		for _, t := range c.thresholds {
			if t < 2 {
				continue
			}
			before, err := c.evaluate(with(raw, "employees", t-1))
			if err != nil {
				return nil, err
			}
			after, err := c.evaluate(with(raw, "employees", t))
			if err != nil {
				return nil, err
			}
			for i, rr := range after.Roles {
				if d := rr.Level.Rank() - before.Roles[i].Level.Rank(); d > 1 || d < -1 {
					out = append(out, fmt.Sprintf("%s: %s at %d staff, %s at %d; %s", rr.Role.ID, before.Roles[i].Level, t-1, rr.Level, t, describe(raw)))
				}
			}
		}
		return out, nil
	}},
	{"under 10 staff, an organisation that builds nothing, without critical security or many systems, needs no CIO", func(c *checker, raw map[string]any) ([]string, error) {
		tiny := with(with(with(raw, "product_driven", false), "rd_intensity", "none"), "employees", 1+c.rng.IntN(9))
		if tiny["security_needs"] == "critical" {
			tiny["security_needs"] = "high"
		}
		if tiny["internal_systems"] == "many" {
			tiny["internal_systems"] = "some"
		}
		res, err := c.evaluate(tiny)
		if err != nil {
			return nil, err
		}
		if l := res.Level("cio"); l != rules.LevelNone {
			return []string{fmt.Sprintf("cio %s; %s", l, describe(tiny))}, nil
		}
		return nil, nil
	}},
}

// checkProperty runs p over n generated profiles and returns at most limit
// violations.
func checkProperty(c *checker, p property, n, limit int) ([]string, error) {
	var found []string
	for range n {
		v, err := p.check(c, c.randomRaw())
		if err != nil {
			return nil, err
		}
		found = append(found, v...)
		if len(found) >= limit {
			return found[:limit], nil
		}
	}
	return found, nil
}

func TestCapacityProperties(t *testing.T) {
	rs := loadDefault(t)
	n := 2000
	if testing.Short() {
		n = 300
	}
	for i, p := range capacityProperties {
		t.Run(p.name, func(t *testing.T) {
			found, err := checkProperty(newChecker(rs, uint64(100+i)), p, n, 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range found {
				t.Errorf("counterexample: %s", v)
			}
		})
	}
}

// TestCapacityPropertiesCanFail breaks the default rules in one place for
// each property and checks that the property then finds a counterexample.
func TestCapacityPropertiesCanFail(t *testing.T) {
	src := string(orgadvisor.DefaultRulesYAML)
	tests := []struct {
		property int
		old, new string
	}{
		// A tight budget carries a full-time CTO, a moderate one does not.
		{0, "    - when: score >= 7 and leadership_budget == 'ample'\n", "    - when: score >= 7 and leadership_budget in ['ample', 'tight']\n"},
		// An ample budget no longer carries a full-time CTO, unknown does.
		{0, "    - when: score >= 7 and leadership_budget == 'ample'\n", "    - when: score >= 7 and false\n"},
		{1, "    - when: score >= 7 and leadership_budget == 'ample'\n", "    - when: score >= 7 and leadership_budget in ['ample', 'tight']\n"},
		// A moderate budget carries a new CIO beside a new CTO.
		{1, "                  - leadership_budget == 'moderate'\n                  - any:", "                  - leadership_budget == 'moderate'\n                  - any:\n                      - \"true\""},
		// The tiny-organisation floor raised to 1,000 staff: a cliff at 1,000.
		{2, "        employees < 10 and not product_driven", "        employees < 1000 and not product_driven"},
		// No floor at all, and a public body or an on-premises estate weighs more.
		{3, "        employees < 10 and not product_driven", "        employees < 1 and not product_driven"},
	}
	for _, tt := range tests {
		p := capacityProperties[tt.property]
		t.Run(p.name, func(t *testing.T) {
			// Exactly once: text that also stands elsewhere (the CIO table
			// repeats some of the CTO table's) would break the wrong place.
			if n := strings.Count(src, tt.old); n != 1 {
				t.Fatalf("the default rules hold %q %d times, want once", tt.old, n)
			}
			broken := strings.Replace(src, tt.old, tt.new, 1)
			if tt.property == 3 {
				broken = strings.Replace(broken, "    when: it_footprint == 'on-prem'\n    add: {cio: 1}", "    when: it_footprint == 'on-prem'\n    add: {cio: 3}", 1)
			}
			rs, _, err := rules.Load("broken.yaml", []byte(broken))
			if err != nil {
				reportLoadError(t, err)
				t.FailNow()
			}
			found, err := checkProperty(newChecker(rs, 3), p, 3000, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) == 0 {
				t.Errorf("no counterexample in a ruleset broken by %q", tt.new)
			}
		})
	}
}
