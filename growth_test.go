package orgadvisor_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

var updateDocs = flag.Bool("update", false, "rewrite the growth table in docs/knowledge.md")

// archetype is an organisation that grows: its answers at a headcount.
type archetype struct {
	name, held string
	answers    func(n int) map[string]any
}

// revenueAt is the revenue band of n staff at perHead dollars each.
func revenueAt(n, perHead int) string {
	r := n * perHead
	switch {
	case r < 1_000_000:
		return "under-1m"
	case r < 10_000_000:
		return "1m-10m"
	case r < 50_000_000:
		return "10m-50m"
	case r < 250_000_000:
		return "50m-250m"
	case r < 1_000_000_000:
		return "250m-1b"
	}
	return "over-1b"
}

// itAt is how IT is looked after at n staff: an MSP under 50, one or two
// generalists under 250, then an IT team.
func itAt(n int) string {
	switch {
	case n < 50:
		return "msp"
	case n < 250:
		return "small"
	}
	return "team"
}

// systemsAt is how many business systems n staff run, from a floor.
func systemsAt(n int, floor string) string {
	s := "few"
	switch {
	case n >= 250:
		s = "many"
	case n >= 50:
		s = "some"
	}
	if floor == "some" && s == "few" {
		s = "some"
	}
	return s
}

var archetypes = []archetype{
	{"Services firm", "professional services; GDPR; in the cloud; $150k revenue a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": false, "sector": "professional-services", "revenue": revenueAt(n, 150_000),
			"compliance": []any{"gdpr"}, "internal_systems": systemsAt(n, "few"), "it_footprint": "cloud", "it_staff": itAt(n)}
	}},
	{"Product SaaS", "scaling; engineers 40% of staff; SOC 2, high security; in the cloud; $200k revenue a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": true, "sector": "technology", "revenue": revenueAt(n, 200_000), "stage": "scaling",
			"engineers": n * 2 / 5, "security_needs": "high", "compliance": []any{"soc2"}, "internal_systems": systemsAt(n, "few"), "it_footprint": "cloud", "it_staff": itAt(n)}
	}},
	{"Manufacturer", "builds nothing customers use; plants on site; $250k revenue a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": false, "sector": "manufacturing", "revenue": revenueAt(n, 250_000),
			"internal_systems": systemsAt(n, "some"), "it_footprint": "on-prem", "it_staff": itAt(n)}
	}},
	{"Healthcare provider", "HIPAA, high security; hybrid; $100k revenue a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": false, "sector": "healthcare", "revenue": revenueAt(n, 100_000),
			"security_needs": "high", "compliance": []any{"hipaa"}, "internal_systems": systemsAt(n, "some"), "it_footprint": "hybrid", "it_staff": itAt(n)}
	}},
	{"Bank", "no products of its own; PCI DSS and GDPR, critical security; hybrid; $400k revenue a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": false, "sector": "finance", "revenue": revenueAt(n, 400_000),
			"security_needs": "critical", "compliance": []any{"pci-dss", "gdpr"}, "internal_systems": systemsAt(n, "some"), "it_footprint": "hybrid", "it_staff": itAt(n)}
	}},
	{"Public body", "high security; hybrid; a $100k budget a head", func(n int) map[string]any {
		return map[string]any{"employees": n, "product_driven": false, "sector": "public-sector", "revenue": revenueAt(n, 100_000),
			"security_needs": "high", "internal_systems": systemsAt(n, "some"), "it_footprint": "hybrid", "it_staff": itAt(n)}
	}},
}

// growthStep is a headcount at which the advice changes, and why.
type growthStep struct {
	at      int
	label   string
	started []*rules.Rule
}

// growthPoints are the headcounts tried: every one to 1,000, then steps of
// 10 to 10,000 and of 100 to 100,000. Between two that differ, bisection
// finds the first headcount with the new advice.
func growthPoints() []int {
	var out []int
	for n := 1; n <= 100_000; {
		out = append(out, n)
		switch {
		case n < 1000:
			n++
		case n < 10_000:
			n += 10
		default:
			n += 100
		}
	}
	return out
}

func growth(t *testing.T, rs *rules.Ruleset, a archetype) []growthStep {
	t.Helper()
	eval := func(n int) *rules.Result {
		_, res := evaluateRaw(t, rs, a.answers(n))
		return res
	}
	var steps []growthStep
	prevN, prev := 1, eval(1)
	steps = append(steps, growthStep{at: 1, label: prev.Label})
	for _, n := range growthPoints()[1:] {
		res := eval(n)
		if res.Label == prev.Label {
			prevN, prev = n, res
			continue
		}
		lo, hi := prevN, n // lo has the old label, hi the new one
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if eval(mid).Label == prev.Label {
				lo = mid
			} else {
				hi = mid
			}
		}
		before, after := eval(lo), eval(hi)
		var started []*rules.Rule
		for _, r := range after.Fired {
			if !slices.Contains(before.Fired, r) {
				started = append(started, r)
			}
		}
		steps = append(steps, growthStep{at: hi, label: after.Label, started: started})
		prevN, prev = n, res
	}
	return steps
}

func renderGrowth(t *testing.T, rs *rules.Ruleset) string {
	var b strings.Builder
	for _, a := range archetypes {
		fmt.Fprintf(&b, "**%s** (%s):\n\n", a.name, a.held)
		b.WriteString("| from | advice | what changes there |\n|---:|---|---|\n")
		for _, s := range growth(t, rs, a) {
			var why []string
			for _, r := range s.started {
				cite := strings.Join(r.Sources, ", ")
				if r.Basis == rules.BasisJudgement {
					cite = strings.TrimPrefix(cite+", judgement", ", ")
				}
				why = append(why, fmt.Sprintf("`%s` (%s)", r.ID, cite))
			}
			if s.at == 1 {
				why = []string{"the starting point"}
			} else if len(why) == 0 {
				why = []string{"a decide-table limit on headcount or capacity"}
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s |\n", rules.InWords.Number(s.at), s.label, strings.Join(why, "; "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

const (
	growthBegin = "<!-- growth table: generated by go test -run TestGrowthTable -update; do not edit -->\n"
	growthEnd   = "<!-- end of growth table -->\n"
)

// TestGrowthTable checks that the growth table in docs/knowledge.md is what
// the embedded rules give; -update rewrites it.
func TestGrowthTable(t *testing.T) {
	rs := loadDefault(t)
	const path = "docs/knowledge.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, growthBegin), strings.Index(s, growthEnd)
	if i < 0 || j < i {
		t.Fatalf("%s has no growth table between %q and %q", path, growthBegin, growthEnd)
	}
	want := renderGrowth(t, rs)
	if got := s[i+len(growthBegin) : j]; got != want {
		if *updateDocs {
			if err := os.WriteFile(path, []byte(s[:i+len(growthBegin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the growth table in %s is stale (go test -run TestGrowthTable -update rewrites it); the rules give:\n%s", path, want)
	}
}

// TestGrowthFindsEveryChange checks the bisection against trying every
// headcount up to 3,000 for each archetype.
func TestGrowthFindsEveryChange(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates 18,000 profiles")
	}
	rs := loadDefault(t)
	for _, a := range archetypes {
		var want []int
		prev := ""
		for n := 1; n <= 3000; n++ {
			_, res := evaluateRaw(t, rs, a.answers(n))
			if res.Label != prev {
				want = append(want, n)
				prev = res.Label
			}
		}
		var got []int
		for _, s := range growth(t, rs, a) {
			if s.at <= 3000 {
				got = append(got, s.at)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: changes at %v, every headcount gives %v", a.name, got, want)
		}
	}
}
