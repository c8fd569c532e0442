package config

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// RawAnswer is one answer as given, before the rules type it, with where it
// was given.
type RawAnswer struct {
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

// ReadAnswers reads an answers file, or standard input when path is "-".
func ReadAnswers(path string, stdin io.Reader) ([]RawAnswer, error) {
	if path == "-" {
		src, err := io.ReadAll(io.LimitReader(stdin, rules.MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("<stdin>: cannot read answers: %v", err)
		}
		return ParseAnswers("<stdin>", src)
	}
	src, err := rules.ReadFile(path, "answers file")
	if err != nil {
		return nil, err
	}
	return ParseAnswers(path, src)
}

// ParseAnswers reads an answers file: one YAML or JSON mapping from question
// id to answer, as `--save-answers` writes it. Duplicate keys, nested
// objects and anything but a mapping are errors at their file:line:col.
// Whether each answer fits its question is for Type to say.
func ParseAnswers(name string, src []byte) ([]RawAnswer, error) {
	root, err := parseDocument(name, src, "answers file")
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, fmt.Errorf("%s:1:1: answers file is empty; write one `question: answer` per line", name)
	}
	return answersFrom(name, root)
}

func answersFrom(name string, n *yaml.Node) ([]RawAnswer, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: answers must be a mapping of question ids to answers, not %s", posOf(name, n), kindName(n))
	}
	var out []RawAnswer
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Value == "" {
			return nil, fmt.Errorf("%s: answer keys must be question ids, not %s", posOf(name, k), kindName(k))
		}
		if k.Tag == "!!merge" {
			return nil, fmt.Errorf("%s: merge keys (<<) are not supported", posOf(name, k))
		}
		if line, dup := seen[k.Value]; dup {
			return nil, fmt.Errorf("%s: duplicate answer %q (first at line %d)", posOf(name, k), k.Value, line)
		}
		seen[k.Value] = k.Line
		val, err := rawValue(name, v)
		if err != nil {
			return nil, err
		}
		out = append(out, RawAnswer{ID: k.Value, Value: val, Pos: posOf(name, v), KeyPos: posOf(name, k)})
	}
	return out, nil
}

// rawValue gives a value as the engine takes raw answers: bool, int,
// float64, string or a list of them. Objects and nested lists are passed as
// such so the engine names them in its message.
func rawValue(name string, n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str", "!!timestamp", "!!binary":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: %v", posOf(name, n), strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return v, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, it := range n.Content {
			it = deref(it)
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

// Where names where the answer was given: its flag or variable, or its
// file:line:col and question id.
func (a RawAnswer) Where() string {
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
func Type(rs *rules.Ruleset, raws []RawAnswer) (rules.Answers, error) {
	winner := map[string]int{}
	for i, a := range raws {
		if a.Value != nil {
			winner[a.ID] = i
		}
	}
	out := rules.Answers{}
	var msgs []string
	for i, a := range raws {
		if w, ok := winner[a.ID]; ok && w != i && rs.Question(a.ID) != nil {
			continue
		}
		v, err := rs.ParseAnswer(a.ID, a.Value)
		if err != nil {
			msgs = append(msgs, answerMessage(a, err))
			continue
		}
		if v != nil {
			out[a.ID] = v
		}
	}
	if len(msgs) > 0 {
		return nil, errors.New(rules.JoinProblems(msgs, func(m string) string { return m }))
	}
	return out, nil
}

func answerMessage(a RawAnswer, err error) string {
	var ae *rules.AnswerError
	var ue *rules.UnknownQuestionError
	switch {
	case errors.As(err, &ae):
		return a.Where() + ": " + ae.Message
	case errors.As(err, &ue):
		where := a.From
		if a.KeyPos.Line > 0 {
			where = a.KeyPos.String()
		}
		return where + ": " + ue.Error()
	}
	return a.Where() + ": " + err.Error()
}

func posOf(name string, n *yaml.Node) rules.Pos {
	return rules.Pos{File: name, Line: n.Line, Col: n.Column}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
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
	Config []RawAnswer
	// AnswersFile is the path of the answers file, "-" for stdin, or "".
	AnswersFile string
	Stdin       io.Reader
	Env, Flags  []RawAnswer
}

// Typed reads the answers file, if any, and types every layer's answers
// with the rules, the later layers winning.
func (l Layers) Typed(rs *rules.Ruleset) (rules.Answers, error) {
	raws := append([]RawAnswer{}, l.Config...)
	if l.AnswersFile != "" {
		fileAnswers, err := ReadAnswers(l.AnswersFile, l.Stdin)
		if err != nil {
			return nil, err
		}
		raws = append(raws, fileAnswers...)
	}
	raws = append(raws, l.Env...)
	raws = append(raws, l.Flags...)
	return Type(rs, raws)
}
