package cmdutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/itchyny/gojq"
)

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
