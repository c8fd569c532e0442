// Package answers reads the answers of a run from where they are given
// (files, standard input, the config file, the environment, flags) and
// types them with the rules, later layers winning. It also writes them
// back, as `--save-answers` does.
package answers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Raw is one answer as given, before the rules type it, with where it
// was given.
type Raw struct {
	ID    string
	Value any
	// Pos is the answer's value in a file (zero for flags and environment).
	Pos rules.Pos
	// KeyPos is the answer's key in a file, where an unknown question is
	// reported.
	KeyPos rules.Pos
	// From names the flag ("`--employees`") or environment variable
	// ("ORGADVISOR_EMPLOYEES") that gave the answer, when Pos is zero.
	From string
}

// Read reads an answers file, or standard input when path is "-".
func Read(path string, stdin io.Reader) ([]Raw, error) {
	name, src, err := rules.ReadInput(path, "answers file", stdin)
	if err != nil {
		return nil, err
	}
	return Parse(name, src)
}

// Parse reads an answers file: one YAML or JSON mapping from question
// id to answer, as `--save-answers` writes it. Duplicate keys, nested
// objects and anything but a mapping are errors at their file:line:col.
// Whether each answer fits its question is for Type to say.
//
// It reads the file as YAML, which reads JSON too, except two forms of it:
// the escape \/ and characters outside the Basic Multilingual Plane written
// as surrogate pairs ("\ud83d\ude00"). A file that YAML refuses but that
// is valid JSON is read as JSON (ParseJSON), so whatever a JSON library
// writes is read; one that is neither keeps YAML's error.
func Parse(name string, src []byte) ([]Raw, error) {
	root, err := ParseDocument(name, src, "answers file")
	if err != nil {
		if onlyJSONReads(src) {
			return ParseJSON(name, src)
		}
		return nil, err
	}
	if root == nil {
		return nil, fmt.Errorf("%s:1:1: answers file is empty; write one `question: answer` per line", name)
	}
	return FromNode(name, root)
}

// onlyJSONReads reports whether src is valid JSON that YAML's parser
// refuses. A document that YAML parses but the limits refuse (too deep,
// too many nodes) is not one: the limits hold for JSON too.
func onlyJSONReads(src []byte) bool {
	if len(src) > rules.MaxFileSize || !utf8.Valid(src) {
		return false
	}
	if !json.Valid(bytes.TrimPrefix(src, []byte("\ufeff"))) {
		return false
	}
	var doc yaml.Node
	return yaml.Unmarshal(src, &doc) != nil
}

// FromNode reads the answers of a mapping node: an answers file's root,
// or the config file's answers: section.
func FromNode(name string, n *yaml.Node) ([]Raw, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: answers must be a mapping of question ids to answers, not %s", NodePos(name, n), Describe(n))
	}
	var out []Raw
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := rules.Deref(n.Content[i]), rules.Deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Value == "" {
			return nil, fmt.Errorf("%s: answer keys must be question ids, not %s", NodePos(name, k), Describe(k))
		}
		if k.Tag == "!!merge" {
			return nil, fmt.Errorf("%s: merge keys (<<) are not supported", NodePos(name, k))
		}
		if line, dup := seen[k.Value]; dup {
			return nil, fmt.Errorf("%s: duplicate answer %q (first at line %d)", NodePos(name, k), k.Value, line)
		}
		seen[k.Value] = k.Line
		val, err := rawValue(name, v)
		if err != nil {
			return nil, err
		}
		out = append(out, Raw{ID: k.Value, Value: val, Pos: NodePos(name, v), KeyPos: NodePos(name, k)})
	}
	return out, nil
}

