package rules

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
)

// disabledBuiltins are expr builtins that would let a rules file read the
// clock; expressions must depend on the answers alone.
var disabledBuiltins = []string{"now", "date", "timezone"}

// check runs the checks that need the whole file, then compiles every
// expression. It is called only when reading found no errors.
func (b *builder) check() {
	rs := b.rs
	roleIDs := make([]string, len(rs.Roles))
	for i, r := range rs.Roles {
		roleIDs[i] = r.ID
	}
	for _, rf := range b.roleRefs {
		if !contains(roleIDs, rf.id) && !b.unsure["roles"] {
			b.errorf(rf.pos, "unknown role %q%s; declared roles: %s", rf.id, suggest(rf.id, roleIDs), strings.Join(roleIDs, ", "))
		}
	}
	for _, r := range rs.Roles {
		if _, ok := rs.Decide[r.ID]; !ok && !b.unsure["decide"] {
			b.errorf(r.Pos, "role %s has no decide table: add decide.%s", r.ID, r.ID)
		}
	}
	sourceIDs := make([]string, len(rs.Sources))
	for i, s := range rs.Sources {
		sourceIDs[i] = s.ID
	}
	cited := map[string]bool{}
	for _, sr := range b.sourceRefs {
		cited[sr.id] = true
		if rs.sourceByID[sr.id] == nil && !b.unsure["sources"] {
			b.errorf(sr.pos, "unknown source %q%s", sr.id, suggest(sr.id, sourceIDs))
		}
	}
	b.checkSupersedes()
	b.reads = map[string]bool{}
	b.compileLeaves()
	rs.collectScoreMarks()
	for _, s := range rs.Sources {
		if !cited[s.ID] {
			b.warnf(s.Pos, "source %s is not cited by any rule", s.ID)
		}
	}
	if b.hasErrors() {
		return
	}
	for _, q := range rs.Questions {
		if !b.reads[q.ID] {
			b.warnf(q.Pos, "question %s is not read by any rule, row or condition", q.ID)
		}
	}
}

// checkSupersedes checks the rules' supersedes entries: each names
// another rule of the file, and no rule supersedes itself through others.
func (b *builder) checkSupersedes() {
	ruleIDs := make([]string, len(b.rs.Rules))
	byID := map[string]*Rule{}
	for i, r := range b.rs.Rules {
		ruleIDs[i] = r.ID
		byID[r.ID] = r
	}
	for _, sr := range b.supersedeRefs {
		switch {
		case sr.to.id == sr.from:
			b.errorf(sr.to.pos, "rule %s supersedes itself", sr.from)
		case byID[sr.to.id] == nil:
			b.errorf(sr.to.pos, "rule %s supersedes unknown rule %q%s", sr.from, sr.to.id, suggest(sr.to.id, ruleIDs))
		case slices.Contains(superseded(byID, sr.to.id), sr.from):
			b.errorf(sr.to.pos, "rule %s supersedes %s, which supersedes %s in turn: the chain must not loop", sr.from, sr.to.id, sr.from)
		}
	}
}

// Superseded lists the rules that rule id supersedes, directly or
// through the rules it supersedes, each once: when id fires with any of
// them, the short report gives id alone.
func (rs *Ruleset) Superseded(id string) []string {
	byID := make(map[string]*Rule, len(rs.Rules))
	for _, r := range rs.Rules {
		byID[r.ID] = r
	}
	return superseded(byID, id)
}

func superseded(rules map[string]*Rule, id string) []string {
	var out []string
	var walk func(string)
	walk = func(id string) {
		r := rules[id]
		if r == nil {
			return
		}
		for _, s := range r.Supersedes {
			if !slices.Contains(out, s) {
				out = append(out, s)
				walk(s)
			}
		}
	}
	walk(id)
	return out
}

// envFor builds the typed environment expressions are checked against:
// every question with a zero value of its type, plus score and scores in
// decide rows.
func (rs *Ruleset) envFor(sc scope) map[string]any {
	env := make(map[string]any, len(rs.Questions)+2)
	for _, q := range rs.Questions {
		env[q.ID] = zeroValue(q)
	}
	if sc == scopeDecide {
		env["score"] = 0.0
		scores := make(map[string]float64, len(rs.Roles))
		for _, r := range rs.Roles {
			scores[r.ID] = 0
		}
		env["scores"] = scores
	}
	return env
}

