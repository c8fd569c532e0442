package rules

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits that keep a hostile or broken rules file from using unbounded
// memory or time.
const (
	// MaxFileSize is the largest rules or case file read, in bytes.
	MaxFileSize = 4 << 20
	// maxNodes bounds the YAML nodes visited, aliases expanded.
	maxNodes = 100_000
	// maxDepth bounds the nesting of YAML collections.
	maxDepth = 64
	// maxConditionDepth bounds the nesting of all/any/not.
	maxConditionDepth = 32
	// maxExprNodes bounds the size of one expression (expr's node limit).
	maxExprNodes = 1000
)

// reader walks a YAML node tree strictly, recording every problem with its
// position instead of stopping at the first.
type reader struct {
	*diagnostics
}

func (r *reader) pos(n *yaml.Node) Pos {
	return Pos{File: r.file, Line: n.Line, Col: n.Column}
}

// parseYAML decodes exactly one YAML document into a node tree, mapping
// yaml's own errors to positions. It returns nil when it reported an error.
func parseYAML(ds *diagnostics, src []byte, what string) *yaml.Node {
	if len(strings.TrimSpace(string(src))) == 0 {
		ds.errorf(Pos{Line: 1, Col: 1}, "%s is empty", what)
		return nil
	}
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		ds.errorf(Pos{Line: 1, Col: 1}, "%s is empty", what)
		return nil
	} else if err != nil {
		ds.errorf(ds.clampLine(yamlErrorPos(err)), "%s", yamlErrorMessage(err))
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		ds.errorf(Pos{Line: extra.Line, Col: extra.Column}, "%s must hold one YAML document, found another here", what)
		return nil
	} else if !errors.Is(err, io.EOF) {
		ds.errorf(ds.clampLine(yamlErrorPos(err)), "%s", yamlErrorMessage(err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		ds.errorf(Pos{Line: 1, Col: 1}, "%s is empty", what)
		return nil
	}
	root := doc.Content[0]
	count := 0
	if !measure(ds, root, 0, &count) {
		return nil
	}
	return root
}

// ParseDocument parses src as exactly one YAML (or JSON) document, under
// the same limits as a rules file: MaxFileSize, valid UTF-8, a bounded
// number of nodes once aliases are expanded, bounded nesting. It returns the
// root node, nil for an empty document, or a *LoadError whose problems carry
// positions in name. what names the document in messages ("answers file").
func ParseDocument(name string, src []byte, what string) (*yaml.Node, error) {
	ds := newDiagnostics(name, src)
	switch {
	case len(src) > MaxFileSize:
		ds.errorf(Pos{Line: 1, Col: 1}, "%s too large: over %d MiB", what, MaxFileSize>>20)
	case !utf8.Valid(src):
		ds.errorf(invalidUTF8Pos(src), "%s is not valid UTF-8", what)
	case len(strings.TrimSpace(strings.TrimPrefix(string(src), "\ufeff"))) == 0:
		return nil, nil
	}
	if !ds.hasErrors() {
		if root := parseYAML(ds, src, what); root != nil {
			return Deref(root), nil
		}
		if len(ds.list) == 1 && ds.list[0].Message == what+" is empty" {
			return nil, nil // only comments
		}
	}
	return nil, &LoadError{Diagnostics: ds.sorted()}
}

// measure walks the tree once, aliases expanded, and reports a tree that is
// too deep or too large (a "billion laughs" alias bomb) before any other
// work touches it.
func measure(ds *diagnostics, n *yaml.Node, depth int, count *int) bool {
	*count++
	if *count > maxNodes {
		ds.errorf(Pos{Line: n.Line, Col: n.Column}, "document too large: more than %d YAML nodes once aliases are expanded", maxNodes)
		return false
	}
	if depth > maxDepth {
		ds.errorf(Pos{Line: n.Line, Col: n.Column}, "document nested too deeply: more than %d levels", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return true
		}
		return measure(ds, n.Alias, depth+1, count)
	}
	for _, c := range n.Content {
		if !measure(ds, c, depth+1, count) {
			return false
		}
	}
	return true
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: (?:line (\d+): )?`) })

func yamlErrorPos(err error) Pos {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return Pos{Line: 1, Col: 1}
	}
	m := yamlLineRE().FindStringSubmatch(err.Error())
	if m != nil && m[1] != "" {
		line, _ := strconv.Atoi(m[1])
		msg := strings.TrimPrefix(err.Error(), m[0])
		for _, pm := range yamlParserMessages {
			if msg == pm {
				line++
				break
			}
		}
		return Pos{Line: line, Col: 1}
	}
	return Pos{Line: 1, Col: 1}
}

// clampLine keeps a position within the file's text: yaml names the line
// after the end for a document cut short, where the last line is meant.
func (ds *diagnostics) clampLine(p Pos) Pos {
	last := len(ds.lines)
	for last > 1 && strings.TrimSpace(ds.lines[last-1]) == "" {
		last--
	}
	if p.Line > last {
		p.Line = last
	}
	return p
}

// yamlParserMessages are the errors of yaml's parser, as opposed to its
// scanner. For these yaml names the line counting from 0 (a flow mapping
// left open on the second line is "line 1"), where the line the construct
// in error starts is meant.
var yamlParserMessages = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected node content",
	"found undefined tag handle",
}

func yamlErrorMessage(err error) string {
	msg := yamlLineRE().ReplaceAllString(err.Error(), "")
	return "invalid YAML: " + msg
}

// Deref follows an alias to the node it names.
func Deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// field is one key/value pair of a mapping.
type field struct {
	key   string
	keyAt *yaml.Node
	value *yaml.Node
}

// fields checks that n is a mapping with only the known keys, each at most
// once, and every required key present. It returns the pairs by key.
func (r *reader) fields(n *yaml.Node, what string, known []string, required ...string) map[string]field {
	n = Deref(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(r.pos(n), "%s must be a mapping, not %s", what, kindName(n))
		return nil
	}
	out := make(map[string]field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			r.errorf(r.pos(k), "%s: keys must be plain names, not %s", what, kindName(k))
			continue
		}
		if k.Tag == "!!merge" {
			r.errorf(r.pos(k), "%s: merge keys (<<) are not supported", what)
			continue
		}
		if prev, dup := out[k.Value]; dup {
			r.errorf(r.pos(k), "%s: duplicate key %q (first at line %d)", what, k.Value, prev.keyAt.Line)
			continue
		}
		if !contains(known, k.Value) {
			r.errorf(r.pos(k), "%s: unknown key %q%s; allowed: %s", what, k.Value, suggest(k.Value, known), strings.Join(known, ", "))
			continue
		}
		out[k.Value] = field{key: k.Value, keyAt: k, value: v}
	}
	for _, req := range required {
		if _, ok := out[req]; !ok {
			r.errorf(r.pos(n), "%s: missing %q", what, req)
		}
	}
	return out
}

// pairs checks that n is a mapping with unique scalar keys and returns its
// pairs in order; it is for mappings keyed by ids.
func (r *reader) pairs(n *yaml.Node, what string) []field {
	n = Deref(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(r.pos(n), "%s must be a mapping, not %s", what, kindName(n))
		return nil
	}
	var out []field
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Value == "" {
			r.errorf(r.pos(k), "%s: keys must be non-empty names, not %s", what, kindName(k))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			r.errorf(r.pos(k), "%s: duplicate key %q (first at line %d)", what, k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, field{key: k.Value, keyAt: k, value: v})
	}
	return out
}

// list checks that n is a sequence and returns its items.
func (r *reader) list(n *yaml.Node, what string) []*yaml.Node {
	n = Deref(n)
	if n.Kind != yaml.SequenceNode {
		r.errorf(r.pos(n), "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = Deref(c)
	}
	return out
}

// str reads a non-empty scalar as text.
func (r *reader) str(n *yaml.Node, what string) (string, bool) {
	n = Deref(n)
	if n.Kind != yaml.ScalarNode {
		r.errorf(r.pos(n), "%s must be text, not %s", what, kindName(n))
		return "", false
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		r.errorf(r.pos(n), "%s must not be empty", what)
		return "", false
	}
	if i := strings.IndexFunc(n.Value, unprintable); i >= 0 {
		c, _ := utf8.DecodeRuneInString(n.Value[i:])
		r.errorf(r.pos(n), "%s: control character %U in the text: a rules file holds plain text, not terminal codes", what, c)
		return "", false
	}
	return n.Value, true
}

// unprintable reports the characters a rules file's text may not hold:
// control characters but newline and tab (an escape code in a note would
// reach the terminal of whoever runs the file), and the bidirectional
// overrides that make text read differently from what it holds.
func unprintable(c rune) bool {
	switch {
	case c == '\n' || c == '\t':
		return false
	case unicode.IsControl(c):
		return true
	}
	return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
}

// strList reads a list of non-empty scalars.
func (r *reader) strList(n *yaml.Node, what string) ([]string, []*yaml.Node) {
	items := r.list(n, what)
	var out []string
	var nodes []*yaml.Node
	for i, it := range items {
		if s, ok := r.str(it, fmt.Sprintf("%s[%d]", what, i)); ok {
			out = append(out, s)
			nodes = append(nodes, it)
		}
	}
	return out, nodes
}

// citations reads a list of sources cited: each item is a source id, or a
// mapping {id, quote} that gives the passage the claim rests on.
func (r *reader) citations(n *yaml.Node, what string) ([]Citation, []*yaml.Node) {
	items := r.list(n, what)
	var out []Citation
	var nodes []*yaml.Node
	for i, it := range items {
		iwhat := fmt.Sprintf("%s[%d]", what, i)
		if it.Kind != yaml.MappingNode {
			if s, ok := r.str(it, iwhat); ok {
				out = append(out, Citation{Source: s})
				nodes = append(nodes, it)
			}
			continue
		}
		fs := r.fields(it, iwhat, []string{"id", "quote"}, "id")
		var c Citation
		var idNode *yaml.Node
		if f, ok := fs["id"]; ok {
			c.Source, _ = r.str(f.value, iwhat+": id")
			idNode = f.value
		}
		if f, ok := fs["quote"]; ok {
			c.Quote, _ = r.str(f.value, iwhat+": quote")
		}
		if c.Source != "" {
			out = append(out, c)
			nodes = append(nodes, idNode)
		}
	}
	return out, nodes
}

func (r *reader) integer(n *yaml.Node, what string) (int, bool) {
	n = Deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		r.errorf(r.pos(n), "%s must be a whole number, not %s", what, kindName(n))
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
	if err != nil || v != int64(int(v)) {
		r.errorf(r.pos(n), "%s: %q is out of range", what, n.Value)
		return 0, false
	}
	return int(v), true
}

func (r *reader) number(n *yaml.Node, what string) (float64, bool) {
	n = Deref(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		r.errorf(r.pos(n), "%s must be a number, not %s", what, kindName(n))
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil || v != v || v > 1e15 || v < -1e15 {
		r.errorf(r.pos(n), "%s: %q is not a finite number", what, n.Value)
		return 0, false
	}
	return v, true
}

func (r *reader) boolean(n *yaml.Node, what string) (bool, bool) {
	n = Deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		r.errorf(r.pos(n), "%s must be true or false, not %s", what, kindName(n))
		return false, false
	}
	var v bool
	_ = n.Decode(&v)
	return v, true
}

// kindName describes a node for messages: "a list", "a mapping", "text "x"".
func kindName(n *yaml.Node) string {
	n = Deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty (null)"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		case "!!int", "!!float":
			return "a number (" + n.Value + ")"
		}
		v := n.Value
		if len(v) > 40 {
			v = v[:37] + "..."
		}
		return fmt.Sprintf("text %q", v)
	}
	return "nothing"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
