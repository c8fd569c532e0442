// Package encode writes documents as every output of orgadvisor does: JSON
// indented by two spaces without HTML escaping, and YAML with the same
// fields in the same order as the JSON.
package encode

import (
	"bytes"
	"encoding/json"
	"io"

	"go.yaml.in/yaml/v3"
)

// JSON returns v as JSON indented by two spaces, with a final
// newline and without HTML escaping, as every JSON output of orgadvisor is
// written.
func JSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// JSONToYAML re-encodes a JSON document as block-style YAML, keeping the
// order of object keys.
func JSONToYAML(w io.Writer, data []byte) error {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return err
	}
	plainStyle(&n)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return err
	}
	return enc.Close()
}

// plainStyle drops the JSON flow and quoting styles so the encoder picks
// YAML's own; it still quotes strings that would read back as another type.
func plainStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plainStyle(c)
	}
}

// YAML writes v as block-style YAML with the same fields, in the same
// order, as its JSON.
func YAML(w io.Writer, v any) error {
	data, err := JSON(v)
	if err != nil {
		return err
	}
	return JSONToYAML(w, data)
}
