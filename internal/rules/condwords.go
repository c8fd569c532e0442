package rules

import (
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// ConditionWords says when a condition on the answers holds, in the
// questions' and the options' words: `product_driven or rd_intensity !=
// 'none'` reads `the answer to "Do your customers use technology that the
// organisation builds?" is yes, or the answer to "How much research and
// development does the organisation do?" is not "None: we use technology
// that others build"`. It reads what ask_if conditions are made of: a yes
// or no question, comparisons of an answer with a value, `in`, and, or,
// not. A condition built otherwise (len(...), arithmetic) reads as the
// rules write it, in backticks.
//
// mcp's tool descriptions use it; the other front ends' "asked when" texts
// (questions, flag help, OpenAPI, sweep) still show the expression.
func (rs *Ruleset) ConditionWords(c *Condition) string {
	if s, ok := conditionText(rs, c); ok {
		return s
	}
	return "the rules' condition `" + strings.Join(strings.Fields(c.String()), " ") + "` holds"
}

func conditionText(rs *Ruleset, c *Condition) (string, bool) {
	switch c.Op {
	case OpExpr:
		tree, err := parser.Parse(c.Expr)
		if err != nil {
			return "", false
		}
		return nodeWords(rs, tree.Node)
	case OpAll, OpAny:
		join := ", and "
		if c.Op == OpAny {
			join = ", or "
		}
		parts := make([]string, len(c.Items))
		for i, it := range c.Items {
			s, ok := conditionText(rs, it)
			if !ok {
				return "", false
			}
			if len(it.Items) > 1 {
				s = "(" + s + ")"
			}
			parts[i] = s
		}
		return strings.Join(parts, join), true
	}
	return "", false
}

// nodeWords reads an expression's node, as conditionWords says.
func nodeWords(rs *Ruleset, n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return answerIs(rs, n, true)
	case *ast.UnaryNode:
		if n.Operator != "not" && n.Operator != "!" {
			return "", false
		}
		switch inner := n.Node.(type) {
		case *ast.IdentifierNode:
			return answerIs(rs, inner, false)
		case *ast.BinaryNode:
			if inner.Operator == "in" {
				return inWords(rs, inner, true)
			}
		}
		return "", false
	case *ast.BinaryNode:
		switch n.Operator {
		case "and", "&&", "or", "||":
			l, ok1 := logicalPart(rs, n.Left, n.Operator)
			r, ok2 := logicalPart(rs, n.Right, n.Operator)
			join := ", and "
			if n.Operator == "or" || n.Operator == "||" {
				join = ", or "
			}
			return l + join + r, ok1 && ok2
		case "in":
			return inWords(rs, n, false)
		}
		return comparisonWords(rs, n)
	}
	return "", false
}

// logicalPart reads one side of and/or, in parentheses when it is the
// other of the two.
func logicalPart(rs *Ruleset, n ast.Node, op string) (string, bool) {
	s, ok := nodeWords(rs, n)
	if b, isBinary := n.(*ast.BinaryNode); isBinary && isLogical(b.Operator) && isOr(b.Operator) != isOr(op) {
		s = "(" + s + ")"
	}
	return s, ok
}

func isLogical(op string) bool { return op == "and" || op == "&&" || op == "or" || op == "||" }
func isOr(op string) bool      { return op == "or" || op == "||" }

// question is the question an identifier names, nil for any other name.
func question(rs *Ruleset, n ast.Node) *Question {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	return rs.Question(id.Value)
}

// answerIs reads a yes or no question, or its negation.
func answerIs(rs *Ruleset, n *ast.IdentifierNode, yes bool) (string, bool) {
	q := rs.Question(n.Value)
	if q == nil || q.Type != TypeBool {
		return "", false
	}
	return "the answer to " + quoted(q.Prompt) + " is " + q.Words(yes), true
}

// comparisonWords reads an answer compared with a value, either way round.
func comparisonWords(rs *Ruleset, n *ast.BinaryNode) (string, bool) {
	op, left, right := n.Operator, n.Left, n.Right
	if question(rs, left) == nil {
		flipped := map[string]string{"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
		op, left, right = flipped[op], right, left
	}
	q := question(rs, left)
	v, ok := literal(right)
	if q == nil || !ok {
		return "", false
	}
	verb := map[string]string{"==": "is", "!=": "is not", "<": "is less than", "<=": "is at most", ">": "is more than", ">=": "is at least"}[op]
	if verb == "" || (op != "==" && op != "!=" && q.Type != TypeInt) {
		return "", false
	}
	return "the answer to " + quoted(q.Prompt) + " " + verb + " " + valueWords(q, v), true
}

// inWords reads `answer in [values]` and `'value' in answers` (a multi
// question's), or their negations.
func inWords(rs *Ruleset, n *ast.BinaryNode, negated bool) (string, bool) {
	if q := question(rs, n.Right); q != nil && q.Type == TypeMulti {
		v, ok := literal(n.Left)
		if !ok {
			return "", false
		}
		verb := "include"
		if negated {
			verb = "do not include"
		}
		return "the answers to " + quoted(q.Prompt) + " " + verb + " " + valueWords(q, v), true
	}
	q := question(rs, n.Left)
	list, ok := n.Right.(*ast.ArrayNode)
	if q == nil || !ok || len(list.Nodes) == 0 {
		return "", false
	}
	values := make([]string, len(list.Nodes))
	for i, item := range list.Nodes {
		v, ok := literal(item)
		if !ok {
			return "", false
		}
		values[i] = valueWords(q, v)
	}
	answer := "the answer to " + quoted(q.Prompt)
	switch {
	case !negated:
		return answer + " is " + strings.Join(values, " or "), true
	case len(values) == 1:
		return answer + " is not " + values[0], true
	}
	return answer + " is neither " + strings.Join(values, " nor "), true
}

// literal is a constant of an expression: a string, a number or a boolean.
func literal(n ast.Node) (any, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.IntegerNode:
		return n.Value, true
	case *ast.FloatNode:
		return n.Value, true
	case *ast.BoolNode:
		return n.Value, true
	}
	return nil, false
}

// valueWords is a value of q's answers in people's words: an option by its
// label, quoted; a number, or yes or no, as it is.
func valueWords(q *Question, v any) string {
	if _, ok := v.(string); ok {
		return quoted(q.Words(v))
	}
	return q.Words(v)
}

// quoted quotes the rules' own words (a prompt, a label) whole, unlike
// Quote, which cuts what users give.
func quoted(s string) string { return `"` + s + `"` }
