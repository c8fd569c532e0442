package rules

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// planRules uses every expression shape the plan compiles, and some it
// leaves to the VM (arithmetic, a ternary, an int list, indexing that can
// fail), so that both paths and their mix are compared.
const planRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - {id: employees, type: int, prompt: P, help: H, min: 0, max: 100000, required: true}
  - {id: product, type: bool, prompt: P, help: H, default: false}
  - id: stage
    type: choice
    prompt: P
    help: H
    options: [{id: early, label: E}, {id: scaling, label: S}, {id: established, label: T}]
    default: established
  - id: compliance
    type: multi
    prompt: P
    help: H
    options: [{id: soc2, label: S}, {id: hipaa, label: H}, {id: gdpr, label: G}]
  - {id: engineers, type: int, prompt: P, help: H, default: 0, min: 0, ask_if: product or stage == 'early'}
  - {id: founder, type: bool, prompt: P, help: H, default: false}
roles:
  - {id: cto, title: C, fractional_title: V, label: cto, fractional_label: vcto, covered_when: "founder and product"}
  - {id: cio, title: C, fractional_title: V, label: cio, fractional_label: vcio, covered_when: "'gdpr' in compliance && !product"}
  - {id: ciso, title: C, fractional_title: V, label: ciso, fractional_label: vciso}
rules:
  - {id: r1, description: D, sources: [s], when: product, add: {cto: 3}}
  - {id: r2, description: D, sources: [s], when: "employees >= 50 and stage != 'early'", add: {cio: 2, cto: 0.5}}
  - {id: r3, description: D, sources: [s], when: "'hipaa' in compliance or len(compliance) >= 2", add: {cio: 2, ciso: 1.5}}
  - {id: r4, description: D, sources: [s], when: "stage in ['early', 'scaling']", add: {cto: 1}}
  - {id: r5, description: D, sources: [s], when: "stage not in ['established']", add: {ciso: 0.25}}
  - {id: r6, description: D, sources: [s], when: "engineers * 2 > employees", add: {cto: 1}}
  - {id: r7, description: D, sources: [s], when: "(employees > 10 ? product : founder) == true", add: {ciso: -1}}
  - {id: r8, description: D, sources: [s], when: "employees in [1, 2, 3]", add: {cio: -1}}
  - id: r9
    description: D
    sources: [s]
    when:
      all:
        - employees < 1000.5
        - any: [founder, {not: product}, "100 <= engineers"]
        - not: "stage == 'established'"
    add: {cto: 1, cio: 1}
  - {id: r10, description: D, sources: [s], when: "employees == 42 || engineers != 0 && -1 < engineers", add: {ciso: 2}}
  - {id: r11, description: D, sources: [s], when: "len(compliance) > 0 and compliance[0] == 'soc2'", add: {ciso: 1}}
  - {id: r12, description: D, sources: [s], when: "product == founder", add: {ciso: 0.5}}
decide:
  cto:
    - {when: "score >= 5 and employees >= 20", level: full-time, because: B}
    - {when: "score >= 3", level: fractional, because: B}
    - {level: none, because: B}
  cio:
    - {when: "score >= 4 && scores.cto < scores.cio", level: full-time, because: B}
    - {when: "score >= 2 or scores['ciso'] > 3", level: fractional, because: B}
    - {level: none, because: B}
  ciso:
    - {when: "score + scores.cto > 6", level: full-time, because: B}
    - {when: "score >= 1.5", level: fractional, because: B}
    - {level: none, because: B}
