package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/parser/lexer"
)

// The errors of expr's parser and checker are written for programmers
// ("unexpected token EOF", "invalid operation: > (mismatched types int and
// string)"). The functions here reword the common ones for a rule's
// author, from what expr gives typed: the tokens of its lexer, the nodes
// of its tree and the types the checker gave them. The diagnostic keeps
// expr's own words in ExprMessage, for `rules check -o json`.
//
// expr has no typed error for which parse or type error it met: every one
// is a *file.Error whose only mark is its message. So the kind of error is
// read from the start of that message, the one place this depends on
// expr's words: "unexpected token ", "unexpected end of expression" and
// "literal not terminated" from the parser and its lexer, and "invalid
// operation: " from the checker. TestExprErrorsKeepExprWords pins them, so
// that an expr upgrade that rewords one fails there rather than falling
// back to expr's words unnoticed. The one error with no message to read,
// a condition that does not give true or false, is known by its type.

// parseProblem words expr's parse error err in src for a rule's author,
// or returns "" to keep expr's words.
func parseProblem(src string, err error) string {
	var fe *file.Error
	if !errors.As(err, &fe) {
		return ""
	}
	runes := []rune(src)
	toks := lexTokens(src)
	if fe.From >= 0 && fe.From < len(runes) {
		if want, ok := lookalikes[runes[fe.From]]; ok && (len(toks) == 0 || toks[len(toks)-1].Kind != lexer.EOF) {
			// The lexer stopped at a character that only looks like
			// an operator or a quote, as a word processor writes it.
			return fmt.Sprintf("unexpected %s: write %s", code(string(runes[fe.From])), code(want))
		}
	}
	if fe.Message == "literal not terminated" {
		// The lexer stopped in the text that the last quote opens.
		q := lastQuote(runes, toks)
		if q == 0 {
			return ""
		}
		return fmt.Sprintf("a quoted text is not closed: end it with %s", code(string(q)))
	}
	if fe.Message != "unexpected end of expression" && !strings.HasPrefix(fe.Message, "unexpected token ") {
		return ""
	}
	// The end's token shares its place with the last character, so
	// which one the parser met is read from its message, as it prints
	// the end's token.
	eof := fe.Message == "unexpected end of expression" || fe.Message == "unexpected token "+(lexer.Token{Kind: lexer.EOF}).String()
	at := -1
	for i, t := range toks {
		if t.From == fe.From && (t.Kind == lexer.EOF) == eof {
			at = i
			break
		}
	}
	if at < 0 {
		return ""
	}
	tok := toks[at]
	var prev *lexer.Token
	if at > 0 {
		prev = &toks[at-1]
	}
	open := openBrackets(toks[:at])
	text := tokenText(runes, tok)
	switch {
	case tok.Kind == lexer.EOF && prev != nil && (prev.Kind == lexer.Operator || closing[prev.Value] != ""):
		return fmt.Sprintf("the condition ends too early, after %s", code(tokenText(runes, *prev)))
	case tok.Kind == lexer.EOF && len(open) > 0:
		o := open[len(open)-1]
		return fmt.Sprintf("the condition ends before its %s is closed: add %s", code(o), code(closing[o]))
	case tok.Kind == lexer.EOF:
		return "the condition ends too early"
	case tok.Kind == lexer.Bracket && opening[text] != "" && (len(open) == 0 || open[len(open)-1] != opening[text]):
		return fmt.Sprintf("unexpected %s: no %s opens it", code(text), code(opening[text]))
	case tok.Is(lexer.Operator, "="):
		return "unexpected `=`: to compare, write `==`"
	case tok.Kind == lexer.Identifier && wordOperators[strings.ToLower(text)]:
		return fmt.Sprintf("unexpected %s: write %s, in lower case", code(text), code(strings.ToLower(text)))
	case tok.Is(lexer.Operator, ",") && prev != nil && prev.Kind == lexer.Number && at+1 < len(toks) && toks[at+1].Kind == lexer.Number:
		return "unexpected `,` in a number: write it without separators, as 1000 or 1_000"
	case prev != nil && endsValue(*prev) && startsValue(tok):
		return fmt.Sprintf("unexpected %s: an operator (such as `and`, `or`, `==` or `>`) is missing before it", code(text))
	case prev != nil && (prev.Kind == lexer.Operator || closing[prev.Value] != "") && (tok.Kind == lexer.Operator || opening[text] != ""):
		return fmt.Sprintf("unexpected %s after %s: a value is missing between them", code(text), code(tokenText(runes, *prev)))
	}
	return fmt.Sprintf("unexpected %s", code(text))
}

// lexTokens is src's tokens as expr's lexer reads them, up to the end or
// to the first that it cannot read.
func lexTokens(src string) []lexer.Token {
	l := lexer.New()
	l.Reset(file.NewSource(src))
	var toks []lexer.Token
	for {
		t, err := l.Next()
		if err != nil {
			return toks
		}
		toks = append(toks, t)
		if t.Kind == lexer.EOF {
			return toks
		}
	}
}

