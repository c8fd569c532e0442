package rules

import (
	"fmt"
	"strings"
)

// Result is what Evaluate returns: the recommendation and why.
type Result struct {
	// Label is the recommendation, such as "cto", "vcto+vcio" or "none".
	Label string
	// Roles holds one result per role, in file order.
	Roles []RoleResult
	// Fired lists the rules whose condition held, in file order.
	Fired []*Rule
	// Trace lists every leaf condition evaluated, in order (EvalOptions.Trace).
	Trace []TraceStep
}

// RoleResult is one role's score, level and coverage.
type RoleResult struct {
	Role          *Role
	Score         float64
	Contributions []Contribution
	Level         Level
	// Row is the index of the decide row that chose the level.
	Row     int
	Because string
	// Covered is true when someone in place already covers the role.
	Covered bool
	// CoveredBy names who covers it (Role.CoveredBy's who), "" for the
	// role's own title-holder or when not covered.
	CoveredBy string
	// Candidate names someone in post who could grow into the role, when
	// it is needed and nobody covers it (Role.Candidates), or "".
	Candidate string
}

// Contribution is one fired rule's weight in a role's score.
type Contribution struct {
	Rule   *Rule
	Weight float64
}

// TraceStep is one leaf condition evaluated.
type TraceStep struct {
	// Context names what the condition belongs to: "rule small-team",
	// "decide cto row 2", "role cto covered_when", "question x ask_if".
	Context string
	Expr    string
	Pos     Pos
	Value   bool
}

// EvalOptions tunes an evaluation.
type EvalOptions struct {
	// Trace records every leaf condition evaluated in Result.Trace.
	Trace bool
}

// RuntimeError is an expression that failed while it ran, for example by
// indexing past the end of a list.
type RuntimeError struct {
	Pos     Pos
	Context string
	Err     error
}

func (e *RuntimeError) Error() string {
	return fmt.Sprintf("%s: %s: %v", e.Pos, e.Context, e.Err)
}

func (e *RuntimeError) Unwrap() error { return e.Err }

// state is the reusable working memory of one evaluation: the plan, the
// two evaluators with their frame and VM, and scratch space. States are
// pooled per ruleset so evaluations do not allocate them each time.
type state struct {
	rs   *Ruleset
	plan *plan
	// onPlan and onVM are the evaluators; a picker hands out one of them.
	onPlan planEval
	onVM   vmEval
	// fired holds the indexes of the rules fired, before Result.Fired is
	// allocated at its exact size; counts is scratch space per role.
	fired  []int
	counts []int
	// cands is the what-if search's candidates of one question (whatif.go).
	cands []candidate
}

func (rs *Ruleset) getState() *state {
	e := rs.engine()
	if s, ok := e.pool.Get().(*state); ok {
		return s
	}
	pl := e.getPlan(rs)
	s := &state{rs: rs, plan: pl, counts: make([]int, len(rs.Roles))}
	s.onVM.vm.MemoryBudget = maxExprBudget // see bounds.go
	s.onVM.decideEnv = make(map[string]any, len(rs.Questions)+2)
	s.onVM.roleScore = make(map[string]float64, len(rs.Roles))
	s.onPlan = planEval{plan: pl, frame: pl.newFrame(len(rs.Roles)), vm: &s.onVM}
	return s
}

// putState returns s to the pool. The evaluators let go of the caller's
// answers and trace first, so that a pooled state keeps no result alive.
func (rs *Ruleset) putState(s *state) {
	s.onPlan.tr = nil
	s.onVM.load(nil, nil)
	rs.engine().pool.Put(s)
}

// test evaluates a condition on the VM with answers a, untraced; a nil
// condition is true. It serves the ask_if conditions that Asked and the
// what-if search test outside an evaluation.
func (s *state) test(c *Condition, a Answers, context string) (bool, error) {
	return s.onVM.cond(c, a, nil, context)
}

// Evaluate scores a complete profile (see Complete) and decides each role's
// level. It is deterministic and safe for concurrent use.
func (rs *Ruleset) Evaluate(p *Profile, opt EvalOptions) (*Result, error) {
	return rs.evaluate(p, opt, planFirst)
}

// evaluate is Evaluate with the evaluator that pick chooses (tests compare
// the plan with the VM). Its stages run in this order, which is the
// trace's: the rules, covered_when, the decide rows, then covered_by and
// candidates (untraced).
func (rs *Ruleset) evaluate(p *Profile, opt EvalOptions, pick picker) (*Result, error) {
	s := rs.getState()
	defer rs.putState(s)
	res := newResult(len(rs.Roles))
	var tr *tracer
	if opt.Trace {
		res.Trace = make([]TraceStep, 0, s.plan.leaves)
		tr = (*tracer)(&res.Trace)
	}
	ev := pick(s, p.Answers, tr)
	if err := s.fire(ev, res); err != nil {
		return nil, err
	}
	s.contributions(res)
	if err := s.cover(ev, res); err != nil {
		return nil, err
	}
	if err := s.decide(ev, res); err != nil {
		return nil, err
	}
	if err := s.holders(ev, p.Answers, res); err != nil {
		return nil, err
	}
	if opt.Trace && len(res.Trace) == 0 {
		res.Trace = nil
	}
	return res, nil
}

// levels is the part of an evaluation that the what-if search needs: the
// roles' scores and levels, and the label.
func (s *state) levels(ev evaluator, res *Result) error {
	if err := s.fire(ev, res); err != nil {
		return err
	}
	return s.decide(ev, res)
}

