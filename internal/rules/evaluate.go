package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/expr-lang/expr/vm"
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

// state is the reusable working memory of one evaluation: the expression
// environment, the VM and the plan's frame. States are pooled per ruleset
// so evaluations do not allocate them each time.
type state struct {
	rs     *Ruleset
	vm     vm.VM
	env    map[string]any
	scores map[string]float64
	// plan and frame are the fast path (plan.go); plan is nil in states
	// made for a single test (Asked).
	plan  *plan
	frame frame
	// fired holds the indexes of the rules fired, before Result.Fired is
	// allocated at its exact size; counts is scratch space per role.
	fired  []int
	counts []int
}

func newState(rs *Ruleset) *state {
	s := &state{
		rs:     rs,
		env:    make(map[string]any, len(rs.Questions)+2),
		scores: make(map[string]float64, len(rs.Roles)),
	}
	s.vm.MemoryBudget = maxExprBudget // see bounds.go
	return s
}

func (rs *Ruleset) getState() *state {
	e := rs.engine()
	if s, ok := e.pool.Get().(*state); ok {
		return s
	}
	s := newState(rs)
	s.plan = e.getPlan(rs)
	s.frame = s.plan.newFrame(len(rs.Roles))
	s.counts = make([]int, len(rs.Roles))
	return s
}

func (rs *Ruleset) putState(s *state) {
	rs.engine().pool.Put(s)
}

