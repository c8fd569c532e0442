package rules

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sweepText renders a sweep compactly: the start, then each change with
// the levels and rules that changed.
func sweepText(sw *Sweep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %s", sw.Start.Value, sw.Start.Result.Label)
	for _, c := range sw.Changes {
		fmt.Fprintf(&b, "; %v: %s->%s", c.Value, c.PrevLabel, c.Result.Label)
		for _, l := range c.Levels {
			fmt.Fprintf(&b, " %s %s->%s", l.Role.ID, l.From, l.To)
		}
		for _, r := range c.Started {
			fmt.Fprintf(&b, " +%s", r.ID)
		}
		for _, r := range c.Stopped {
			fmt.Fprintf(&b, " -%s", r.ID)
		}
	}
	return b.String()
}

func TestSweep(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	ptr := func(n int) *int { return &n }
	tests := []struct {
		name  string
		given Answers
		vary  Vary
		want  string
		from  int
		to    int
	}{
		// Every change is found at the exact threshold, not sampled.
		{"headcount", Answers{"product_driven": false}, Vary{Question: "employees"},
			"1: none; 50: none->vcio cio none->fractional +big", 1, 100000},
		{"headcount from 60 down to nothing", Answers{"product_driven": false}, Vary{Question: "employees", From: ptr(60)},
			"60: vcio", 60, 100000},
		{"headcount up to 49", Answers{"product_driven": false}, Vary{Question: "employees", To: ptr(49)},
			"1: none", 1, 49},
		{"headcount exactly at the threshold", Answers{"product_driven": false}, Vary{Question: "employees", From: ptr(49), To: ptr(50)},
			"49: none; 50: none->vcio cio none->fractional +big", 49, 50},
		// Unbounded above: up to the highest number compared (covered_when
		// engineers > 100 changes no level, so no change is reported).
		{"engineers", Answers{"employees": 10, "product_driven": true}, Vary{Question: "engineers"},
			"0: vcto; 10: vcto->cto cto fractional->full-time +team", 0, 101},
		// A change to one answer switches another question on: Complete
		// resolves it, as advise would.
		{"bool", Answers{"employees": 10, "engineers": 12}, Vary{Question: "product_driven"},
			"false: none; true: none->cto cto none->full-time +builds +team", 0, 0},
		{"choice", Answers{"employees": 60, "product_driven": false}, Vary{Question: "stage"},
			"early: none; scaling: none->vcio cio none->fractional +big", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sw, err := rs.Sweep(tc.given, tc.vary)
			if err != nil {
				t.Fatal(err)
			}
			if got := sweepText(sw); got != tc.want {
				t.Errorf("sweep:\n got %s\nwant %s", got, tc.want)
			}
			if sw.From != tc.from || sw.To != tc.to {
				t.Errorf("range = %d..%d, want %d..%d", sw.From, sw.To, tc.from, tc.to)
			}
		})
	}
}

// TestSweepMatchesEveryValue checks the boundary search against trying
// every value: no change is missed between the values tried.
func TestSweepMatchesEveryValue(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	for _, base := range []Answers{{"product_driven": true}, {"product_driven": false, "compliance": []string{"hipaa"}}} {
		to := 200
		sw, err := rs.Sweep(base, Vary{Question: "employees", To: &to})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		prev := ""
		for n := 1; n <= to; n++ {
			a := Answers{"employees": n}
			for k, v := range base {
				a[k] = v
			}
			p, err := rs.Complete(a)
			if err != nil {
				t.Fatal(err)
			}
			res, err := rs.Evaluate(p, EvalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l := res.Label + "/" + string(res.Roles[0].Level) + "/" + string(res.Roles[1].Level); l != prev {
				want = append(want, fmt.Sprint(n))
				prev = l
			}
		}
		got := []string{fmt.Sprint(sw.Start.Value)}
		for _, c := range sw.Changes {
			got = append(got, fmt.Sprint(c.Value))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%v: changes at %v, every value gives %v", base, got, want)
		}
	}
}

func TestSweepErrors(t *testing.T) {
	rs := mustLoad(t, scoringRules)
	ptr := func(n int) *int { return &n }
	tests := []struct {
		given Answers
		vary  Vary
		want  string
	}{
		{Answers{"product_driven": true}, Vary{Question: "employes"}, `unknown question "employes" (did you mean "employees"?)`},
		{Answers{"product_driven": true}, Vary{Question: "employees", From: ptr(0)}, "employees: 0 is out of range; want a whole number from 1 to 100000"},
		{Answers{"product_driven": true}, Vary{Question: "employees", To: ptr(100001)}, "employees: 100001 is out of range; want a whole number from 1 to 100000"},
		{Answers{"product_driven": true}, Vary{Question: "employees", From: ptr(50), To: ptr(10)}, "employees: the range 50..10 is empty: it must go from the lower number to the higher"},
		{Answers{"product_driven": true}, Vary{Question: "stage", From: ptr(1)}, "stage: a range is for whole-number questions; a choice question is swept over every answer it takes"},
		{Answers{"product_driven": true}, Vary{Question: "compliance"}, "compliance: a question that takes several options cannot be swept; vary a number, a choice or a yes/no question"},
		{Answers{"product_driven": false}, Vary{Question: "engineers"}, "engineers is not asked with these answers (it is asked when product_driven), so varying it changes nothing"},
		{Answers{}, Vary{Question: "employees"}, "missing required answer: product_driven"},
	}
	for _, tc := range tests {
		_, err := rs.Sweep(tc.given, tc.vary)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Sweep(%v, %+v) = %v, want %q", tc.given, tc.vary, err, tc.want)
		}
	}
	var na *NotAskedError
	if _, err := rs.Sweep(Answers{"product_driven": false}, Vary{Question: "engineers"}); !errors.As(err, &na) {
		t.Errorf("not asked: %T, want *NotAskedError", err)
	}
}
