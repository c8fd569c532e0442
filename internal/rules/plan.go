package rules

import (
	"fmt"
	"sync"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
)

// The plan is the evaluation's fast path. Rules files use a small part of
// expr: answers compared with constants, options tested with in, len of a
// multi answer, scores compared with numbers, joined by and/or/not. The
// plan compiles each leaf of that shape, from the checked and optimized
// expr tree, into a Go function over a frame: the answers as numbers by
// question index (a choice as its option index, a multi as a bit set).
// Leaves of any other shape run on expr's VM, as does every leaf when an
// answer is not in its canonical typed form (see loadFrame and planFirst),
// so results and errors are exactly the VM's. planEval (evaluator.go) runs
// the plan. Built once per ruleset, on first use.

// engine is what evaluation keeps per ruleset (Ruleset.eng): the plan,
// built on first use, and a pool of working states.
type engine struct {
	once sync.Once
	plan *plan
	pool sync.Pool
	// configs are the expr configurations by scope, made on the first
	// compilation of a restored ruleset (snapshot.go).
	configOnce sync.Once
	configs    map[scope]*conf.Config
}

// engine returns the ruleset's own engine: it lives and dies with the
// ruleset, so nothing outlives a ruleset that is no longer used.
func (rs *Ruleset) engine() *engine { return &rs.eng }

func (e *engine) getPlan(rs *Ruleset) *plan {
	e.once.Do(func() { e.plan = newPlan(rs) })
	return e.plan
}

// slot kinds: how a question's answer is held in a frame, by the kind of
// answer its type gives (Kind).
type slotKind uint8

const (
	slotOpaque slotKind = iota // not held: leaves reading it run on the VM
	slotBool                   // n: 0 or 1
	slotInt                    // n: the number
	slotChoice                 // n: the option index
	slotMulti                  // m: bit i for option i; n: the list's length
)

// frame is one profile's answers in the plan's form.
type frame struct {
	n      []int
	m      []uint64
	score  float64
	scores []float64
}

// pred is a compiled leaf.
type pred func(f *frame) bool

// cnode mirrors a condition tree, with compiled leaves.
type cnode struct {
	cond  *Condition
	items []*cnode
	// fn is the compiled leaf, or the whole tree when every leaf under it
	// is compiled; nil when some leaf runs on the VM.
	fn pred
}

type planRule struct {
	rule *Rule
	when *cnode
	add  []planWeight
	ctx  string
}

type planWeight struct {
	role  int
	value float64
}

type planRow struct {
	row  *Row
	when *cnode
	rank int
	ctx  string
}

type plan struct {
	kinds []slotKind
	// keys are the question ids, by index.
	keys []string
	// optionIDs are each choice and multi question's option ids.
	optionIDs [][]string
	// options maps each choice and multi question's option ids to indexes.
	options []map[string]int
	rules   []planRule
	// ruleFns are the rules' compiled conditions, when every one is.
	ruleFns []pred
	covered []*cnode
	// coveredCtx, coveredByCtx and candidatesCtx name each role's
	// conditions in traces and errors, made once, not per evaluation.
	coveredCtx, coveredByCtx, candidatesCtx []string
	// askIf holds each question's ask_if.
	askIf []*cnode
	// coveredBy and candidates hold each role's covered_by and candidates
	// conditions, in order.
	coveredBy, candidates [][]*cnode
	// decide holds each role's decide rows.
	decide [][]planRow
	// labels holds the label of every combination of role levels, indexed
	// by the levels' ranks in base 3; nil for many roles.
	labels []string
	// decideVM is true when some decide leaf runs on the VM: planEval
	// then gives the VM score and scores as well as the frame.
	decideVM bool
	// native is true when every leaf is compiled: the what-if search then
	// changes one slot of the frame per trial (slotTrial).
	native bool
	// leaves counts every leaf, to size traces.
	leaves int
}

