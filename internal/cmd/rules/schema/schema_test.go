package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// validator checks a document against the subset of JSON Schema draft-07
// that rules.schema.json uses. It exists so the tests can hold the schema
// to the rules files the engine accepts and refuses.
type validator struct {
	root map[string]any
}

func (v *validator) validate(s map[string]any, x any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/definitions/")
		def, ok := v.root["definitions"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{path + ": unknown $ref " + ref}
		}
		s = def
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok && !typeOK(t, x) {
		fail("type %v, got %T", t, x)
		return errs
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		fail("want %v", c)
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, it := range e {
			found = found || fmt.Sprint(it) == fmt.Sprint(x)
		}
		if !found {
			fail("%v not in %v", x, e)
		}
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if n, ok := s["minLength"].(float64); ok && len(str) < int(n) {
			fail("shorter than %v", n)
		}
	}
	if arr, ok := x.([]any); ok {
		if n, ok := s["minItems"].(float64); ok && len(arr) < int(n) {
			fail("fewer than %v items", n)
		}
		if it, ok := s["items"].(map[string]any); ok {
			for i, e := range arr {
				errs = append(errs, v.validate(it, e, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		if n, ok := s["minProperties"].(float64); ok && len(obj) < int(n) {
			fail("fewer than %v properties", n)
		}
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing %q", r)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if pn, ok := s["propertyNames"].(map[string]any); ok {
				errs = append(errs, v.validate(pn, k, path+"."+k+"(name)")...)
			}
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, v.validate(ps, obj[k], path+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("unknown key %q", k)
				}
			case map[string]any:
				errs = append(errs, v.validate(ap, obj[k], path+"."+k)...)
			}
		}
	}
	for _, sub := range asList(s["allOf"]) {
		errs = append(errs, v.validate(sub.(map[string]any), x, path)...)
	}
	if one := asList(s["oneOf"]); len(one) > 0 {
		n := 0
		for _, sub := range one {
			if len(v.validate(sub.(map[string]any), x, path)) == 0 {
				n++
			}
		}
		if n != 1 {
			fail("matches %d of oneOf, want 1", n)
		}
	}
	if anyOf := asList(s["anyOf"]); len(anyOf) > 0 {
		ok := false
		for _, sub := range anyOf {
			ok = ok || len(v.validate(sub.(map[string]any), x, path)) == 0
		}
		if !ok {
			fail("matches none of anyOf")
		}
	}
	if not, ok := s["not"].(map[string]any); ok && len(v.validate(not, x, path)) == 0 {
		fail("matches a schema it must not")
	}
	if cond, ok := s["if"].(map[string]any); ok && len(v.validate(cond, x, path)) == 0 {
		if then, ok := s["then"].(map[string]any); ok {
			errs = append(errs, v.validate(then, x, path)...)
		}
	}
	return errs
}

func asList(v any) []any { l, _ := v.([]any); return l }

func typeOK(t any, x any) bool {
	for _, name := range append(asList(t), t) {
		switch name {
		case "object":
			if _, ok := x.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := x.([]any); ok {
				return true
			}
		case "string":
			if _, ok := x.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := x.(bool); ok {
				return true
			}
		case "integer":
			if _, ok := x.(int); ok {
				return true
			}
		case "number":
			switch x.(type) {
			case int, float64:
				return true
			}
		}
	}
	return false
}

func schemaValidator(t *testing.T) *validator {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(JSON, &root); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	return &validator{root: root}
}

func decode(t *testing.T, src []byte) any {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// Every rules file the engine loads validates against the schema.
func TestSchemaAcceptsValidRules(t *testing.T) {
	t.Parallel()
	v := schemaValidator(t)
	files := map[string][]byte{"embedded rules.yaml": orgadvisor.DefaultRulesYAML, "small": []byte(cmdtest.SmallRulesYAML)}
	more, _ := filepath.Glob("../../../rules/testdata/*.yaml")
	for _, p := range more {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := rules.Load(p, src); err == nil {
			files[p] = src
		}
	}
	for name, src := range files {
		if _, _, err := rules.Load(name, src); err != nil {
			t.Fatalf("%s does not load: %v", name, err)
		}
		if errs := v.validate(v.root, decode(t, src), "$"); len(errs) > 0 {
			t.Errorf("%s: the engine loads it but the schema refuses it:\n%s", name, strings.Join(errs, "\n"))
		}
	}
}

// Mistakes the schema can see are refused by both the schema and the engine.
func TestSchemaRefusesMistakes(t *testing.T) {
	t.Parallel()
	v := schemaValidator(t)
	tests := []struct{ name, from, to, want string }{
		{"unknown top-level key", "version: 1\n", "version: 1\nextra: true\n", `unknown key "extra"`},
		{"unknown question key", "    required: true\n  - id: builds_software", "    required: true\n    colour: red\n  - id: builds_software", `unknown key "colour"`},
		{"bad question type", "type: multi", "type: many", "not in"},
		{"bad level", "level: fractional\n      because: Some tech.", "level: partial\n      because: Some tech.", "not in"},
		{"bad id", "- id: team_size", "- id: Team-Size", "does not match"},
		{"missing sources", "    sources: [s2]\ndecide:", "decide:", "anyOf"},
		{"unknown basis", "    sources: [s2]\ndecide:", "    basis: hunch\ndecide:", "not in"},
		{"quote without id", "    sources: [s2]\ndecide:", "    sources: [{quote: q}]\ndecide:", "oneOf"},
		{"condition with two keys", "when: builds_software\n", "when: {all: [builds_software], any: [builds_software]}\n", "oneOf"},
		{"required with a default", "    required: true\n  - id: builds_software", "    required: true\n    default: 3\n  - id: builds_software", "matches a schema it must not"},
		{"choice without options", "    options:\n      - {id: seed, label: Seed stage}\n      - {id: growth, label: Growth stage}\n", "", `missing "options"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(cmdtest.SmallRulesYAML, tt.from) {
				t.Fatalf("fixture lacks %q", tt.from)
			}
			src := strings.Replace(cmdtest.SmallRulesYAML, tt.from, tt.to, 1)
			errs := v.validate(v.root, decode(t, []byte(src)), "$")
			if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Errorf("schema errors %q lack %q", errs, tt.want)
			}
			if _, _, err := rules.Load("x.yaml", []byte(src)); err == nil {
				t.Errorf("the engine loads what the schema refuses")
			}
		})
	}
}
