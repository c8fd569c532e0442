package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
)

// A rules file may come from anyone, so its expressions must not be able
// to make an evaluation run for long or take much memory. expr itself
// bounds an expression's size (its node limit, maxExprNodes) and, with the
// VM's memory budget (maxExprBudget units per run here), the ranges,
// arrays, maps and sorts an evaluation builds. What expr leaves open is
// closed here:
//
//   - only the builtins in allowedBuiltins exist: the others either read
//     the clock (now, date), build values larger than their inputs
//     (repeat, join, replace, concat, flatten, reduce, toJSON, toBase64,
//     ...), which chained give strings or lists of any size, or cost far
//     more per item than their weight says (uniq, sort, groupBy, sortBy
//     build maps or sort: 3 µs an item for uniq, where a test costs 0.1);
//   - `+` adds numbers only: joining strings or lists repeatedly would
//     double a value at every step;
//   - each iteration of a closure (all, any, filter, map, count, ...) is
//     charged to the memory budget by the weight of its body, so loops nested
//     over constant lists or answers stop with an error instead of running
//     for hours;
//   - a file holds at most maxLoops closures, and its expressions weigh at
//     most maxFileWeight outside them;
//   - an expression is at most maxExprLength bytes, an option id at most
//     maxOptionIDLength, a question at most maxOptions options (a multi
//     question maxMultiOptions), so that no single step of an evaluation
//     works on a large value.
//
// With these, one evaluation does at most about maxFileWeight steps outside
// loops and maxLoops*maxExprBudget in them, each on a value of a few KiB or
// a list of at most maxMultiOptions items.

// Limits on the work and the values of expressions.
const (
	// maxExprBudget is the VM's memory budget for one run of one
	// expression: elements of the ranges, arrays and maps it builds, plus
	// the weight of every closure iteration (expr's default is 1e6).
	// Rules that test answers need a few dozen.
	maxExprBudget = 1_000
	// maxLoops bounds the closures (all, any, filter, ...) in one file, so
	// that the loops of one evaluation take at most maxLoops*maxExprBudget
	// steps.
	maxLoops = 50
	// maxFileWeight bounds the weight of all of a file's expressions, run
	// once each: the work of one evaluation outside loops. The default
	// rules weigh 389.
	maxFileWeight = 20_000
	// maxExprLength bounds the text of one expression, in bytes.
	maxExprLength = 4096
	// maxOptionIDLength bounds an option id, in bytes.
	maxOptionIDLength = 100
	// maxOptions bounds the options of one question.
	maxOptions = 1000
	// maxMultiOptions bounds the options of a multi question: its answer
	// is a list, which a test such as 'x' in answer scans, except on the
	// evaluation's fast path, which holds up to 64 options as a bit set.
	maxMultiOptions = 64
)

// allowedBuiltins are the expr builtins expressions may call: tests and
// arithmetic over the answers whose results are no larger than their inputs.
var allowedBuiltins = map[string]bool{
	// closures over lists; each iteration is charged (chargeLoops)
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true,
	"find": true, "findIndex": true, "findLast": true, "findLastIndex": true,
	"count": true, "sum": true,
	// numbers
	"len": true, "abs": true, "ceil": true, "floor": true, "round": true,
	"int": true, "float": true, "max": true, "min": true, "mean": true, "median": true,
	"bitand": true, "bitor": true, "bitxor": true, "bitnand": true, "bitnot": true,
	"bitshl": true, "bitshr": true, "bitushr": true,
	// strings, no longer than their input
	"trim": true, "trimPrefix": true, "trimSuffix": true, "upper": true, "lower": true,
	"indexOf": true, "lastIndexOf": true, "hasPrefix": true, "hasSuffix": true, "type": true,
	// parts of lists and maps
	"first": true, "last": true, "get": true, "take": true, "keys": true, "values": true,
}

// deniedBuiltin reports whether name is an expr builtin that rules
// expressions may not call.
func deniedBuiltin(name string) bool {
	_, isBuiltin := builtin.Index[name]
	return isBuiltin && !allowedBuiltins[name]
}

// restrictBuiltins removes every builtin not in allowedBuiltins from c,
// so that calling one is an unknown name (reported by leafVisitor).
func restrictBuiltins(c *conf.Config) {
	for _, f := range builtin.Builtins {
		if !allowedBuiltins[f.Name] {
			c.Disabled[f.Name] = true
			delete(c.Builtins, f.Name)
		}
	}
}

// boundExpr checks a checked and optimized expression tree for what the
// type checker lets through but rules may not do (`+` on anything but
// numbers) and charges each closure iteration to the memory budget. It
// returns the number of closures, the weight of one run outside loops (a
// step per node, more for the nodes that scan a value: see weigh), and the
// offending node and a message, or a nil node.
//
// listSize gives the largest length of a list identifier (a multi
// question's options), which weighs the steps that scan it.
func boundExpr(root *ast.Node, listSize func(id string) int) (loops, weight int, bad ast.Node, msg string) {
	v := &boundVisitor{listSize: listSize}
	ast.Walk(root, v)
	ast.Walk(root, weigh{listSize, &weight})
	return v.loops, weight, v.bad, v.msg
}

type boundVisitor struct {
	listSize func(id string) int
	loops    int
	bad      ast.Node
	msg      string
}

func (v *boundVisitor) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		if n.Operator == "+" && v.bad == nil && !(isNumber(n.Left.Type()) && isNumber(n.Right.Type())) {
			v.bad, v.msg = n, "`+` adds numbers only: expressions test the answers, they do not build strings or lists"
		}
	case *ast.PredicateNode:
		v.loops++
		v.chargeLoop(n)
	}
}

func isNumber(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// chargeLoop makes a closure's body build the range 1..w before it runs,
// w being the body's weight (weigh): the VM charges w to its memory budget
// on every iteration, so the work of all loops in one run is bounded by
// the budget whatever they iterate over.
func (v *boundVisitor) chargeLoop(p *ast.PredicateNode) {
	w := 0
	ast.Walk(&p.Node, weigh{v.listSize, &w})
	intType := reflect.TypeOf(0)
	one := &ast.IntegerNode{Value: 1}
	one.SetType(intType)
	size := &ast.IntegerNode{Value: w}
	size.SetType(intType)
	charge := &ast.BinaryNode{Operator: "..", Left: one, Right: size}
	charge.SetType(reflect.TypeOf([]int(nil)))
	body := p.Node
	seq := &ast.SequenceNode{Nodes: []ast.Node{charge, body}}
	seq.SetNature(*body.Nature())
	seq.SetLocation(body.Location())
	p.Node = seq
}

// weigh sums the work of one run of a tree: a step per node, and more
// for the nodes that scan a value, by its largest size: a list answer by
// its options, a string literal by its length.
type weigh struct {
	listSize func(id string) int
	w        *int
}

func (c weigh) Visit(node *ast.Node) {
	*c.w++
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if c.listSize != nil {
			*c.w += c.listSize(n.Value)
		}
	case *ast.StringNode:
		*c.w += len(n.Value) / 64
	}
}

// listSize is the most items the answer to id can hold: the number of
// options of a list answer, else 0.
func (rs *Ruleset) listSize(id string) int {
	if q := rs.questionByID[id]; q != nil && q.Kind() == KindOptions {
		return len(q.Options)
	}
	return 0
}