// lastQuote is the quote that opens the text the lexer could not finish:
// the first quote after the last token it read; 0 when there is none.
func lastQuote(runes []rune, toks []lexer.Token) rune {
	from := 0
	if n := len(toks); n > 0 {
		from = toks[n-1].To
	}
	for _, r := range runes[min(from, len(runes)):] {
		switch r {
		case '\'', '"', '`':
			return r
		}
	}
	return 0
}

// lookalikes are characters that look like an operator or a quote and
// are not, with what to write instead.
var lookalikes = map[rune]string{
	'≥': ">=", '≤': "<=", '≠': "!=", '＝': "==",
	'‘': "'", '’': "'", '“': `"`, '”': `"`,
}

// opening maps a closing bracket to the one that opens it; closing the
// other way.
var (
	opening = map[string]string{")": "(", "]": "[", "}": "{"}
	closing = map[string]string{"(": ")", "[": "]", "{": "}"}
)

// wordOperators are expr's operators that are words; written in capitals
// they are names.
var wordOperators = map[string]bool{"and": true, "or": true, "not": true, "in": true, "matches": true, "contains": true}

// openBrackets is the brackets toks leave open, innermost last.
func openBrackets(toks []lexer.Token) []string {
	var open []string
	for _, t := range toks {
		if t.Kind != lexer.Bracket {
			continue
		}
		if closing[t.Value] != "" {
			open = append(open, t.Value)
		} else if n := len(open); n > 0 && open[n-1] == opening[t.Value] {
			open = open[:n-1]
		}
	}
	return open
}

// endsValue reports whether a value can end with t: a name, a number, a
// text or a closing bracket; startsValue whether one can start with it.
func endsValue(t lexer.Token) bool {
	return valueToken(t) || t.Kind == lexer.Bracket && opening[t.Value] != ""
}

func startsValue(t lexer.Token) bool {
	return valueToken(t) || t.Kind == lexer.Bracket && closing[t.Value] != ""
}

// valueToken reports whether t is a value on its own.
func valueToken(t lexer.Token) bool {
	switch t.Kind {
	case lexer.Identifier, lexer.Number, lexer.String, lexer.Bytes:
		return true
	}
	return false
}

// tokenText is t as the author wrote it.
func tokenText(runes []rune, t lexer.Token) string {
	if t.Kind == lexer.EOF || t.From < 0 || t.To > len(runes) || t.From >= t.To {
		return t.Value
	}
	return string(runes[t.From:t.To])
}

// code quotes s as code in a message: `s`.
func code(s string) string { return "`" + s + "`" }

// checkProblem words the checker's error err on tree for a rule's
// author, or returns "" to keep expr's words.
func (rs *Ruleset) checkProblem(tree *parser.Tree, err error) string {
	var fe *file.Error
	if !errors.As(err, &fe) {
		// The condition's value is not true or false (conf.Expect): the
		// checker's one error that is no *file.Error, known here by the
		// type it gave the whole expression.
		if !typed(tree.Node) || tree.Node.Type().Kind() == reflect.Bool {
			return ""
		}
		return "the condition must be true or false, but " + rs.notBool(tree.Node, "it")
	}
	if !strings.HasPrefix(fe.Message, "invalid operation: ") {
		return ""
	}
	var msg string
	ast.Find(tree.Node, func(n ast.Node) bool {
		if msg != "" || n.Location().From != fe.From {
			return false
		}
		switch n := n.(type) {
		case *ast.BinaryNode:
			msg = rs.binaryProblem(n)
		case *ast.UnaryNode:
			msg = rs.unaryProblem(n)
		}
		return msg != ""
	})
	return msg
}

// binaryProblem says why n's operator cannot take its two sides.
func (rs *Ruleset) binaryProblem(n *ast.BinaryNode) string {
	if !typed(n.Left) || !typed(n.Right) {
		return ""
	}
	op := code(n.Operator)
	switch n.Operator {
	case "and", "or", "&&", "||":
		side, which := n.Left, "its left side"
		if n.Left.Type().Kind() == reflect.Bool {
			side, which = n.Right, "its right side"
		}
		return fmt.Sprintf("%s joins conditions that are true or false, but %s", op, rs.notBool(side, which))
	case "in":
		if k := n.Right.Type().Kind(); k == reflect.Slice || k == reflect.Array || k == reflect.Map {
			break
		}
		msg := fmt.Sprintf("%s looks in a list, but %s", op, rs.is(n.Right, "its right side"))
		if q := rs.questionOf(n.Right); q != nil && q.Kind() == KindOption {
			if s, ok := n.Left.(*ast.StringNode); ok {
				msg += fmt.Sprintf(": to compare, write %s == %s", q.ID, quoteText(s.Value))
			}
		}
		return msg
	case "==", "!=", "<", "<=", ">", ">=":
		msg := fmt.Sprintf("%s cannot compare %s with %s", op, rs.operand(n.Left, "its left side"), rs.operand(n.Right, "its right side"))
		if q := rs.questionOf(n.Left); q != nil && q.Kind() == KindOptions {
			if s, ok := n.Right.(*ast.StringNode); ok {
				msg += fmt.Sprintf("; to ask whether %s holds %s, write %s in %s", q.ID, quoteText(s.Value), quoteText(s.Value), q.ID)
			}
		}
		return msg
	}
	return fmt.Sprintf("%s cannot combine %s with %s", op, rs.operand(n.Left, "its left side"), rs.operand(n.Right, "its right side"))
}