// zeroValue is the zero answer of q's type ("" for a type that does not
// exist, whose expressions are not checked).
func zeroValue(q *Question) any {
	if t := q.def(); t != nil {
		return t.zero()
	}
	return ""
}

func newExprConfig(env map[string]any) *conf.Config {
	c := conf.CreateNew()
	c.WithEnv(env)
	c.Expect = reflect.Bool
	c.MaxNodes = maxExprNodes
	restrictBuiltins(c) // disabledBuiltins among others: see bounds.go
	c.Check()
	return c
}

// compileLeaves parses, checks and compiles every leaf expression.
func (b *builder) compileLeaves() {
	rs := b.rs
	envs := map[scope]map[string]any{
		scopeAnswers: rs.envFor(scopeAnswers),
		scopeDecide:  rs.envFor(scopeDecide),
	}
	envs[scopeAskIf] = envs[scopeAnswers]
	configs := map[scope]*conf.Config{}
	for sc, env := range envs {
		configs[sc] = newExprConfig(env)
	}
	rs.boundaries = map[string][]int{}
	for _, site := range b.leaves {
		b.compileLeaf(site, envs[site.scope], configs[site.scope])
	}
	for id, bs := range rs.boundaries {
		sort.Ints(bs)
		rs.boundaries[id] = uniqueInts(bs)
	}
}

func (b *builder) compileLeaf(site leafSite, env map[string]any, cfg *conf.Config) {
	c := site.cond
	c.src = &exprSource{node: site.node, lines: b.lines}
	// The positions are computed at the leaf's first error, once.
	var positions []Pos
	computed := false
	at := func(from int) Pos {
		if !computed && from >= 0 {
			positions, computed = c.src.positions(), true
		}
		return c.atIn(positions, from)
	}
	if len(c.Expr) > maxExprLength {
		b.errorf(c.Pos, "%s: expression too long: over %d bytes", site.what, maxExprLength)
		return
	}
	tree, err := parser.ParseWithConfig(c.Expr, cfg)
	if err != nil {
		b.exprError(at(errorFrom(err)), site.what, err, parseProblem(c.Expr, err))
		return
	}
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	v := &leafVisitor{b: b, site: site, env: env, names: names, at: at}
	ast.Walk(&tree.Node, v)
	if v.failed {
		return
	}
	if _, err := checker.Check(tree, cfg); err != nil {
		b.exprError(at(errorFrom(err)), site.what, err, b.rs.checkProblem(tree, err))
		return
	}
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		b.exprError(at(errorFrom(err)), site.what, err, "")
		return
	}
	loops, weight, bad, msg := boundExpr(&tree.Node, b.rs.listSize)
	if bad != nil {
		b.errorf(at(bad.Location().From), "%s: %s", site.what, msg)
		return
	}
	if b.loops += loops; b.loops > maxLoops && b.loops-loops <= maxLoops {
		b.errorf(c.Pos, "%s: too many loops in the file: over %d closures (all, any, filter, map, ...)", site.what, maxLoops)
		return
	}
	if b.weight += weight; b.weight > maxFileWeight && b.weight-weight <= maxFileWeight {
		b.errorf(c.Pos, "%s: the file's expressions do too much work: over %d steps for one evaluation (see docs/security.md)", site.what, maxFileWeight)
		return
	}
	prog, err := compiler.Compile(tree, cfg)
	if err != nil {
		b.exprError(c.Pos, site.what, err, "")
		return
	}
	c.program = prog
	c.reads = v.reads
}

// exprError reports expr's error err in the expression of what, in
// worded's words for a rule's author when they are given (parseProblem,
// checkProblem), else in expr's own; the diagnostic keeps expr's own
// words whenever they are not the ones shown.
func (b *builder) exprError(p Pos, what string, err error, worded string) {
	own := exprOwnMessage(err)
	msg := worded
	if msg == "" {
		msg = exprMessage(err)
	}
	b.errorf(p, "%s: %s", what, msg)
	if msg != own {
		ds := b.diagnostics
		ds.list[len(ds.list)-1].ExprMessage = own
	}
}