// fire runs the rules: the indexes of those fired go to s.fired, their
// weights to the roles' scores.
func (s *state) fire(ev evaluator, res *Result) error {
	for i, r := range s.rs.Roles {
		res.Roles[i].Role = r
		res.Roles[i].Score = 0
	}
	s.fired = s.fired[:0]
	if err := ev.fire(s.plan.rules, &s.fired); err != nil {
		return err
	}
	for _, ri := range s.fired {
		for _, w := range s.plan.rules[ri].add {
			res.Roles[w.role].Score += w.value
		}
	}
	return nil
}

// cover decides which roles someone in place covers (covered_when).
func (s *state) cover(ev evaluator, res *Result) error {
	for i, c := range s.plan.covered {
		ok, err := ev.test(c, s.plan.coveredCtx[i])
		if err != nil {
			return err
		}
		res.Roles[i].Covered = ok && c != nil
	}
	return nil
}

// decide chooses each role's level, the first decide row that holds, and
// the label.
func (s *state) decide(ev evaluator, res *Result) error {
	ev.scores(res.Roles)
	for i := range res.Roles {
		rr := &res.Roles[i]
		j, err := ev.decide(s.plan.decide[i], rr.Score)
		if err != nil {
			return err
		}
		if j >= 0 {
			row := s.plan.decide[i][j].row
			rr.Level, rr.Row, rr.Because = row.Level, j, row.Because
		}
	}
	res.Label = s.label(res)
	return nil
}

// newResult allocates a Result with n roles, in one allocation when there
// are few roles (the usual case).
func newResult(n int) *Result {
	if n <= 2 {
		r := &struct {
			res   Result
			roles [2]RoleResult
		}{}
		r.res.Roles = r.roles[:n:n]
		return &r.res
	}
	if n <= 4 {
		r := &struct {
			res   Result
			roles [4]RoleResult
		}{}
		r.res.Roles = r.roles[:n:n]
		return &r.res
	}
	return &Result{Roles: make([]RoleResult, n)}
}

// holders says who covers each covered role, and who could grow into each
// needed role that nobody covers, only for the roles concerned: most
// evaluations have none. It is untraced.
func (s *state) holders(ev evaluator, a Answers, res *Result) error {
	// The plan's compiled conditions run on its frame; the others, and
	// every condition when the evaluation runs on the VM, on the VM.
	pe, _ := ev.(*planEval)
	first := func(hs []Holder, ns []*cnode, context string) (string, error) {
		for k, h := range hs {
			var ok bool
			if n := ns[k]; pe != nil && (n == nil || n.fn != nil) {
				ok = n == nil || n.fn(&pe.frame)
			} else {
				var err error
				if ok, err = s.onVM.cond(h.When, a, nil, context); err != nil {
					return h.Who, err
				}
			}
			if ok {
				return h.Who, nil
			}
		}
		return "", nil
	}
	for i := range res.Roles {
		rr := &res.Roles[i]
		rr.CoveredBy, rr.Candidate = "", ""
		var err error
		switch {
		case rr.Covered && len(rr.Role.CoveredBy) > 0:
			rr.CoveredBy, err = first(rr.Role.CoveredBy, s.plan.coveredBy[i], s.plan.coveredByCtx[i])
		case !rr.Covered && rr.Level != LevelNone && len(rr.Role.Candidates) > 0:
			rr.Candidate, err = first(rr.Role.Candidates, s.plan.candidates[i], s.plan.candidatesCtx[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// label is the recommendation label of res's levels.
func (s *state) label(res *Result) string {
	if s.plan.labels != nil {
		return s.plan.labels[levelCode(res.Roles)]
	}
	return s.rs.label(res.Roles)
}

// contributions fills Result.Fired and each role's contributions from the
// rules fired, in two allocations whatever their number.
func (s *state) contributions(res *Result) {
	if len(s.fired) == 0 {
		return
	}
	pl := s.plan
	res.Fired = make([]*Rule, len(s.fired))
	// Count per role, then hand each role its part of one array.
	counts := s.counts
	clear(counts)
	total := 0
	for k, ri := range s.fired {
		r := &pl.rules[ri]
		res.Fired[k] = r.rule
		for _, w := range r.add {
			counts[w.role]++
		}
		total += len(r.add)
	}
	all := make([]Contribution, total)
	at := 0
	for i, n := range counts {
		if n > 0 {
			res.Roles[i].Contributions = all[at : at : at+n]
		}
		at += n
	}
	for _, ri := range s.fired {
		r := &pl.rules[ri]
		for _, w := range r.add {
			c := &res.Roles[w.role].Contributions
			*c = append(*c, Contribution{Rule: r.rule, Weight: w.value})
		}
	}
}

func (rs *Ruleset) roleIndex(id string) int {
	for i, r := range rs.Roles {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// label builds the recommendation label from the role levels: the roles'
// labels joined by "+", in role order; Labels.None when no role is needed
// and Labels.AllFullTime when every role (two or more) is needed full-time.
func (rs *Ruleset) label(roles []RoleResult) string {
	var parts []string
	allFull := len(roles) >= 2
	for _, r := range roles {
		switch r.Level {
		case LevelFullTime:
			parts = append(parts, r.Role.Label)
		case LevelFractional:
			parts = append(parts, r.Role.FractionalLabel)
			allFull = false
		default:
			allFull = false
		}
	}
	switch {
	case len(parts) == 0:
		return rs.Labels.None
	case allFull:
		return rs.Labels.AllFullTime
	}
	return strings.Join(parts, "+")
}

// Level returns the level chosen for a role, or "" if the role is unknown.
func (r *Result) Level(role string) Level {
	for _, rr := range r.Roles {
		if rr.Role.ID == role {
			return rr.Level
		}
	}
	return ""
}