// rawValue gives a value as the engine takes raw answers: bool, int,
// float64, json.Number, string or a list of them. Objects and nested lists are passed as
// such so the engine names them in its message.
func rawValue(name string, n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Style == 0 && (n.Tag == "!!float" || n.Tag == "!!str" || n.Tag == "!!int") && isJSONNumber(n.Value) {
			if _, err := strconv.ParseInt(n.Value, 10, 64); err != nil {
				// A number YAML cannot keep exactly: a float64 (4.5,
				// thirty digits) or, beyond float64, a string (1e400).
				// Kept as written, as ParseJSON keeps it, so that the
				// engine reads it exactly and quotes it as it was written,
				// not as 1.2345678901234568e+29 or "1e400".
				return json.Number(n.Value), nil
			}
		}
		switch n.Tag {
		case "!!str", "!!timestamp", "!!binary":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %v", NodePos(name, n), strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return v, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, it := range n.Content {
			it = rules.Deref(it)
			if it.Kind == yaml.SequenceNode {
				list = append(list, []any{})
				continue
			}
			if it.Kind != yaml.ScalarNode {
				list = append(list, map[string]any{})
				continue
			}
			v, err := rawValue(name, it)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	return map[string]any{}, nil
}

// isJSONNumber reports whether s is a number as JSON writes it (YAML
// writes more: .5, +1, 0x1f, .inf).
func isJSONNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

// ParseDocument decodes one YAML (or JSON) document into its root node,
// under the engine's limits; nil for an empty document. Its error is one
// line: the first problem at its file:line:col.
func ParseDocument(name string, src []byte, what string) (*yaml.Node, error) {
	root, err := rules.ParseDocument(name, src, what)
	if err != nil {
		var le *rules.LoadError
		if errors.As(err, &le) {
			if errs := le.Errors(); len(errs) > 0 {
				return nil, errors.New(errs[0].String())
			}
		}
		return nil, err
	}
	return root, nil
}

// Where names where the answer was given: its flag or variable, or its
// file:line:col and question id.
func (a Raw) Where() string {
	if a.Pos.Line > 0 {
		return a.Pos.String() + ": " + a.ID
	}
	return a.From
}

// Type turns raw answers into typed ones with the rules' one conversion
// (rs.ParseAnswer). Later answers override earlier ones, so layers are
// passed lowest precedence first; only the winning answer to each question
// is typed, so a bad value that a higher layer overrides does not fail the
// run (an answer to an unknown question is still an error, in any layer).
// A null answer overrides nothing. Every problem is reported, in order, on
// one line, each at its place.
func Type(rs *rules.Ruleset, raws []Raw) (rules.Answers, error) {
	winner := map[string]int{}
	for i, a := range raws {
		if a.Value != nil {
			winner[a.ID] = i
		}
	}
	out := rules.Answers{}
	var problems []Problem
	for i, a := range raws {
		if w, ok := winner[a.ID]; ok && w != i && rs.Question(a.ID) != nil {
			continue
		}
		v, err := rs.ParseAnswer(a.ID, a.Value)
		if err != nil {
			problems = append(problems, problem(a, err))
			continue
		}
		if v != nil {
			out[a.ID] = v
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return out, nil
}

// Error lists every answer that does not fit its question. Its message is
// one line, each problem at its place; a server or an MCP tool reads the
// problems one by one.
type Error struct {
	Problems []Problem
}

// Problem is one answer that does not fit.
type Problem struct {
	// Question is the question's id as given (perhaps unknown).
	Question string
	// Where names where the answer was given: file:line:col, flag or
	// variable; "" when it was given nowhere in particular.
	Where string
	// Message says what is wrong, without the place.
	Message string
	// Err is the engine's error (*rules.AnswerError or
	// *rules.UnknownQuestionError).
	Err error
}

func (e *Error) Error() string {
	return rules.JoinProblems(e.Problems, func(p Problem) string {
		if p.Where == "" {
			return p.Message
		}
		return p.Where + ": " + p.Message
	})
}

func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p.Err
	}
	return errs
}

// problem places an answer's error: an unknown question at its key, a bad
// value at the value.
func problem(a Raw, err error) Problem {
	p := Problem{Question: a.ID, Err: err, Message: err.Error()}
	var ae *rules.AnswerError
	var ue *rules.UnknownQuestionError
	switch {
	case errors.As(err, &ae):
		p.Message = ae.Message
		if p.Where = a.Where(); p.Where == "" {
			p.Where = a.ID
		}
	case errors.As(err, &ue):
		p.Where = a.From
		if a.KeyPos.Line > 0 {
			p.Where = a.KeyPos.String()
		}
	default:
		p.Where = a.Where()
	}
	return p
}

// NodePos is where node n is in file name.
func NodePos(name string, n *yaml.Node) rules.Pos {
	return rules.Pos{File: name, Line: n.Line, Col: n.Column}
}

// Describe names a node's kind and value for people writing answers or
// settings: "a mapping", "the string \"x\"", "the number 3", "null".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!bool":
			return n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

// Layers are the answers of one run, by where they were given. Later layers
// win: the config file's, then the answers file's, the environment's and
// the flags'.
type Layers struct {
	Config []Raw
	// AnswersFile is the path of the answers file, "-" for stdin, or "".
	AnswersFile string
	Stdin       io.Reader
	Env, Flags  []Raw
}

// Typed reads the answers file, if any, and types every layer's answers
// with the rules, the later layers winning.
func (l Layers) Typed(rs *rules.Ruleset) (rules.Answers, error) {
	raws := append([]Raw{}, l.Config...)
	if l.AnswersFile != "" {
		fileAnswers, err := Read(l.AnswersFile, l.Stdin)
		if err != nil {
			return nil, err
		}
		raws = append(raws, fileAnswers...)
	}
	raws = append(raws, l.Env...)
	raws = append(raws, l.Flags...)
	return Type(rs, raws)
}