// exprOwnMessage is expr's message for err, without its snippet.
func exprOwnMessage(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}

// errorFrom returns the character offset an expr error points at, or -1.
func errorFrom(err error) int {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.From
	}
	return -1
}

// exprMessage returns expr's message without its own snippet, which the
// diagnostic replaces with the file's line.
//
// expr has no typed error for its two limits: the node limit is a parser
// error whose only mark is its text, and the memory budget is a panic with a
// string, which the run recovers as an error. Both are matched by message,
// pinned by limits_test.go and bounds_test.go so that an expr upgrade that rewords them fails
// there. Every other compile error is a *file.Error.
func exprMessage(err error) string {
	if strings.Contains(err.Error(), "exceeds maximum allowed nodes") {
		return fmt.Sprintf("expression too large: more than %d nodes", maxExprNodes)
	}
	if strings.Contains(err.Error(), "memory budget exceeded") {
		return "expression does too much work: over its budget of steps and memory (see docs/security.md)"
	}
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	msg := err.Error()
	if i := strings.Index(msg, " ("); i > 0 && strings.Contains(msg, "\n | ") {
		msg = msg[:i]
	}
	return msg
}

// leafVisitor checks the names and literals of one expression and records
// what it reads and the numbers it compares int answers with.
type leafVisitor struct {
	b      *builder
	site   leafSite
	env    map[string]any
	names  []string
	at     func(int) Pos
	reads  []string
	failed bool
}

func (v *leafVisitor) errorf(n ast.Node, format string, args ...any) {
	v.failed = true
	v.b.errorf(v.at(n.Location().From), "%s: "+format, append([]any{v.site.what}, args...)...)
}

func (v *leafVisitor) Visit(node *ast.Node) {
	rs := v.b.rs
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if _, ok := v.env[n.Value]; !ok {
			if contains(disabledBuiltins, n.Value) {
				v.errorf(n, "%s() is not available: expressions see only the answers, not the clock", n.Value)
				return
			}
			if deniedBuiltin(n.Value) {
				v.errorf(n, "%s() is not available in rules: it can build values of any size", n.Value)
				return
			}
			if n.Value == "score" || n.Value == "scores" {
				v.errorf(n, "%s is only known in decide rows", n.Value)
				return
			}
			if v.b.unsure["questions"] {
				v.failed = true // a question that did not load, perhaps
				return
			}
			v.errorf(n, "unknown name %q%s", n.Value, suggest(n.Value, v.names))
			return
		}
		q := rs.questionByID[n.Value]
		if q == nil {
			return
		}
		if v.b.unsure[q.ID] {
			v.failed = true // its type or options did not load
		}
		if v.site.scope == scopeAskIf && q.index >= v.site.askIndex {
			v.errorf(n, "ask_if may only read questions asked before this one; %s is asked at or after it", n.Value)
			return
		}
		if !contains(v.reads, q.ID) {
			v.reads = append(v.reads, q.ID)
		}
		v.b.reads[q.ID] = true
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, isStr := n.Property.(*ast.StringNode)
		if ok && isStr && id.Value == "scores" && v.site.scope == scopeDecide {
			var roles []string
			for _, r := range rs.Roles {
				roles = append(roles, r.ID)
			}
			if !contains(roles, prop.Value) && !v.b.unsure["roles"] {
				v.errorf(n.Property, "unknown role %q in scores%s; declared roles: %s", prop.Value, suggest(prop.Value, roles), strings.Join(roles, ", "))
			}
		}
	case *ast.BinaryNode:
		v.binary(n)
	case *ast.BuiltinNode:
		// expr parses its closures (reduce among them) as builtins even
		// when disabled.
		if deniedBuiltin(n.Name) {
			v.errorf(n, "%s() is not available in rules: it can build values of any size", n.Name)
		}
	}
}