`

// randomProfile answers every question of rs at random, sometimes with
// values at the boundaries the rules compare with.
func randomProfile(t testing.TB, rs *Ruleset, rng *rand.Rand) *Profile {
	t.Helper()
	raw := map[string]any{}
	for _, q := range rs.Questions {
		if !q.Required && rng.IntN(4) == 0 {
			continue
		}
		switch q.Type {
		case TypeBool:
			raw[q.ID] = rng.IntN(2) == 0
		case TypeInt:
			lo, hi := 0, 2000
			if q.Min != nil {
				lo = *q.Min
			}
			if bs := rs.boundaries[q.ID]; len(bs) > 0 && rng.IntN(2) == 0 {
				raw[q.ID] = min(max(bs[rng.IntN(len(bs))], lo), 100000)
			} else {
				raw[q.ID] = lo + rng.IntN(hi)
			}
		case TypeChoice:
			raw[q.ID] = q.Options[rng.IntN(len(q.Options))].ID
		case TypeMulti:
			var xs []any
			for _, o := range q.Options {
				if rng.IntN(3) == 0 {
					xs = append(xs, o.ID)
				}
			}
			raw[q.ID] = xs
		}
	}
	return profile(t, rs, raw)
}

// evaluators are the two ways to evaluate, which must agree: the plan
// (with the VM for the leaves it does not compile) and the VM alone.
var evaluators = []struct {
	name string
	pick picker
}{{"plan", planFirst}, {"VM", vmOnly}}

// TestPlanMatchesVM evaluates many random profiles on the plan's compiled
// leaves and on the VM alone, with and without a trace, and the what-if
// search both ways: every result must be identical.
func TestPlanMatchesVM(t *testing.T) {
	sets := map[string]string{"plan": planRules, "scoring": scoringRules, "levels": levelsRules}
	if src, err := os.ReadFile("../../rules.yaml"); err == nil {
		sets["default"] = string(src)
	}
	for name, src := range sets {
		t.Run(name, func(t *testing.T) {
			rs := mustLoad(t, src)
			rng := rand.New(rand.NewPCG(1, 2))
			n := 400
			if testing.Short() {
				n = 50
			}
			for i := 0; i < n; i++ {
				p := randomProfile(t, rs, rng)
				// Complete's answers load into the frame: the plan runs.
				s := rs.getState()
				if _, ok := planFirst(s, p.Answers, nil).(*planEval); !ok {
					t.Fatalf("profile %v: planFirst picked the VM", p.Answers)
				}
				rs.putState(s)
				for _, trace := range []bool{false, true} {
					onPlan, errPlan := rs.evaluate(p, EvalOptions{Trace: trace}, planFirst)
					onVM, errVM := rs.evaluate(p, EvalOptions{Trace: trace}, vmOnly)
					if fmt.Sprint(errPlan) != fmt.Sprint(errVM) {
						t.Fatalf("profile %v: error %v on the plan, %v on the VM", p.Answers, errPlan, errVM)
					}
					if !reflect.DeepEqual(onPlan, onVM) {
						t.Fatalf("profile %v, trace %v:\nplan %+v\n  vm %+v", p.Answers, trace, onPlan, onVM)
					}
				}
				wp, errPlan := rs.whatIf(p, planFirst)
				wv, errVM := rs.whatIf(p, vmOnly)
				if fmt.Sprint(errPlan) != fmt.Sprint(errVM) || !reflect.DeepEqual(wp, wv) {
					t.Fatalf("profile %v: what-if on the plan %v (%v), on the VM %v (%v)", p.Answers, wp, errPlan, wv, errVM)
				}
			}
			pl := rs.engine().getPlan(rs)
			if name == "plan" && (pl.native || !pl.decideVM) {
				t.Errorf("planRules should leave some leaves, decide rows included, to the VM")
			}
			if name == "scoring" && !pl.native {
				t.Errorf("every leaf of scoringRules should be compiled")
			}
			if pl.leaves == 0 {
				t.Errorf("no leaves")
			}
		})
	}
}

// TestPlanCompilesShapes checks which leaves the plan compiles, so that a
// change to expr's trees that sends everything to the VM is noticed.
func TestPlanCompilesShapes(t *testing.T) {
	rs := mustLoad(t, planRules)
	pl := newPlan(rs)
	got := map[string]bool{}
	var walk func(n *cnode)
	walk = func(n *cnode) {
		if n == nil {
			return
		}
		if n.cond.Op == OpExpr {
			got[n.cond.Expr] = n.fn != nil
		}
		for _, it := range n.items {
			walk(it)
		}
	}
	for _, r := range pl.rules {
		walk(r.when)
	}
	for _, rows := range pl.decide {
		for _, r := range rows {
			walk(r.when)
		}
	}
	for _, c := range pl.covered {
		walk(c)
	}
	for _, c := range pl.askIf {
		walk(c)
	}
	want := map[string]bool{
		"product":                              true,
		"employees >= 50 and stage != 'early'": true,
		"'hipaa' in compliance or len(compliance) >= 2":       true,
		"stage in ['early', 'scaling']":                       true,
		"stage not in ['established']":                        true,
		"engineers * 2 > employees":                           false,
		"(employees > 10 ? product : founder) == true":        false,
		"employees in [1, 2, 3]":                              false,
		"employees < 1000.5":                                  true,
		"founder":                                             true,
		"100 <= engineers":                                    true,
		"stage == 'established'":                              true,
		"employees == 42 || engineers != 0 && -1 < engineers": true,
		"len(compliance) > 0 and compliance[0] == 'soc2'":     false,
		"product == founder":                                  true,
		"score >= 5 and employees >= 20":                      true,
		"score >= 3":                                          true,
		"score >= 4 && scores.cto < scores.cio":               true,
		"score >= 2 or scores['ciso'] > 3":                    true,
		"score + scores.cto > 6":                              false,
		"score >= 1.5":                                        true,
		"founder and product":                                 true,
		"'gdpr' in compliance && !product":                    true,
		"product or stage == 'early'":                         true,
	}
	for expr, compiled := range want {
		c, ok := got[expr]
		if !ok {
			t.Errorf("%q: not found among the leaves", expr)
			continue
		}
		if c != compiled {
			t.Errorf("%q: compiled %v, want %v", expr, c, compiled)
		}
	}
}

// TestPlanFallsBackOnOddAnswers gives Evaluate answers that are not in
// Complete's canonical form: the VM then runs every leaf, with its own
// results and errors.
func TestPlanFallsBackOnOddAnswers(t *testing.T) {
	rs := mustLoad(t, planRules)
	good := profile(t, rs, map[string]any{"employees": 60, "product": true})
	odd := &Profile{Answers: Answers{}}
	for k, v := range good.Answers {
		odd.Answers[k] = v
	}
	odd.Answers["stage"] = "unheard-of" // not an option: compares unequal
	s := rs.getState()
	if _, ok := planFirst(s, odd.Answers, nil).(*vmEval); !ok {
		t.Fatalf("planFirst did not pick the VM for an answer that is not an option")
	}
	rs.putState(s)
	onPlan, err1 := rs.evaluate(odd, EvalOptions{}, planFirst)
	onVM, err2 := rs.evaluate(odd, EvalOptions{}, vmOnly)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(onPlan, onVM) {
		t.Fatalf("odd choice: plan %+v (%v), vm %+v (%v)", onPlan, err1, onVM, err2)
	}
	odd.Answers["employees"] = 60.5 // a float: the VM compares it as one
	onPlan, err1 = rs.evaluate(odd, EvalOptions{}, planFirst)
	onVM, err2 = rs.evaluate(odd, EvalOptions{}, vmOnly)
	if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(onPlan, onVM) {
		t.Fatalf("float employees: plan %+v (%v), vm %+v (%v)", onPlan, err1, onVM, err2)
	}
	delete(odd.Answers, "product") // missing: the VM reports the error
	_, err1 = rs.Evaluate(odd, EvalOptions{})
	_, err2 = rs.evaluate(odd, EvalOptions{}, vmOnly)
	if err1 == nil || err1.Error() != err2.Error() {
		t.Fatalf("missing answer: plan error %v, vm error %v", err1, err2)
	}
}

// TestPlanRuntimeErrorsMatch makes a VM leaf fail (an index past the end
// of a list) among compiled leaves: the error is the VM's, with its place.
func TestPlanRuntimeErrorsMatch(t *testing.T) {
	old := "len(compliance) > 0 and compliance[0] == 'soc2'"
	if !strings.Contains(planRules, old) {
		t.Fatalf("%q not in planRules", old)
	}
	rs := mustLoad(t, strings.Replace(planRules, old, "compliance[1] == 'soc2'", 1))
	p := profile(t, rs, map[string]any{"employees": 60, "compliance": []any{"soc2"}})
	_, errPlan := rs.Evaluate(p, EvalOptions{})
	_, errVM := rs.evaluate(p, EvalOptions{}, vmOnly)
	if errPlan == nil || errPlan.Error() != errVM.Error() {
		t.Fatalf("errors differ: plan %v, vm %v", errPlan, errVM)
	}
	if !strings.Contains(errPlan.Error(), "rule r11") {
		t.Errorf("error %q does not name rule r11", errPlan)
	}
}

// Complete and Asked decide ask_if on the plan's frame when they can. For
// random partial answers, in canonical form and not, Asked must say what
// the VM alone says (askedOnVM), and Complete must take or skip each
// question with ask_if as Asked says.
func TestCompleteAgreesWithAsked(t *testing.T) {
	t.Parallel()
	sets := map[string]string{"plan": planRules}
	if src, err := os.ReadFile("../../rules.yaml"); err == nil {
		sets["default"] = string(src)
	}
	for name, src := range sets {
		t.Run(name, func(t *testing.T) {
			rs := mustLoad(t, src)
			rng := rand.New(rand.NewPCG(5, 6))
			checked := 0
			for range 400 {
				full := randomProfile(t, rs, rng).Answers
				given := Answers{}
				for k, v := range full {
					switch rng.IntN(4) {
					case 0: // left out
					case 1:
						if n, ok := v.(int); ok {
							given[k] = float64(n) // not canonical: the VM decides
							continue
						}
						given[k] = v
					default:
						given[k] = v
					}
				}
				p, err := rs.Complete(given)
				var missing *MissingError
				if errors.As(err, &missing) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range rs.Questions {
					if q.AskIf == nil {
						continue
					}
					asked, err := rs.Asked(q, given)
					if err != nil {
						t.Fatal(err)
					}
					if onVM := askedOnVM(t, rs, q, given); asked != onVM {
						t.Fatalf("given %v: Asked(%s) = %v, the VM alone %v", given, q.ID, asked, onVM)
					}
					_, answered := given[q.ID]
					ignored := slices.Contains(p.Ignored, q.ID)
					if answered && asked == ignored || !asked && !reflect.DeepEqual(p.Answers[q.ID], q.Default) {
						t.Fatalf("given %v: %s asked %v, but Complete gives %v (ignored %v)", given, q.ID, asked, p.Answers[q.ID], ignored)
					}
					checked++
				}
			}
			if checked == 0 {
				t.Fatal("no ask_if checked")
			}
		})
	}
}

// A state back in the pool keeps no caller's answers or trace alive.
func TestPutStateLetsGo(t *testing.T) {
	rs := mustLoad(t, planRules)
	p := profile(t, rs, map[string]any{"employees": 60, "product": true})
	var steps []TraceStep
	s := rs.getState()
	if _, ok := planFirst(s, p.Answers, (*tracer)(&steps)).(*planEval); !ok {
		t.Fatal("planFirst did not pick the plan")
	}
	rs.putState(s)
	if s.onPlan.tr != nil || s.onVM.tr != nil || s.onVM.answers != nil || s.onVM.env != nil {
		t.Errorf("a pooled state still holds the trace or the answers")
	}
}

// askedOnVM is Asked with the question's ask_if run on the VM: the
// reference for the plan's frame.
func askedOnVM(t *testing.T, rs *Ruleset, q *Question, given Answers) bool {
	t.Helper()
	p := &Profile{Answers: make(Answers, q.index)}
	if _, err := rs.resolve(given, q.index, p); err != nil {
		t.Fatal(err)
	}
	s := rs.getState()
	defer rs.putState(s)
	ok, err := s.test(q.AskIf, p.Answers, "")
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
