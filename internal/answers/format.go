package answers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Format writes the answers given (by flag, file, environment or
// prompt), in question order, in the form Read reads back: YAML with
// the header lines as comments, or a JSON object with asJSON. The defaults
// the profile assumed are not written, so that reading the file back
// assumes them again (and a question that does not apply is ignored
// again); the YAML lists them in a comment for the reader.
func Format(rs *rules.Ruleset, given rules.Answers, p *rules.Profile, header []string, asJSON bool) ([]byte, error) {
	var qs []*rules.Question
	for _, q := range rs.Questions {
		if _, ok := given[q.ID]; ok {
			qs = append(qs, q)
		}
	}
	if asJSON {
		var b bytes.Buffer
		b.WriteString("{")
		for i, q := range qs {
			k, _ := json.Marshal(q.ID)
			v, err := json.Marshal(given[q.ID])
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "\n  %s: %s", k, v)
		}
		if len(qs) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("}\n")
		return b.Bytes(), nil
	}
	comments := make([]string, 0, len(header))
	for _, line := range header {
		comments = append(comments, "# "+line)
	}
	var assumed []string
	for _, q := range rs.Questions {
		if _, ok := given[q.ID]; !ok && slices.Contains(p.Assumed, q.ID) {
			v, err := flowYAML(p.Answers[q.ID])
			if err != nil {
				return nil, err
			}
			assumed = append(assumed, "#   "+q.ID+": "+v)
		}
	}
	if len(assumed) > 0 {
		comments = append(comments, "# Assumed (the defaults; not saved, so they are assumed again):")
		comments = append(comments, assumed...)
	}
	m := &yaml.Node{Kind: yaml.MappingNode, HeadComment: strings.Join(comments, "\n")}
	for _, q := range qs {
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: q.ID}
		var v yaml.Node
		if err := v.Encode(given[q.ID]); err != nil {
			return nil, err
		}
		if v.Kind == yaml.SequenceNode {
			v.Style = yaml.FlowStyle
		}
		if slices.Contains(p.Ignored, q.ID) {
			v.LineComment = "# ignored: the question does not apply to these answers"
		}
		m.Content = append(m.Content, k, &v)
	}
	if len(qs) == 0 {
		m.Style = yaml.FlowStyle
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// flowYAML is a value as one line of YAML, for a comment.
func flowYAML(v any) (string, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return "", err
	}
	n.Style = yaml.FlowStyle
	out, err := yaml.Marshal(&n)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
