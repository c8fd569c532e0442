package rules

import (
	"strings"
	"testing"
)

// YAML syntax errors name the line of the construct in error, counted from
// one, whether yaml's scanner or its parser found them.
func TestYAMLErrorLines(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a: 1\nb: {x: 1\nc: 2\n", "test.yaml:2:1: invalid YAML: did not find expected ',' or '}'"},
		{"a: 1\nb: [x, 1\nc: 2\n", "test.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		{"a: 1\nb:\n  c: 1\n d: 2\n", "test.yaml:4:1: invalid YAML: did not find expected key"},
		{"a: 1\nb: 2\n- c\n", "test.yaml:3:1: invalid YAML: did not find expected key"},
		{"a: 1\nb: 2\nc: [}\n", "test.yaml:3:1: invalid YAML: did not find expected node content"},
		{"a: 1\nb: 2\nc: !x!y 3\n", "test.yaml:3:1: invalid YAML: found undefined tag handle"},
		{"a: 1\nb:\n  - x\n  y: 2\n", "test.yaml:3:1: invalid YAML: did not find expected '-' indicator"},
		// Cut short: the last line, not the one after it.
		{`{"size": 3, "kind": `, "test.yaml:1:1: invalid YAML: did not find expected node content"},
		{"{\"size\": 3,\n \"kind\": \"lab\"\n\n", "test.yaml:2:1: invalid YAML: did not find expected ',' or '}'"},
		// Scanner errors were right already.
		{"a: 1\nb: 2\nc: d: e\n", "test.yaml:3:1: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\n\tb: 2\n", "test.yaml:2:1: invalid YAML: found a tab character that violates indentation"},
	}
	for _, tt := range tests {
		got := loadErrors(t, tt.src)
		if first, _, _ := strings.Cut(got, "\n"); first != tt.want {
			t.Errorf("%q: got\n%s\nwant %s", tt.src, got, tt.want)
		}
	}
}