func newPlan(rs *Ruleset) *plan {
	p := &plan{
		kinds:     make([]slotKind, len(rs.Questions)),
		keys:      make([]string, len(rs.Questions)),
		options:   make([]map[string]int, len(rs.Questions)),
		optionIDs: make([][]string, len(rs.Questions)),
	}
	for i, q := range rs.Questions {
		p.keys[i] = q.ID
		// A question's slot is its type's kind of answer.
		switch k := q.Kind(); k {
		case KindBool:
			p.kinds[i] = slotBool
		case KindInt:
			p.kinds[i] = slotInt
		case KindOption, KindOptions:
			if k == KindOptions && len(q.Options) > 64 {
				continue
			}
			p.options[i] = make(map[string]int, len(q.Options))
			for j, o := range q.Options {
				p.options[i][o.ID] = j
			}
			p.optionIDs[i] = q.OptionIDs()
			p.kinds[i] = slotChoice
			if k == KindOptions {
				p.kinds[i] = slotMulti
			}
		}
	}
	c := &planCompiler{rs: rs, p: p}
	for _, r := range rs.Rules {
		pr := planRule{rule: r, when: c.tree(r.When, false), ctx: "rule " + r.ID}
		for _, w := range r.Add {
			pr.add = append(pr.add, planWeight{role: rs.roleIndex(w.Role), value: w.Value})
		}
		p.rules = append(p.rules, pr)
	}
	p.ruleFns = ruleFns(p.rules)
	for _, r := range rs.Roles {
		p.covered = append(p.covered, c.tree(r.CoveredWhen, false))
		p.coveredCtx = append(p.coveredCtx, "role "+r.ID+" covered_when")
		p.coveredByCtx = append(p.coveredByCtx, "role "+r.ID+" covered_by")
		p.candidatesCtx = append(p.candidatesCtx, "role "+r.ID+" candidates")
		var rows []planRow
		for j, row := range rs.Decide[r.ID] {
			before := c.vmLeaves
			when := c.tree(row.When, true)
			if c.vmLeaves > before {
				p.decideVM = true
			}
			rows = append(rows, planRow{row: row, when: when, rank: row.Level.Rank(), ctx: fmt.Sprintf("decide %s row %d", r.ID, j+1)})
		}
		p.decide = append(p.decide, rows)
	}
	for _, q := range rs.Questions {
		p.askIf = append(p.askIf, c.tree(q.AskIf, false))
	}
	p.native = c.vmLeaves == 0
	// covered_by and candidates run untraced, once the levels are decided,
	// and what-if trials never run them: they neither size traces nor make
	// the plan less native.
	leaves := p.leaves
	for _, r := range rs.Roles {
		p.coveredBy = append(p.coveredBy, c.holders(r.CoveredBy))
		p.candidates = append(p.candidates, c.holders(r.Candidates))
	}
	p.leaves = leaves
	if n := len(rs.Roles); n <= 6 {
		size := 1
		for range n {
			size *= 3
		}
		p.labels = make([]string, size)
		roles := make([]RoleResult, n)
		for code := range size {
			x := code
			for i, r := range rs.Roles {
				roles[i] = RoleResult{Role: r, Level: [3]Level{LevelNone, LevelFractional, LevelFullTime}[x%3]}
				x /= 3
			}
			p.labels[code] = rs.label(roles)
		}
	}
	return p
}

// ruleFns returns each rule's condition as one function (true for a rule
// without one), or nil when some rule has a leaf left to the VM.
func ruleFns(rules []planRule) []pred {
	fns := make([]pred, len(rules))
	for i, r := range rules {
		switch {
		case r.when == nil:
			fns[i] = func(*frame) bool { return true }
		case r.when.fn == nil:
			return nil
		default:
			fns[i] = r.when.fn
		}
	}
	return fns
}

// loadFrame puts answers a into f. It reports false when an answer is not
// in the canonical form Complete gives (bool, int, an option id, a list of
// option ids): the evaluation then runs every leaf on the VM.
func (p *plan) loadFrame(f *frame, a Answers) bool {
	for i, k := range p.kinds {
		if k != slotOpaque && !p.setSlot(f, i, a[p.keys[i]]) {
			return false
		}
	}
	return true
}

// holds puts answer v of question i into f, and reports whether f then
// holds it: always for a question the plan does not keep, never for an
// answer not in canonical form.
func (p *plan) holds(f *frame, i int, v any) bool {
	return p.kinds[i] == slotOpaque || p.setSlot(f, i, v)
}

// option returns the index of option s of question i, or -1. A scan beats
// a map here: few options, and strings that are the rules' own (interned)
// compare by pointer.
func (p *plan) option(i int, s string) int {
	for j, o := range p.optionIDs[i] {
		if o == s {
			return j
		}
	}
	return -1
}

