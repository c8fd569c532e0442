package cmdutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/itchyny/gojq"
	"go.yaml.in/yaml/v3"
)

// MarshalJSON returns v as JSON indented by two spaces, with a final
// newline and without HTML escaping, as every JSON output of orgadvisor is
// written.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CompileJQ parses and compiles a `--jq` expression; a bad one is bad input.
func CompileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, BadInputf("`--jq`: %v", err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, BadInputf("`--jq`: %v", err)
	}
	return code, nil
}

// JQ filters the JSON document data with a compiled `--jq` expression, as
// the GitHub CLI does: each result on its own line, strings raw, other
// values as JSON (indented when pretty). The whole output is built before
// anything is written, so a failing expression writes nothing.
func JQ(w io.Writer, data []byte, code *gojq.Code, pretty bool) error {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("`--jq`: %v", err)
	}
	var out bytes.Buffer
	iter := code.RunWithContext(context.Background(), doc)
	for {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := v.(error); ok {
			var he *gojq.HaltError
			if errors.As(err, &he) && he.Value() == nil {
				break
			}
			return BadInputf("`--jq`: %v", err)
		}
		if s, ok := v.(string); ok {
			out.WriteString(s)
			out.WriteByte('\n')
			continue
		}
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if pretty {
			enc.SetIndent("", "  ")
		}
		if err := enc.Encode(v); err != nil {
			return BadInputf("`--jq`: %v", err)
		}
	}
	_, err := w.Write(out.Bytes())
	return err
}

// WriteJSON writes v to w as MarshalJSON does, or filtered by code when it
// is not nil.
func WriteJSON(w io.Writer, v any, code *gojq.Code, pretty bool) error {
	data, err := MarshalJSON(v)
	if err != nil {
		return err
	}
	if code != nil {
		return JQ(w, data, code, pretty)
	}
	_, err = w.Write(data)
	return err
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

// WriteYAML writes v as block-style YAML with the same fields, in the same
// order, as its JSON.
func WriteYAML(w io.Writer, v any) error {
	data, err := MarshalJSON(v)
	if err != nil {
		return err
	}
	return JSONToYAML(w, data)
}