// unaryProblem says why n's operator cannot take its operand.
func (rs *Ruleset) unaryProblem(n *ast.UnaryNode) string {
	if !typed(n.Node) {
		return ""
	}
	switch n.Operator {
	case "not", "!":
		return fmt.Sprintf("%s needs true or false, but %s", code(n.Operator), rs.notBool(n.Node, "its operand"))
	}
	return fmt.Sprintf("%s needs a number, but %s", code(n.Operator), rs.is(n.Node, "its operand"))
}

// notBool says what n is instead of true or false, with a comparison that
// would be: "size is a whole number: compare it, as in size > 10". other
// names n when it is no name or literal ("its left side").
func (rs *Ruleset) notBool(n ast.Node, other string) string {
	return rs.is(n, other) + ": compare it, as in " + code(rs.comparison(n))
}

// is says what n holds: "size is a whole number", "'ten' is text", "its
// left side is a number".
func (rs *Ruleset) is(n ast.Node, other string) string {
	name, noun := rs.describe(n)
	if name == "" {
		name = other
	}
	return name + " is " + noun
}

// operand names n with what it holds: "size (a whole number)", "'ten'
// (text)", "its left side (a number)".
func (rs *Ruleset) operand(n ast.Node, other string) string {
	name, noun := rs.describe(n)
	if name == "" {
		name = other
	}
	return name + " (" + noun + ")"
}

// describe names n as its author wrote it, if it is a name or a literal,
// and says what it holds.
func (rs *Ruleset) describe(n ast.Node) (name, noun string) {
	noun = typeNoun(n.Type())
	switch x := n.(type) {
	case *ast.IdentifierNode:
		if q := rs.questionByID[x.Value]; q != nil {
			return x.Value, q.Kind().exprNoun()
		}
		return x.Value, noun
	case *ast.MemberNode:
		id, ok := x.Node.(*ast.IdentifierNode)
		prop, isStr := x.Property.(*ast.StringNode)
		if ok && isStr {
			return id.Value + "." + prop.Value, noun
		}
	case *ast.StringNode:
		return quoteText(x.Value), noun
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return n.String(), noun
	}
	return "", noun
}

// comparison is a comparison of n that is true or false, by what n holds:
// "size > 10", "kind == 'shop'", "'gdpr' in regs".
func (rs *Ruleset) comparison(n ast.Node) string {
	if q := rs.questionOf(n); q != nil {
		if ids := q.OptionIDs(); len(ids) > 0 {
			switch q.Kind() {
			case KindOption:
				return q.ID + " == " + quoteText(ids[0])
			case KindOptions:
				return quoteText(ids[0]) + " in " + q.ID
			}
		}
	}
	// expr's printer writes the comparison, with the brackets it needs.
	switch n.Type().Kind() {
	case reflect.String:
		return (&ast.BinaryNode{Operator: "==", Left: n, Right: &ast.StringNode{Value: "…"}}).String()
	case reflect.Slice, reflect.Array, reflect.Map:
		return "len(" + n.String() + ") > 0"
	}
	return (&ast.BinaryNode{Operator: ">", Left: n, Right: &ast.IntegerNode{Value: 10}}).String()
}

// questionOf is the question n names, if it is a name of one.
func (rs *Ruleset) questionOf(n ast.Node) *Question {
	if id, ok := n.(*ast.IdentifierNode); ok {
		return rs.questionByID[id.Value]
	}
	return nil
}

// quoteText writes a text as a rule's author writes it: 'gdpr'.
func quoteText(s string) string {
	if strings.ContainsRune(s, '\'') {
		return fmt.Sprintf("%q", s)
	}
	return "'" + s + "'"
}

// typed reports whether the checker gave n a type.
func typed(n ast.Node) bool {
	t := n.Type()
	return t != nil && t.Kind() != reflect.Interface
}

// typeNoun says what a value of type t is, for a rule's author.
func typeNoun(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "a mapping"
	}
	return "a value"
}