// setSlot puts one answer into its slot.
func (p *plan) setSlot(f *frame, i int, v any) bool {
	switch p.kinds[i] {
	case slotBool:
		b, ok := v.(bool)
		if !ok {
			return false
		}
		f.n[i] = 0
		if b {
			f.n[i] = 1
		}
	case slotInt:
		x, ok := v.(int)
		if !ok {
			return false
		}
		f.n[i] = x
	case slotChoice:
		s, ok := v.(string)
		if !ok {
			return false
		}
		j := p.option(i, s)
		if j < 0 {
			return false
		}
		f.n[i] = j
	case slotMulti:
		xs, ok := v.([]string)
		if !ok {
			return false
		}
		var m uint64
		for _, s := range xs {
			j := p.option(i, s)
			if j < 0 {
				return false
			}
			m |= 1 << j
		}
		f.m[i], f.n[i] = m, len(xs)
	}
	return true
}

func (p *plan) newFrame(roles int) frame {
	return frame{n: make([]int, len(p.kinds)), m: make([]uint64, len(p.kinds)), scores: make([]float64, roles)}
}

// planCompiler compiles leaves into preds.
type planCompiler struct {
	rs *Ruleset
	p  *plan
	// vmLeaves counts the leaves left to the VM.
	vmLeaves int
}

func (c *planCompiler) tree(cond *Condition, decide bool) *cnode {
	if cond == nil {
		return nil
	}
	n := &cnode{cond: cond}
	if cond.Op == OpExpr {
		c.p.leaves++
		if tree := cond.node(); tree != nil {
			n.fn = c.boolean(tree, decide)
		}
		if n.fn == nil {
			c.vmLeaves++
		}
		return n
	}
	all := true
	for _, it := range cond.Items {
		sub := c.tree(it, decide)
		n.items = append(n.items, sub)
		all = all && sub.fn != nil
	}
	if all {
		n.fn = combine(cond.Op, n.items)
	}
	return n
}

// holders compiles the conditions of a role's covered_by or candidates.
func (c *planCompiler) holders(hs []Holder) []*cnode {
	ns := make([]*cnode, len(hs))
	for i, h := range hs {
		ns[i] = c.tree(h.When, false)
	}
	return ns
}

// combine compiles an all, any or not node whose items are all compiled
// into one function, for evaluations without a trace.
func combine(op ConditionOp, items []*cnode) pred {
	fns := make([]pred, len(items))
	for i, it := range items {
		fns[i] = it.fn
	}
	switch {
	case op == OpNot:
		x := fns[0]
		return func(f *frame) bool { return !x(f) }
	case len(fns) == 2 && op == OpAll:
		a, b := fns[0], fns[1]
		return func(f *frame) bool { return a(f) && b(f) }
	case len(fns) == 2 && op == OpAny:
		a, b := fns[0], fns[1]
		return func(f *frame) bool { return a(f) || b(f) }
	case op == OpAll:
		return func(f *frame) bool {
			for _, fn := range fns {
				if !fn(f) {
					return false
				}
			}
			return true
		}
	case op == OpAny:
		return func(f *frame) bool {
			for _, fn := range fns {
				if fn(f) {
					return true
				}
			}
			return false
		}
	}
	return nil
}

// numKind is what a numeric operand is.
type numKind uint8

const (
	numConstInt numKind = iota
	numConstFloat
	numSlot  // an int answer
	numLen   // the length of a multi answer
	numScore // this role's score (decide rows)
	numRoleScore
)

type num struct {
	kind numKind
	i    int // the constant, the slot or the role index
	f    float64
}

func (x num) isInt() bool { return x.kind == numConstInt || x.kind == numSlot || x.kind == numLen }

func (x num) intOf(f *frame) int {
	switch x.kind {
	case numConstInt:
		return x.i
	default: // numSlot, numLen
		return f.n[x.i]
	}
}

func (x num) floatOf(f *frame) float64 {
	switch x.kind {
	case numConstInt:
		return float64(x.i)
	case numConstFloat:
		return x.f
	case numSlot, numLen:
		return float64(f.n[x.i])
	case numScore:
		return f.score
	}
	return f.scores[x.i]
}