// test evaluates a condition on the VM alone; a nil condition is true.
func (s *state) test(c *Condition, env map[string]any, tr *[]TraceStep, context string) (bool, error) {
	if c == nil {
		return true, nil
	}
	switch c.Op {
	case OpAll:
		for _, it := range c.Items {
			ok, err := s.test(it, env, tr, context)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case OpAny:
		for _, it := range c.Items {
			ok, err := s.test(it, env, tr, context)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case OpNot:
		ok, err := s.test(c.Items[0], env, tr, context)
		return !ok, err
	}
	return s.leaf(c, nil, false, env, tr, context)
}

// eval evaluates a condition tree of the plan. With fast set, compiled
// leaves run on the frame; the others, and every leaf without fast, run on
// the VM with env.
func (s *state) eval(n *cnode, fast bool, env map[string]any, tr *[]TraceStep, context string) (bool, error) {
	if n == nil {
		return true, nil
	}
	if fast && tr == nil && n.fn != nil {
		return n.fn(&s.frame), nil
	}
	switch n.cond.Op {
	case OpAll:
		for _, it := range n.items {
			ok, err := s.eval(it, fast, env, tr, context)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case OpAny:
		for _, it := range n.items {
			ok, err := s.eval(it, fast, env, tr, context)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case OpNot:
		ok, err := s.eval(n.items[0], fast, env, tr, context)
		return !ok, err
	}
	return s.leaf(n.cond, n.fn, fast, env, tr, context)
}

// leaf runs one expression: fn on the frame when fast, else on the VM.
func (s *state) leaf(c *Condition, fn pred, fast bool, env map[string]any, tr *[]TraceStep, context string) (bool, error) {
	var v bool
	if fast && fn != nil {
		v = fn(&s.frame)
	} else {
		prog, err := c.prog()
		if err != nil {
			return false, &RuntimeError{Pos: c.Pos, Context: context, Err: err}
		}
		out, err := s.vm.Run(prog, env)
		if err != nil {
			return false, &RuntimeError{Pos: c.at(errorFrom(err)), Context: context, Err: errors.New(exprMessage(err))}
		}
		v, _ = out.(bool)
	}
	if tr != nil {
		*tr = append(*tr, TraceStep{Context: context, Expr: c.Expr, Pos: c.Pos, Value: v})
	}
	return v, nil
}

// Evaluate scores a complete profile (see Complete) and decides each role's
// level. It is deterministic and safe for concurrent use.
func (rs *Ruleset) Evaluate(p *Profile, opt EvalOptions) (*Result, error) {
	return rs.evaluate(p, opt, true)
}

// evaluate is Evaluate; without fast every leaf runs on the VM (tests
// compare the two).
func (rs *Ruleset) evaluate(p *Profile, opt EvalOptions, fast bool) (*Result, error) {
	s := rs.getState()
	defer rs.putState(s)
	res := newResult(len(rs.Roles))
	var tr *[]TraceStep
	if opt.Trace {
		res.Trace = make([]TraceStep, 0, s.plan.leaves)
		tr = &res.Trace
	}
	fast = fast && s.plan.loadFrame(&s.frame, p.Answers)
	if err := s.run(p.Answers, fast, res, tr, true); err != nil {
		return nil, err
	}
	if opt.Trace && len(res.Trace) == 0 {
		res.Trace = nil
	}
	return res, nil
}

// fire runs the rules into res: the fired rules in s.fired, the scores.
func (s *state) fire(res *Result, fast bool, env map[string]any, tr *[]TraceStep) error {
	for ri := range s.plan.rules {
		pr := &s.plan.rules[ri]
		var ok bool
		if fast && tr == nil && pr.fn != nil {
			ok = pr.fn(&s.frame)
		} else {
			var err error
			if ok, err = s.eval(pr.when, fast, env, tr, pr.ctx); err != nil {
				return err
			}
		}
		if ok {
			s.fire1(res, ri)
		}
	}
	return nil
}

// fireFast is fire when every rule is compiled and nothing is traced: a
// tight loop over the rules' functions.
func (s *state) fireFast(res *Result) {
	f := &s.frame
	for ri, fn := range s.plan.ruleFns {
		if fn(f) {
			s.fire1(res, ri)
		}
	}
}

func (s *state) fire1(res *Result, ri int) {
	s.fired = append(s.fired, ri)
	for _, w := range s.plan.rules[ri].add {
		res.Roles[w.role].Score += w.value
	}
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

// run does one evaluation of answers a into res. With fast, the frame
// holds a (loadFrame) and compiled leaves run on it. With full false it
// only decides the levels and the label (for the what-if search).
func (s *state) run(a Answers, fast bool, res *Result, tr *[]TraceStep, full bool) error {
	rs, pl := s.rs, s.plan
	// Rules and covered_when read the answers alone: the VM reads them
	// from a itself, without a copy.
	env := map[string]any(a)
	for i, r := range rs.Roles {
		res.Roles[i].Role = r
		res.Roles[i].Score = 0
	}
	s.fired = s.fired[:0]
	if fast && tr == nil && pl.ruleFns != nil {
		s.fireFast(res)
	} else if err := s.fire(res, fast, env, tr); err != nil {
		return err
	}
	if full {
		s.contributions(res)
		for i, c := range pl.covered {
			ok, err := s.eval(c, fast, env, tr, pl.coveredCtx[i])
			if err != nil {
				return err
			}
			res.Roles[i].Covered = ok && c != nil
		}
	}
	if fast && tr == nil && !pl.decideVM {
		// The common case, on the frame alone.
		for i := range res.Roles {
			s.frame.scores[i] = res.Roles[i].Score
		}
		for i := range res.Roles {
			rr := &res.Roles[i]
			s.frame.score = rr.Score
			for j := range pl.decide[i] {
				row := &pl.decide[i][j]
				if row.when == nil || row.when.fn(&s.frame) {
					rr.Level, rr.Row, rr.Because = row.row.Level, j, row.row.Because
					break
				}
			}
		}
		res.Label = s.label(res)
		if full {
			return s.holders(a, res)
		}
		return nil
	}
	for i := range rs.Roles {
		s.frame.scores[i] = res.Roles[i].Score
	}
	if !fast || pl.decideVM {
		// Decide rows on the VM also see score and scores.
		env = s.env
		clear(env)
		for k, v := range a {
			env[k] = v
		}
		clear(s.scores)
		for i, r := range rs.Roles {
			s.scores[r.ID] = res.Roles[i].Score
		}
		env["scores"] = s.scores
	}
	for i := range rs.Roles {
		rr := &res.Roles[i]
		s.frame.score = rr.Score
		if !fast || pl.decideVM {
			env["score"] = rr.Score
		}
		for j := range pl.decide[i] {
			row := &pl.decide[i][j]
			ok, err := s.eval(row.when, fast, env, tr, row.ctx)
			if err != nil {
				return err
			}
			if ok {
				rr.Level, rr.Row, rr.Because = row.row.Level, j, row.row.Because
				break
			}
		}
	}
	res.Label = s.label(res)
	if full {
		return s.holders(a, res)
	}
	return nil
}

// holders says who covers each covered role, and who could grow into each
// needed role that nobody covers. It runs on the VM, and only for the roles
// concerned: most evaluations have none.
func (s *state) holders(a Answers, res *Result) error {
	env := map[string]any(a)
	first := func(hs []Holder, context string) (string, bool, error) {
		for _, h := range hs {
			ok, err := s.test(h.When, env, nil, context)
			if err != nil || ok {
				return h.Who, ok, err
			}
		}
		return "", false, nil
	}
	for i := range res.Roles {
		rr := &res.Roles[i]
		rr.CoveredBy, rr.Candidate = "", ""
		var err error
		switch {
		case rr.Covered && len(rr.Role.CoveredBy) > 0:
			rr.CoveredBy, _, err = first(rr.Role.CoveredBy, "role "+rr.Role.ID+" covered_by")
		case !rr.Covered && rr.Level != LevelNone && len(rr.Role.Candidates) > 0:
			rr.Candidate, _, err = first(rr.Role.Candidates, "role "+rr.Role.ID+" candidates")
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
