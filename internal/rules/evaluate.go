package rules

import (
	"errors"
	"fmt"
	"strings"
	"sync"

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
// environment and the VM. States are pooled so evaluations do not allocate
// them each time.
type state struct {
	rs     *Ruleset
	vm     vm.VM
	env    map[string]any
	scores map[string]float64
	trace  *[]TraceStep
}

var statePools sync.Map // *Ruleset -> *sync.Pool

func newState(rs *Ruleset) *state {
	return &state{
		rs:     rs,
		env:    make(map[string]any, len(rs.Questions)+2),
		scores: make(map[string]float64, len(rs.Roles)),
	}
}

func (rs *Ruleset) getState() *state {
	p, _ := statePools.LoadOrStore(rs, &sync.Pool{New: func() any { return newState(rs) }})
	return p.(*sync.Pool).Get().(*state)
}

func (rs *Ruleset) putState(s *state) {
	s.trace = nil
	if p, ok := statePools.Load(rs); ok {
		p.(*sync.Pool).Put(s)
	}
}

// prepare finishes a loaded ruleset.
func (rs *Ruleset) prepare() {}

// test evaluates a condition; a nil condition is true.
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
	out, err := s.vm.Run(c.program, env)
	if err != nil {
		return false, &RuntimeError{Pos: c.at(errorFrom(err)), Context: context, Err: errors.New(exprMessage(err))}
	}
	v, _ := out.(bool)
	if tr != nil {
		*tr = append(*tr, TraceStep{Context: context, Expr: c.Expr, Pos: c.Pos, Value: v})
	}
	return v, nil
}

// Evaluate scores a complete profile (see Complete) and decides each role's
// level. It is deterministic and safe for concurrent use.
func (rs *Ruleset) Evaluate(p *Profile, opt EvalOptions) (*Result, error) {
	s := rs.getState()
	defer rs.putState(s)
	res := &Result{Roles: make([]RoleResult, len(rs.Roles))}
	var tr *[]TraceStep
	if opt.Trace {
		tr = &res.Trace
	}
	if err := s.run(p.Answers, res, tr, true); err != nil {
		return nil, err
	}
	return res, nil
}

// run does one evaluation into res. With full false it only decides the
// levels and the label (for the what-if search).
func (s *state) run(a Answers, res *Result, tr *[]TraceStep, full bool) error {
	rs := s.rs
	env := s.env
	clear(env)
	for k, v := range a {
		env[k] = v
	}
	for i, r := range rs.Roles {
		res.Roles[i].Role = r
		res.Roles[i].Score = 0
		res.Roles[i].Contributions = res.Roles[i].Contributions[:0]
	}
	for _, rule := range rs.Rules {
		ok, err := s.test(rule.When, env, tr, ctxRule(rule, tr))
		if err != nil {
			return withContext(err, "rule "+rule.ID)
		}
		if !ok {
			continue
		}
		if full {
			res.Fired = append(res.Fired, rule)
		}
		for _, w := range rule.Add {
			i := rs.roleIndex(w.Role)
			res.Roles[i].Score += w.Value
			if full {
				res.Roles[i].Contributions = append(res.Roles[i].Contributions, Contribution{Rule: rule, Weight: w.Value})
			}
		}
	}
	if full {
		for i, r := range rs.Roles {
			ok, err := s.test(r.CoveredWhen, env, trIf(tr, r.CoveredWhen), ctxCovered(r, tr))
			if err != nil {
				return withContext(err, "role "+r.ID+" covered_when")
			}
			res.Roles[i].Covered = ok && r.CoveredWhen != nil
		}
	}
	clear(s.scores)
	for i, r := range rs.Roles {
		s.scores[r.ID] = res.Roles[i].Score
	}
	env["scores"] = s.scores
	for i, r := range rs.Roles {
		env["score"] = res.Roles[i].Score
		rows := rs.Decide[r.ID]
		for j, row := range rows {
			ok, err := s.test(row.When, env, trIf(tr, row.When), ctxRow(r, j, tr))
			if err != nil {
				return withContext(err, fmt.Sprintf("decide %s row %d", r.ID, j+1))
			}
			if ok {
				res.Roles[i].Level, res.Roles[i].Row, res.Roles[i].Because = row.Level, j, row.Because
				break
			}
		}
	}
	res.Label = rs.label(res.Roles)
	return nil
}

// withContext names the place of a runtime error; contexts are built only
// when tracing or failing, to keep evaluation free of allocations.
func withContext(err error, context string) error {
	if re, ok := err.(*RuntimeError); ok && re.Context == "" {
		re.Context = context
	}
	return err
}

// The context strings are built only when tracing.
func ctxRule(r *Rule, tr *[]TraceStep) string {
	if tr == nil {
		return ""
	}
	return "rule " + r.ID
}

func ctxCovered(r *Role, tr *[]TraceStep) string {
	if tr == nil {
		return ""
	}
	return "role " + r.ID + " covered_when"
}

func ctxRow(r *Role, i int, tr *[]TraceStep) string {
	if tr == nil {
		return ""
	}
	return fmt.Sprintf("decide %s row %d", r.ID, i+1)
}

func trIf(tr *[]TraceStep, c *Condition) *[]TraceStep {
	if c == nil {
		return nil
	}
	return tr
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
