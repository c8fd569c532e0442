package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// condition reads a condition: an expression string, or a mapping with one
// key, all/any (a list of conditions) or not (one condition).
func (b *builder) condition(n *yaml.Node, what string, sc scope, askIndex, depth int) *Condition {
	n = Deref(n)
	if depth > maxConditionDepth {
		// Name the condition, not the 33 steps down to here.
		for _, step := range []string{": not", ": all[", ": any["} {
			if i := strings.Index(what, step); i >= 0 {
				what = what[:i]
			}
		}
		b.errorf(b.pos(n), "%s: conditions nested too deeply: more than %d levels of all/any/not", what, maxConditionDepth)
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		expr, ok := b.str(n, what)
		if !ok {
			return nil
		}
		c := &Condition{Op: OpExpr, Expr: expr, Pos: b.pos(n)}
		b.leaves = append(b.leaves, leafSite{cond: c, node: n, scope: sc, askIndex: askIndex, what: what})
		return c
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			b.errorf(b.pos(n), "%s: a condition mapping has exactly one key: all, any or not", what)
			return nil
		}
		k, v := Deref(n.Content[0]), n.Content[1]
		c := &Condition{Op: ConditionOp(k.Value), Pos: b.pos(k)}
		switch c.Op {
		case OpAll, OpAny:
			items := b.list(v, what+": "+k.Value)
			if items != nil && len(items) == 0 {
				b.errorf(b.pos(v), "%s: %s needs at least one condition", what, k.Value)
			}
			for i, it := range items {
				if sub := b.condition(it, fmt.Sprintf("%s: %s[%d]", what, k.Value, i), sc, askIndex, depth+1); sub != nil {
					c.Items = append(c.Items, sub)
				}
			}
		case OpNot:
			if sub := b.condition(v, what+": not", sc, askIndex, depth+1); sub != nil {
				c.Items = []*Condition{sub}
			}
		default:
			b.errorf(b.pos(k), "%s: unknown condition %q%s; use all, any or not", what, k.Value, suggest(k.Value, []string{"all", "any", "not"}))
			return nil
		}
		return c
	}
	b.errorf(b.pos(n), "%s must be an expression or a mapping with all, any or not, not %s", what, kindName(n))
	return nil
}

// exprSource is where an expression's text is in the file. The position of
// each character is computed from it only when a message needs one: kept
// for every character of a 4 MiB file, they took 470 MB.
type exprSource struct {
	node  *yaml.Node // the scalar, not the tree: nothing else is kept
	lines []string
}

// positions maps each character of the expression (and its end) to its
// place in the file, or returns nil when it cannot.
func (s *exprSource) positions() []Pos {
	if s == nil {
		return nil
	}
	return exprPositions(s.node, s.lines)
}

// atIn returns the file position of character from of the expression,
// from its positions, or the condition's own position when not known.
func (c *Condition) atIn(positions []Pos, from int) Pos {
	if from >= 0 && from < len(positions) {
		p := positions[from]
		p.File = c.Pos.File
		return p
	}
	return c.Pos
}

// exprPositions maps each character of a scalar's value (and the end) to its
// line and column in the file, so that an error inside an expression points
// into the file, also for block scalars. It returns nil when the value cannot
// be mapped back exactly; callers then use the node's own position.
func exprPositions(n *yaml.Node, lines []string) []Pos {
	var text []rune
	var pos []Pos
	emit := func(r rune, line, col int) {
		text = append(text, r)
		pos = append(pos, Pos{Line: line, Col: col})
	}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		indent := -1
		pendingBreak := false // folded: a line break not yet emitted
		lastLine := n.Line
		for i := n.Line; i < len(lines); i++ { // lines[i] is file line i+1
			l := []rune(lines[i])
			blank := strings.TrimSpace(string(l)) == ""
			lead := len(l) - len(strings.TrimLeft(string(l), " "))
			if !blank && indent < 0 {
				indent = lead
			}
			if !blank && lead < indent {
				break
			}
			if blank {
				// Folded: the break before a blank line is dropped and
				// the blank line itself becomes the newline.
				emit('\n', i+1, 1)
				pendingBreak = false
				continue
			}
			if pendingBreak {
				emit(' ', lastLine, len([]rune(lines[lastLine-1]))+1)
			}
			for k, r := range l[indent:] {
				emit(r, i+1, indent+k+1)
			}
			if n.Style == yaml.LiteralStyle {
				emit('\n', i+1, len(l)+1)
			} else {
				pendingBreak, lastLine = true, i+1
			}
		}
		if pendingBreak {
			emit('\n', lastLine, len([]rune(lines[lastLine-1]))+1)
		}
	default:
		if n.Line < 1 || n.Line > len(lines) {
			return nil
		}
		l := []rune(lines[n.Line-1])
		i := n.Column - 1
		if i < 0 || i > len(l) {
			return nil
		}
		switch n.Style {
		case yaml.SingleQuotedStyle:
			for i++; i < len(l); i++ {
				if l[i] == '\'' {
					if i+1 < len(l) && l[i+1] == '\'' {
						emit('\'', n.Line, i+1)
						i++
						continue
					}
					break
				}
				emit(l[i], n.Line, i+1)
			}
		case yaml.DoubleQuotedStyle:
			for i++; i < len(l) && l[i] != '"'; i++ {
				if l[i] == '\\' && i+1 < len(l) {
					width := map[rune]int{'x': 4, 'u': 6, 'U': 10}[l[i+1]]
					if width == 0 {
						width = 2
					}
					var r rune
					if s, err := unquoteEscape(string(l[i:min(i+width, len(l))])); err == nil {
						r, _ = utf8.DecodeRuneInString(s)
					}
					emit(r, n.Line, i+1)
					i += width - 1
					continue
				}
				emit(l[i], n.Line, i+1)
			}
		default:
			for ; i < len(l); i++ {
				emit(l[i], n.Line, i+1)
			}
		}
	}
	value := []rune(n.Value)
	if len(text) < len(value) || string(text[:len(value)]) != n.Value {
		// A plain scalar may be followed by a comment on its line.
		return nil
	}
	end := Pos{Line: n.Line, Col: n.Column}
	if len(value) < len(pos) {
		end = pos[len(value)]
	} else if len(pos) > 0 {
		end = pos[len(pos)-1]
		end.Col++
	}
	return append(pos[:len(value):len(value)], end)
}

func unquoteEscape(s string) (string, error) {
	var v string
	err := yaml.Unmarshal([]byte(`"`+s+`"`), &v)
	return v, err
}
