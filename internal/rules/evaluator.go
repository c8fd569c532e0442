package rules

import (
	"errors"

	"github.com/expr-lang/expr/vm"
)

// An evaluator decides the conditions of one evaluation, on one set of
// answers. There are two: planEval runs the plan's compiled leaves on a
// frame and leaves the others to the VM; vmEval runs every leaf on expr's
// VM. A picker chooses one per evaluation; the stages of an evaluation
// (state.fire, cover, decide) work with either, and the plan's tests check
// that both give the same results.
//
// The plan's compiled functions are called directly, never through this
// interface: an evaluation makes a handful of interface calls (one to fire
// the rules, one per covered_when and one per role to decide), not one per
// rule or leaf.
type evaluator interface {
	// fire appends to fired the index of every rule whose condition
	// holds, in order.
	fire(rules []planRule, fired *[]int) error
	// test reports whether a condition holds; a nil one does. context
	// names it in traces and errors.
	test(n *cnode, context string) (bool, error)
	// scores gives the decide rows the roles' scores (scores.cto).
	scores(roles []RoleResult)
	// decide returns the index of the first of a role's decide rows that
	// holds, given the role's score (score), or -1 when none does. It
	// comes after scores.
	decide(rows []planRow, score float64) (int, error)
}

// A picker chooses the evaluator for answers a, for one evaluation, and
// gives it the tracer (nil for none).
type picker func(s *state, a Answers, tr *tracer) evaluator

// planFirst is the picker of every evaluation: the plan, unless an answer
// is not in the canonical form Complete gives; then the VM, whose results
// and errors for such answers are the reference.
func planFirst(s *state, a Answers, tr *tracer) evaluator {
	if s.onPlan.load(a, tr) {
		return &s.onPlan
	}
	return s.onVM.load(a, tr)
}

// vmOnly runs every leaf on the VM: the reference that tests compare the
// plan with.
func vmOnly(s *state, a Answers, tr *tracer) evaluator {
	return s.onVM.load(a, tr)
}

// tracer records every leaf condition evaluated, for EvalOptions.Trace. It
// is Result.Trace itself, so tracing allocates nothing more. A nil tracer
// records nothing.
type tracer []TraceStep

func (t *tracer) leaf(context string, c *Condition, v bool) {
	if t != nil {
		*t = append(*t, TraceStep{Context: context, Expr: c.Expr, Pos: c.Pos, Value: v})
	}
}

// planEval runs the plan's compiled leaves on a frame that holds the
// answers, and the leaves the plan could not compile on vm. Without a
// tracer, a tree whose leaves are all compiled runs as one function; with
// one, leaf by leaf, so that each is recorded.
type planEval struct {
	plan  *plan
	frame frame
	vm    *vmEval
	tr    *tracer
}

// load puts answers a into the frame and readies the VM for the other
// leaves. It reports false when an answer is not in canonical form.
func (e *planEval) load(a Answers, tr *tracer) bool {
	if !e.plan.loadFrame(&e.frame, a) {
		return false
	}
	e.tr = tr
	e.vm.load(a, tr)
	return true
}

func (e *planEval) fire(rules []planRule, fired *[]int) error {
	if e.tr != nil || e.plan.ruleFns == nil {
		return fireEach(e, rules, fired)
	}
	// The common case: every rule compiled, nothing traced. fired stays
	// in memory: every register is lost across the calls, and a slice
	// kept in them would be saved and restored around each one.
	f := &e.frame
	for ri, fn := range e.plan.ruleFns {
		if fn(f) {
			*fired = append(*fired, ri)
		}
	}
	return nil
}

// test runs a compiled condition as one call when nothing is traced, else
// walks it.
func (e *planEval) test(n *cnode, context string) (bool, error) {
	if n != nil && n.fn != nil && e.tr == nil {
		return n.fn(&e.frame), nil
	}
	return e.walk(n, context)
}

