package rules

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// describe writes a result by ids, so that results of two rulesets with
// the same model compare equal.
func describe(res *Result) string {
	if res == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "label %s; fired", res.Label)
	for _, r := range res.Fired {
		fmt.Fprintf(&b, " %s", r.ID)
	}
	for _, rr := range res.Roles {
		fmt.Fprintf(&b, "; %s %v %s row %d %q covered %v by %q candidate %q:", rr.Role.ID, rr.Score, rr.Level, rr.Row, rr.Because, rr.Covered, rr.CoveredBy, rr.Candidate)
		for _, c := range rr.Contributions {
			fmt.Fprintf(&b, " %s=%v", c.Rule.ID, c.Weight)
		}
	}
	for _, s := range res.Trace {
		fmt.Fprintf(&b, "; %+v", s)
	}
	return b.String()
}

// What Load derives beyond the exported model, and how a snapshot gets
// it: a field added to Ruleset or Condition must be added here, and to
// Snapshot when a loaded ruleset uses it after Load.
var derived = map[string]string{
	"Ruleset.eng":          "built on first use",
	"Ruleset.questionByID": "Restore",
	"Ruleset.sourceByID":   "Restore",
	"Ruleset.boundaries":   "Snapshot.Boundaries",
	"Ruleset.scoreMarks":   "Snapshot.ScoreMarks",
	"Question.index":       "Restore",
	"Question.typ":         "Restore",
	"Condition.program":    "compiled on first use (prog)",
	"Condition.src":        "not kept: positions fall back to the condition's",
	"Condition.reads":      "SnapshotLeaf.Reads",
	"Condition.scoreMarks": "used by Load alone (collectScoreMarks)",
	"Condition.tree":       "SnapshotLeaf.Tree",
	"Condition.scope":      "Restore",
	"Condition.lazy":       "Restore",
	"Condition.once":       "prog",
	"Condition.compileErr": "prog",
}

func TestSnapshotKnowsEveryDerivedField(t *testing.T) {
	for _, v := range []any{Ruleset{}, Question{}, Condition{}, Rule{}, Role{}, Row{}, Source{}, Holder{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() && derived[typ.Name()+"."+f.Name] == "" {
				t.Errorf("%s.%s: a field Load derives that the snapshot does not know: restore it (snapshot.go) and list it here", typ.Name(), f.Name)
			}
		}
	}
}

// strip leaves of a loaded ruleset what Go source of its snapshot holds:
// the exported model, no compiled programs, lookups or positions.
func strip(rs *Ruleset) {
	rs.questionByID, rs.sourceByID, rs.boundaries, rs.scoreMarks = nil, nil, nil, nil
	for _, q := range rs.Questions {
		q.index, q.typ = 0, nil
	}
	rs.walkLeaves(func(c *Condition, _ scope) {
		c.program, c.src, c.reads = nil, nil, nil
	})
}