// question returns the slot of an identifier naming a question of kind k.
func (c *planCompiler) question(n ast.Node, k slotKind) (int, bool) {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return 0, false
	}
	q := c.rs.questionByID[id.Value]
	if q == nil || c.p.kinds[q.index] != k {
		return 0, false
	}
	return q.index, true
}

func (c *planCompiler) number(n ast.Node, decide bool) (num, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return num{kind: numConstInt, i: n.Value}, true
	case *ast.FloatNode:
		return num{kind: numConstFloat, f: n.Value}, true
	case *ast.ConstantNode:
		switch v := n.Value.(type) {
		case int:
			return num{kind: numConstInt, i: v}, true
		case float64:
			return num{kind: numConstFloat, f: v}, true
		}
	case *ast.UnaryNode:
		if x, ok := c.number(n.Node, decide); ok {
			switch {
			case n.Operator == "+" && (x.kind == numConstInt || x.kind == numConstFloat):
				return x, true
			case n.Operator == "-" && x.kind == numConstInt:
				return num{kind: numConstInt, i: -x.i}, true
			case n.Operator == "-" && x.kind == numConstFloat:
				return num{kind: numConstFloat, f: -x.f}, true
			}
		}
	case *ast.IdentifierNode:
		if decide && n.Value == "score" {
			return num{kind: numScore}, true
		}
		if i, ok := c.question(n, slotInt); ok {
			return num{kind: numSlot, i: i}, true
		}
	case *ast.BuiltinNode:
		if n.Name == "len" && len(n.Arguments) == 1 {
			if i, ok := c.question(n.Arguments[0], slotMulti); ok {
				return num{kind: numLen, i: i}, true
			}
		}
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, isStr := n.Property.(*ast.StringNode)
		if decide && ok && isStr && id.Value == "scores" && !n.Optional && !n.Method {
			if r := c.rs.roleIndex(prop.Value); r >= 0 {
				return num{kind: numRoleScore, i: r}, true
			}
		}
	}
	return num{}, false
}

// boolean compiles a node that gives a bool, or returns nil.
func (c *planCompiler) boolean(n ast.Node, decide bool) pred {
	switch n := n.(type) {
	case *ast.BoolNode:
		v := n.Value
		return func(*frame) bool { return v }
	case *ast.ConstantNode:
		if v, ok := n.Value.(bool); ok {
			return func(*frame) bool { return v }
		}
	case *ast.IdentifierNode:
		if i, ok := c.question(n, slotBool); ok {
			return func(f *frame) bool { return f.n[i] != 0 }
		}
	case *ast.UnaryNode:
		if n.Operator == "not" || n.Operator == "!" {
			if x := c.boolean(n.Node, decide); x != nil {
				return func(f *frame) bool { return !x(f) }
			}
		}
	case *ast.BinaryNode:
		return c.binary(n, decide)
	}
	return nil
}

func (c *planCompiler) binary(n *ast.BinaryNode, decide bool) pred {
	switch n.Operator {
	case "and", "&&", "or", "||":
		l, r := c.boolean(n.Left, decide), c.boolean(n.Right, decide)
		if l == nil || r == nil {
			return nil
		}
		if n.Operator == "and" || n.Operator == "&&" {
			return func(f *frame) bool { return l(f) && r(f) }
		}
		return func(f *frame) bool { return l(f) || r(f) }
	case "in":
		return c.in(n)
	case "==", "!=":
		if p := c.equalStrings(n); p != nil {
			return p
		}
		if l, r := c.boolean(n.Left, decide), c.boolean(n.Right, decide); l != nil && r != nil {
			if n.Operator == "==" {
				return func(f *frame) bool { return l(f) == r(f) }
			}
			return func(f *frame) bool { return l(f) != r(f) }
		}
	}
	switch n.Operator {
	case "<", "<=", ">", ">=", "==", "!=":
		l, ok1 := c.number(n.Left, decide)
		r, ok2 := c.number(n.Right, decide)
		if ok1 && ok2 {
			return compare(n.Operator, l, r)
		}
	}
	return nil
}

