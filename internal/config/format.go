package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// FormatAnswers writes a profile's answers, in question order, in the form
// ReadAnswers reads back: YAML with the header lines as comments and the
// assumed answers marked, or a JSON object with asJSON.
func FormatAnswers(rs *rules.Ruleset, p *rules.Profile, header []string, asJSON bool) ([]byte, error) {
	if asJSON {
		var b bytes.Buffer
		b.WriteString("{\n")
		for i, q := range rs.Questions {
			k, _ := json.Marshal(q.ID)
			v, err := json.Marshal(p.Answers[q.ID])
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "  %s: %s", k, v)
			if i < len(rs.Questions)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("}\n")
		return b.Bytes(), nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i, line := range header {
		header[i] = "# " + line
	}
	m.HeadComment = strings.Join(header, "\n")
	for _, q := range rs.Questions {
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: q.ID}
		var v yaml.Node
		if err := v.Encode(p.Answers[q.ID]); err != nil {
			return nil, err
		}
		if v.Kind == yaml.SequenceNode {
			v.Style = yaml.FlowStyle
		}
		if slices.Contains(p.Assumed, q.ID) {
			v.LineComment = "# assumed (the default)"
		}
		m.Content = append(m.Content, k, &v)
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