// A ruleset restored from its snapshot evaluates, completes answers and
// searches what-ifs exactly as the loaded one, on the plan and on the VM,
// with its expressions compiled only when the VM needs them.
func TestSnapshotRestoresTheRuleset(t *testing.T) {
	sets := map[string]string{"plan": planRules, "scoring": scoringRules, "levels": levelsRules}
	if src, err := os.ReadFile("../../rules.yaml"); err == nil {
		sets["default"] = string(src)
	}
	for name, src := range sets {
		t.Run(name, func(t *testing.T) {
			want := mustLoad(t, src)
			loaded := mustLoad(t, src)
			snap := NewSnapshot(loaded)
			strip(loaded)
			got := snap.Restore()
			if !reflect.DeepEqual(got.boundaries, want.boundaries) {
				t.Errorf("boundaries %v, want %v", got.boundaries, want.boundaries)
			}
			if !reflect.DeepEqual(got.scoreMarks, want.scoreMarks) {
				t.Errorf("score marks %v, want %v", got.scoreMarks, want.scoreMarks)
			}
			for _, q := range want.Questions {
				if g := got.Question(q.ID); g == nil || g.index != q.index {
					t.Fatalf("question %s not restored", q.ID)
				}
			}
			var reads, wantReads [][]string
			got.walkLeaves(func(c *Condition, _ scope) { reads = append(reads, c.reads) })
			want.walkLeaves(func(c *Condition, _ scope) { wantReads = append(wantReads, c.reads) })
			if !reflect.DeepEqual(reads, wantReads) {
				t.Errorf("reads %v, want %v", reads, wantReads)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			for range 200 {
				p := randomProfile(t, want, rng)
				for _, ev := range evaluators {
					for _, trace := range []bool{false, true} {
						w, werr := want.evaluate(p, EvalOptions{Trace: trace}, ev.pick)
						g, gerr := got.evaluate(p, EvalOptions{Trace: trace}, ev.pick)
						if fmt.Sprint(gerr) != fmt.Sprint(werr) || describe(g) != describe(w) {
							t.Fatalf("profile %v (on the %s, trace %v):\nrestored %s (%v)\n  loaded %s (%v)", p.Answers, ev.name, trace, describe(g), gerr, describe(w), werr)
						}
					}
				}
				w, werr := want.WhatIfSearch(p)
				g, gerr := got.WhatIfSearch(p)
				if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(g, w) {
					t.Fatalf("profile %v: what-if restored %+v (%v), loaded %+v (%v)", p.Answers, g, gerr, w, werr)
				}
				raw := map[string]any{}
				for k, v := range p.Answers {
					if rng.IntN(2) == 0 {
						raw[k] = v
					}
				}
				wa, werr := want.ParseAnswers(raw)
				ga, gerr := got.ParseAnswers(raw)
				if werr == nil && gerr == nil {
					wp, werr := want.Complete(wa)
					gp, gerr := got.Complete(ga)
					if fmt.Sprint(gerr) != fmt.Sprint(werr) || (werr == nil && !reflect.DeepEqual(gp.Answers, wp.Answers)) {
						t.Fatalf("complete %v: restored %v (%v), loaded %v (%v)", raw, gp, gerr, wp, werr)
					}
				} else if fmt.Sprint(gerr) != fmt.Sprint(werr) {
					t.Fatalf("parse %v: restored %v, loaded %v", raw, gerr, werr)
				}
			}
		})
	}
}

// A restored ruleset compiles for the VM only the leaves that run there:
// nothing before it evaluates, and never a leaf that the plan compiles,
// whether of a rule, a decide row, covered_by or candidates, or an ask_if
// (Complete, Asked, and what-if when it changes the frame's slots).
func TestSnapshotCompilesLazily(t *testing.T) {
	sets := map[string]string{"scoring": scoringRules, "plan": planRules}
	src, err := os.ReadFile("../../rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sets["default"] = string(src)
	for name, src := range sets {
		loaded := mustLoad(t, src)
		snap := NewSnapshot(loaded)
		strip(loaded)
		rs := snap.Restore()
		var all []*Condition
		rs.walkLeaves(func(c *Condition, _ scope) { all = append(all, c) })
		for _, c := range all {
			if c.program != nil {
				t.Fatalf("%s: %q compiled before any evaluation", name, c.Expr)
			}
		}
		rng := rand.New(rand.NewPCG(1, 1))
		for range 20 {
			p := randomProfile(t, rs, rng)
			if _, err := rs.Evaluate(p, EvalOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := rs.WhatIf(p); err != nil {
				t.Fatal(err)
			}
			for _, q := range rs.Questions {
				if _, err := rs.Asked(q, p.Answers); err != nil {
					t.Fatal(err)
				}
			}
		}
		var planned []*Condition
		var walk func(n *cnode)
		walk = func(n *cnode) {
			if n != nil && n.cond.Op == OpExpr && n.fn != nil {
				planned = append(planned, n.cond)
			} else if n != nil {
				for _, it := range n.items {
					walk(it)
				}
			}
		}
		pl := rs.engine().getPlan(rs)
		for _, r := range pl.rules {
			walk(r.when)
		}
		for _, rows := range pl.decide {
			for _, row := range rows {
				walk(row.when)
			}
		}
		if pl.native {
			// (With leaves left to the VM, what-if's copy trials test
			// ask_if on the VM, by design.)
			for _, n := range pl.askIf {
				walk(n)
			}
		}
		for i := range pl.coveredBy {
			for _, n := range append(pl.coveredBy[i], pl.candidates[i]...) {
				walk(n)
			}
		}
		vm := 0
		for _, c := range planned {
			if c.program != nil {
				t.Errorf("%s: %q compiled for the VM, though the plan runs it", name, c.Expr)
			}
		}
		for _, c := range all {
			if c.program != nil {
				vm++
			}
		}
		if len(planned) == 0 || vm == 0 && name == "plan" {
			t.Errorf("%s: %d leaves on the plan, %d compiled for the VM", name, len(planned), vm)
		}
	}
}

// Evaluations running at once on a restored ruleset compile each leaf
// once, safely (go test -race).
func TestSnapshotCompilesConcurrently(t *testing.T) {
	loaded := mustLoad(t, planRules)
	snap := NewSnapshot(loaded)
	strip(loaded)
	rs := snap.Restore()
	want := mustLoad(t, planRules)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	rng := rand.New(rand.NewPCG(8, 9))
	profiles := make([]*Profile, 400)
	for i := range profiles {
		profiles[i] = randomProfile(t, want, rng)
	}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range profiles[g*50 : g*50+50] {
				w, werr := want.evaluate(p, EvalOptions{Trace: true}, vmOnly)
				r, rerr := rs.evaluate(p, EvalOptions{Trace: true}, vmOnly)
				if fmt.Sprint(rerr) != fmt.Sprint(werr) || describe(r) != describe(w) {
					errs <- fmt.Sprintf("profile %v: restored %s (%v), loaded %s (%v)", p.Answers, describe(r), rerr, describe(w), werr)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