// binary checks string literals compared with option answers and records
// the boundaries of numeric answers for the what-if search.
func (v *leafVisitor) binary(n *ast.BinaryNode) {
	rs := v.b.rs
	question := func(x ast.Node) *Question {
		if id, ok := x.(*ast.IdentifierNode); ok {
			return rs.questionByID[id.Value]
		}
		return nil
	}
	checkOption := func(q *Question, lit ast.Node) {
		s, ok := lit.(*ast.StringNode)
		if !ok || q == nil || (q.Kind() != KindOption && q.Kind() != KindOptions) || v.b.unsure[q.ID] {
			return
		}
		if !q.HasOption(s.Value) {
			ids := q.OptionIDs()
			v.errorf(s, "%q is not an option of %s%s; options: %s", s.Value, q.ID, suggest(s.Value, ids), strings.Join(ids, ", "))
		}
	}
	switch n.Operator {
	case "==", "!=":
		checkOption(question(n.Left), n.Right)
		checkOption(question(n.Right), n.Left)
	case "in":
		if q := question(n.Right); q != nil && q.Kind() == KindOptions {
			checkOption(q, n.Left)
		}
		if q := question(n.Left); q != nil && q.Kind() == KindOption {
			if arr, ok := n.Right.(*ast.ArrayNode); ok {
				for _, el := range arr.Nodes {
					checkOption(q, el)
				}
			}
		}
	}
	switch n.Operator {
	case "<", "<=", ">", ">=":
		if v.site.scope == scopeDecide {
			v.scoreMark(n)
		}
	}
	switch n.Operator {
	case "<", "<=", ">", ">=", "==", "!=":
		for _, pair := range [][2]ast.Node{{n.Left, n.Right}, {n.Right, n.Left}} {
			q := question(pair[0])
			if q == nil || q.Kind() != KindInt {
				continue
			}
			var c int
			switch lit := pair[1].(type) {
			case *ast.IntegerNode:
				c = lit.Value
			case *ast.FloatNode:
				c = int(lit.Value)
			default:
				continue
			}
			rs.boundaries[q.ID] = append(rs.boundaries[q.ID], c-1, c, c+1)
		}
	}
}

// scoreMark records a decide row's comparison of a score with a number
// (`score >= 7`, `scores.cio < 3`), a mark on the role's score bar.
func (v *leafVisitor) scoreMark(n *ast.BinaryNode) {
	for _, pair := range [][2]ast.Node{{n.Left, n.Right}, {n.Right, n.Left}} {
		var value float64
		switch lit := pair[1].(type) {
		case *ast.IntegerNode:
			value = float64(lit.Value)
		case *ast.FloatNode:
			value = lit.Value
		default:
			continue
		}
		switch x := pair[0].(type) {
		case *ast.IdentifierNode:
			if x.Value == "score" {
				v.site.cond.scoreMarks = append(v.site.cond.scoreMarks, scoreMark{value: value})
			}
		case *ast.MemberNode:
			id, ok := x.Node.(*ast.IdentifierNode)
			prop, isStr := x.Property.(*ast.StringNode)
			if ok && isStr && id.Value == "scores" {
				v.site.cond.scoreMarks = append(v.site.cond.scoreMarks, scoreMark{role: prop.Value, value: value})
			}
		}
	}
}

// collectScoreMarks gathers, per role, the numbers its score is compared
// with in the decide tables, in order.
func (rs *Ruleset) collectScoreMarks() {
	rs.scoreMarks = map[string][]float64{}
	var walk func(role string, c *Condition)
	walk = func(role string, c *Condition) {
		if c == nil {
			return
		}
		for _, m := range c.scoreMarks {
			r := m.role
			if r == "" {
				r = role
			}
			rs.scoreMarks[r] = append(rs.scoreMarks[r], m.value)
		}
		for _, it := range c.Items {
			walk(role, it)
		}
	}
	for role, rows := range rs.Decide {
		for _, row := range rows {
			walk(role, row.When)
		}
	}
	for role, ms := range rs.scoreMarks {
		sort.Float64s(ms)
		out := ms[:0]
		for i, m := range ms {
			if i == 0 || m != ms[i-1] {
				out = append(out, m)
			}
		}
		rs.scoreMarks[role] = out
	}
}

// ScoreMarks returns the numbers that the decide tables compare a role's
// score with, ascending: the scores at which its level can change. Other
// answers (a budget, a headcount) may also have to hold for the level to
// change there.
func (rs *Ruleset) ScoreMarks(role string) []float64 { return rs.scoreMarks[role] }

func uniqueInts(xs []int) []int {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
