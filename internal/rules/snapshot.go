package rules

import (
	"sort"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Snapshot is a loaded ruleset in a form that Go source can hold: its model
// (the exported fields of Ruleset and what they point to) and, for each leaf
// condition, what checking it found. A program restores it without
// parsing, checking or compiling the file, which are most of the work of a
// one-shot run; internal/rulesgen writes the embedded rules' snapshot at
// build time. Only a snapshot of a file that Load accepted is meaningful.
type Snapshot struct {
	Ruleset *Ruleset
	// Leaves holds each leaf condition's findings, in the order walkLeaves
	// visits them.
	Leaves []SnapshotLeaf
	// Boundaries holds, per int question, the numbers its comparisons use
	// (the what-if and sweep candidates).
	Boundaries map[string][]int
	// ScoreMarks holds, per role, the numbers the decide tables compare its
	// score with (Ruleset.ScoreMarks).
	ScoreMarks map[string][]float64
}

// SnapshotLeaf is what checking found of one leaf condition.
type SnapshotLeaf struct {
	// Tree is the checked and optimised expression that the evaluation
	// plan compiles, or nil when it has nodes that the plan never compiles
	// (see plannable): the leaf then runs on expr's VM, as it would anyway.
	Tree ast.Node
	// Reads are the questions the expression reads.
	Reads []string
}

// NewSnapshot returns the snapshot of a ruleset that Load returned. It
// shares the ruleset's model.
func NewSnapshot(rs *Ruleset) *Snapshot {
	s := &Snapshot{Ruleset: rs, Boundaries: rs.boundaries, ScoreMarks: rs.scoreMarks}
	rs.walkLeaves(func(c *Condition, _ scope) {
		leaf := SnapshotLeaf{Reads: c.reads}
		if c.program != nil && plannable(c.program.Node()) {
			leaf.Tree = c.program.Node()
		}
		s.Leaves = append(s.Leaves, leaf)
	})
	return s
}

// Restore returns the ruleset of the snapshot, ready to evaluate. Its
// expressions are compiled for expr's VM only when one first runs there
// (the plan runs most of them without it). It takes the snapshot's model
// over: call it once per snapshot.
func (s *Snapshot) Restore() *Ruleset {
	rs := s.Ruleset
	rs.questionByID = make(map[string]*Question, len(rs.Questions))
	for i, q := range rs.Questions {
		q.index, q.typ = i, q.Type.def()
		rs.questionByID[q.ID] = q
	}
	rs.sourceByID = make(map[string]*Source, len(rs.Sources))
	for _, src := range rs.Sources {
		rs.sourceByID[src.ID] = src
	}
	rs.boundaries = s.Boundaries
	if rs.boundaries == nil {
		rs.boundaries = map[string][]int{}
	}
	rs.scoreMarks = s.ScoreMarks
	if rs.scoreMarks == nil {
		rs.scoreMarks = map[string][]float64{}
	}
	i := 0
	rs.walkLeaves(func(c *Condition, sc scope) {
		if i < len(s.Leaves) {
			c.tree, c.reads = s.Leaves[i].Tree, s.Leaves[i].Reads
		}
		c.scope, c.lazy = sc, rs
		i++
	})
	return rs
}

// walkLeaves calls fn for every leaf condition of the ruleset with the
// scope it is compiled in, in a fixed order: the questions' ask_if, each
// role's covered_when, covered_by and candidates, the rules, then the
// decide tables in role order. A condition reached twice (covered_when
// built from covered_by) is visited each time.
func (rs *Ruleset) walkLeaves(fn func(*Condition, scope)) {
	var walk func(c *Condition, sc scope)
	walk = func(c *Condition, sc scope) {
		if c == nil {
			return
		}
		if c.Op == OpExpr {
			fn(c, sc)
			return
		}
		for _, it := range c.Items {
			walk(it, sc)
		}
	}
	for _, q := range rs.Questions {
		walk(q.AskIf, scopeAskIf)
	}
	for _, r := range rs.Roles {
		walk(r.CoveredWhen, scopeAnswers)
		for _, h := range r.CoveredBy {
			walk(h.When, scopeAnswers)
		}
		for _, h := range r.Candidates {
			walk(h.When, scopeAnswers)
		}
	}
	for _, r := range rs.Rules {
		walk(r.When, scopeAnswers)
	}
	ids := make([]string, 0, len(rs.Decide))
	for id := range rs.Decide {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, row := range rs.Decide[id] {
			walk(row.When, scopeDecide)
		}
	}
}

// plannable reports whether every node of tree is of a type the plan can
// compile (plan.go); a tree with any other node runs on the VM whole.
func plannable(tree ast.Node) bool {
	ok := true
	ast.Walk(&tree, visitFunc(func(n *ast.Node) {
		switch v := (*n).(type) {
		case *ast.IdentifierNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode,
			*ast.StringNode, *ast.UnaryNode, *ast.BinaryNode, *ast.MemberNode, *ast.ArrayNode:
		case *ast.BuiltinNode:
			ok = ok && v.Name == "len" && v.Map == nil
		case *ast.ConstantNode:
			switch v.Value.(type) {
			case bool, int, float64, string, map[string]struct{}:
			default:
				ok = false
			}
		default:
			ok = false
		}
	}))
	return ok
}

type visitFunc func(*ast.Node)

func (f visitFunc) Visit(n *ast.Node) { f(n) }

// node returns the checked tree of a leaf: the compiled program's, or the
// snapshot's.
func (c *Condition) node() ast.Node {
	if c.program != nil {
		return c.program.Node()
	}
	return c.tree
}

// prog returns the leaf's program for the VM, compiling it on first use
// when the ruleset was restored from a snapshot.
func (c *Condition) prog() (*vm.Program, error) {
	if c.lazy != nil {
		c.once.Do(func() { c.program, c.compileErr = c.lazy.compile(c) })
	}
	return c.program, c.compileErr
}

// compile compiles an expression of a file that Load accepted, in its
// scope, as Load does (check.go's compileLeaf, without the checks that
// Load made already). An error means the snapshot is not of such a file.
func (rs *Ruleset) compile(c *Condition) (*vm.Program, error) {
	cfg := rs.engine().config(rs, c.scope)
	tree, err := parser.ParseWithConfig(c.Expr, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := checker.Check(tree, cfg); err != nil {
		return nil, err
	}
	if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
		return nil, err
	}
	boundExpr(&tree.Node, rs.listSize) // charges the loops to the budget
	return compiler.Compile(tree, cfg)
}

// config returns the expr configuration of a scope, made once.
func (e *engine) config(rs *Ruleset, sc scope) *conf.Config {
	e.configOnce.Do(func() {
		answers := newExprConfig(rs.envFor(scopeAnswers))
		e.configs = map[scope]*conf.Config{
			scopeAnswers: answers,
			scopeAskIf:   answers,
			scopeDecide:  newExprConfig(rs.envFor(scopeDecide)),
		}
	})
	return e.configs[sc]
}