// compare compiles a numeric comparison as expr runs it: ints compare as
// ints, anything else as float64.
func compare(op string, l, r num) pred {
	if l.isInt() && r.isInt() {
		if r.kind == numConstInt && l.kind != numConstInt {
			li, k := l.i, r.i
			switch op {
			case "<":
				return func(f *frame) bool { return f.n[li] < k }
			case "<=":
				return func(f *frame) bool { return f.n[li] <= k }
			case ">":
				return func(f *frame) bool { return f.n[li] > k }
			case ">=":
				return func(f *frame) bool { return f.n[li] >= k }
			case "==":
				return func(f *frame) bool { return f.n[li] == k }
			case "!=":
				return func(f *frame) bool { return f.n[li] != k }
			}
		}
		switch op {
		case "<":
			return func(f *frame) bool { return l.intOf(f) < r.intOf(f) }
		case "<=":
			return func(f *frame) bool { return l.intOf(f) <= r.intOf(f) }
		case ">":
			return func(f *frame) bool { return l.intOf(f) > r.intOf(f) }
		case ">=":
			return func(f *frame) bool { return l.intOf(f) >= r.intOf(f) }
		case "==":
			return func(f *frame) bool { return l.intOf(f) == r.intOf(f) }
		case "!=":
			return func(f *frame) bool { return l.intOf(f) != r.intOf(f) }
		}
		return nil
	}
	switch op {
	case "<":
		return func(f *frame) bool { return l.floatOf(f) < r.floatOf(f) }
	case "<=":
		return func(f *frame) bool { return l.floatOf(f) <= r.floatOf(f) }
	case ">":
		return func(f *frame) bool { return l.floatOf(f) > r.floatOf(f) }
	case ">=":
		return func(f *frame) bool { return l.floatOf(f) >= r.floatOf(f) }
	case "==":
		return func(f *frame) bool { return l.floatOf(f) == r.floatOf(f) }
	case "!=":
		return func(f *frame) bool { return l.floatOf(f) != r.floatOf(f) }
	}
	return nil
}

// equalStrings compiles a choice answer compared with a string constant.
func (c *planCompiler) equalStrings(n *ast.BinaryNode) pred {
	i, ok := c.question(n.Left, slotChoice)
	lit, isStr := n.Right.(*ast.StringNode)
	if !ok || !isStr {
		i, ok = c.question(n.Right, slotChoice)
		lit, isStr = n.Left.(*ast.StringNode)
		if !ok || !isStr {
			return nil
		}
	}
	j, known := c.p.options[i][lit.Value]
	eq := n.Operator == "=="
	if !known {
		// The answer is always an option: never equal.
		return func(*frame) bool { return !eq }
	}
	if eq {
		return func(f *frame) bool { return f.n[i] == j }
	}
	return func(f *frame) bool { return f.n[i] != j }
}

// in compiles 'x' in multi and choice in ['a', 'b'].
func (c *planCompiler) in(n *ast.BinaryNode) pred {
	if lit, ok := n.Left.(*ast.StringNode); ok {
		i, ok := c.question(n.Right, slotMulti)
		if !ok {
			return nil
		}
		j, known := c.p.options[i][lit.Value]
		if !known {
			return func(*frame) bool { return false }
		}
		bit := uint64(1) << j
		return func(f *frame) bool { return f.m[i]&bit != 0 }
	}
	i, ok := c.question(n.Left, slotChoice)
	if !ok {
		return nil
	}
	var set uint64
	add := func(s string) {
		if j, ok := c.p.options[i][s]; ok && j < 64 {
			set |= 1 << j
		}
	}
	switch r := n.Right.(type) {
	case *ast.ConstantNode:
		m, ok := r.Value.(map[string]struct{})
		if !ok {
			return nil
		}
		for s := range m {
			add(s)
		}
	case *ast.ArrayNode:
		for _, el := range r.Nodes {
			s, ok := el.(*ast.StringNode)
			if !ok {
				return nil
			}
			add(s.Value)
		}
	default:
		return nil
	}
	if len(c.p.options[i]) > 64 {
		return nil
	}
	return func(f *frame) bool { return set&(1<<f.n[i]) != 0 }
}

// levelCode is the index into plan.labels of the roles' levels.
func levelCode(roles []RoleResult) int {
	code, mul := 0, 1
	for _, r := range roles {
		code += r.Level.Rank() * mul
		mul *= 3
	}
	return code
}