// walk is test leaf by leaf.
func (e *planEval) walk(n *cnode, context string) (bool, error) {
	if n == nil {
		return true, nil
	}
	switch n.cond.Op {
	case OpAll:
		for _, it := range n.items {
			ok, err := e.test(it, context)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case OpAny:
		for _, it := range n.items {
			ok, err := e.test(it, context)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case OpNot:
		ok, err := e.test(n.items[0], context)
		return !ok, err
	}
	if n.fn == nil {
		return e.vm.leaf(n.cond, e.vm.env, e.tr, context)
	}
	v := n.fn(&e.frame)
	e.tr.leaf(context, n.cond, v)
	return v, nil
}

func (e *planEval) scores(roles []RoleResult) {
	for i := range roles {
		e.frame.scores[i] = roles[i].Score
	}
	if e.plan.decideVM {
		e.vm.scores(roles)
	}
}

func (e *planEval) decide(rows []planRow, score float64) (int, error) {
	e.frame.score = score
	if e.plan.decideVM {
		e.vm.env["score"] = score
	}
	for j := range rows {
		// test, inlined by hand: the rows are tried for every role of
		// every evaluation and what-if trial.
		n := rows[j].when
		if n != nil && n.fn != nil && e.tr == nil {
			if n.fn(&e.frame) {
				return j, nil
			}
			continue
		}
		ok, err := e.walk(n, rows[j].ctx)
		if err != nil || ok {
			return j, err
		}
	}
	return -1, nil
}

// vmEval runs every leaf on expr's VM. Rules and covered_when read the
// answers map itself, without a copy; decide rows read a copy that also
// holds score and scores.
type vmEval struct {
	vm vm.VM
	tr *tracer
	// answers are the answers loaded; env is what the leaves read now:
	// answers, or decideEnv once scores is called.
	answers   Answers
	env       map[string]any
	decideEnv map[string]any
	roleScore map[string]float64
}

func (e *vmEval) load(a Answers, tr *tracer) *vmEval {
	e.answers, e.env, e.tr = a, a, tr
	return e
}

func (e *vmEval) fire(rules []planRule, fired *[]int) error {
	return fireEach(e, rules, fired)
}

func (e *vmEval) test(n *cnode, context string) (bool, error) {
	if n == nil {
		return true, nil
	}
	return e.cond(n.cond, e.env, e.tr, context)
}

func (e *vmEval) scores(roles []RoleResult) {
	env := e.decideEnv
	clear(env)
	for k, v := range e.answers {
		env[k] = v
	}
	clear(e.roleScore)
	for _, r := range roles {
		e.roleScore[r.Role.ID] = r.Score
	}
	env["scores"] = e.roleScore
	e.env = env
}

func (e *vmEval) decide(rows []planRow, score float64) (int, error) {
	e.env["score"] = score
	for j := range rows {
		ok, err := e.test(rows[j].when, rows[j].ctx)
		if err != nil || ok {
			return j, err
		}
	}
	return -1, nil
}

// cond evaluates condition c on the VM with env; a nil condition holds.
// Each leaf evaluated goes to tr.
func (e *vmEval) cond(c *Condition, env map[string]any, tr *tracer, context string) (bool, error) {
	if c == nil {
		return true, nil
	}
	switch c.Op {
	case OpAll:
		for _, it := range c.Items {
			ok, err := e.cond(it, env, tr, context)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case OpAny:
		for _, it := range c.Items {
			ok, err := e.cond(it, env, tr, context)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case OpNot:
		ok, err := e.cond(c.Items[0], env, tr, context)
		return !ok, err
	}
	return e.leaf(c, env, tr, context)
}

// leaf runs one expression on the VM.
func (e *vmEval) leaf(c *Condition, env map[string]any, tr *tracer, context string) (bool, error) {
	prog, err := c.prog()
	if err != nil {
		return false, &RuntimeError{Pos: c.Pos, Context: context, Err: err}
	}
	out, err := e.vm.Run(prog, env)
	if err != nil {
		return false, &RuntimeError{Pos: c.at(errorFrom(err)), Context: context, Err: errors.New(exprMessage(err))}
	}
	v, _ := out.(bool)
	tr.leaf(context, c, v)
	return v, nil
}

// fireEach is fire one rule at a time, with ev's test.
func fireEach(ev evaluator, rules []planRule, fired *[]int) error {
	for ri := range rules {
		ok, err := ev.test(rules[ri].when, rules[ri].ctx)
		if err != nil {
			return err
		}
		if ok {
			*fired = append(*fired, ri)
		}
	}
	return nil
}
