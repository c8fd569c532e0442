package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// validator holds the schema compiled by a maintained JSON Schema
// implementation, draft-07, after checking the schema itself against the
// draft-07 meta-schema. (A hand-written validator used to skip the keywords
// it did not know, so limits such as maxItems were never tested.)
type validator struct {
	schema *jsonschema.Schema
}

// validate returns the problems of x, one a line, or "" when it is valid.
func (v *validator) validate(x any) string {
	data, err := json.Marshal(x)
	if err != nil {
		return err.Error()
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err.Error()
	}
	if err := v.schema.Validate(inst); err != nil {
		return fmt.Sprintf("%#v", err)
	}
	return ""
}

func schemaValidator(t *testing.T) *validator {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSON))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("rules.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	// Compile checks the schema against its meta-schema ($schema: draft-07).
	sch, err := c.Compile("rules.schema.json")
	if err != nil {
		t.Fatalf("the schema is not a valid draft-07 schema: %v", err)
	}
	return &validator{schema: sch}
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
		if errs := v.validate(decode(t, src)); errs != "" {
			t.Errorf("%s: the engine loads it but the schema refuses it:\n%s", name, errs)
		}
	}
}

// Mistakes the schema can see are refused by both the schema and the engine.
func TestSchemaRefusesMistakes(t *testing.T) {
	t.Parallel()
	v := schemaValidator(t)
	tests := []struct{ name, from, to, want string }{
		{"unknown top-level key", "version: 1\n", "version: 1\nextra: true\n", `additional properties 'extra' not allowed`},
		{"unknown question key", "    required: true\n  - id: builds_software", "    required: true\n    colour: red\n  - id: builds_software", `at '/questions/0' [S#/definitions/question/additionalProperties]: additional properties 'colour' not allowed`},
		{"bad question type", "type: multi", "type: many", "value must be one of 'bool', 'int', 'choice', 'multi'"},
		{"bad level", "level: fractional\n      because: Some tech.", "level: partial\n      because: Some tech.", "/level' [S#/definitions/row/properties/level/enum]: value must be one of"},
		{"bad id", "- id: team_size", "- id: Team-Size", "does not match"},
		{"missing sources", "    sources: [s2]\ndecide:", "decide:", "anyOf"},
		{"unknown basis", "    sources: [s2]\ndecide:", "    basis: hunch\ndecide:", "judgement"},
		{"quote without id", "    sources: [s2]\ndecide:", "    sources: [{quote: q}]\ndecide:", "oneOf"},
		{"condition with two keys", "when: builds_software\n", "when: {all: [builds_software], any: [builds_software]}\n", "oneOf"},
		{"required with a default", "    required: true\n  - id: builds_software", "    required: true\n    default: 3\n  - id: builds_software", "/then]: 'not' failed"},
		{"choice without options", "    options:\n      - {id: seed, label: Seed stage}\n      - {id: growth, label: Growth stage}\n", "", `missing property 'options'`},
	}
	// The limits of docs/security.md that a schema can state.
	options := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "      - {id: o%d, label: O}\n", i)
		}
		return b.String()
	}
	tests = append(tests, []struct{ name, from, to, want string }{
		{"too many choice options", "      - {id: seed, label: Seed stage}\n", options(1001), "options/maxItems]: maxItems: got 1,002, want 1,000"},
		{"too many multi options", "      - {id: gdpr, label: GDPR}\n", options(64), "then/properties/options/maxItems]: maxItems: got 65, want 64"},
		{"option id too long", "{id: gdpr,", "{id: g" + strings.Repeat("d", 100) + ",", "maxLength: got 101, want 100"},
		{"expression too long", "when: devs >= 10", "when: devs >= 10 or devs > " + strings.Repeat("1", 4090), "maxLength: got 4,111, want 4,096"},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(cmdtest.SmallRulesYAML, tt.from) {
				t.Fatalf("fixture lacks %q", tt.from)
			}
			src := strings.Replace(cmdtest.SmallRulesYAML, tt.from, tt.to, 1)
			errs := v.validate(decode(t, []byte(src)))
			if !strings.Contains(errs, tt.want) {
				t.Errorf("schema errors %q lack %q", errs, tt.want)
			}
			if _, _, err := rules.Load("x.yaml", []byte(src)); err == nil {
				t.Errorf("the engine loads what the schema refuses")
			}
		})
	}
}

// The schema names the question types the engine defines, in its order:
// a type added to the engine (internal/rules/types.go) is added here too.
func TestSchemaNamesEveryQuestionType(t *testing.T) {
	t.Parallel()
	var doc struct {
		Definitions struct {
			Question struct {
				Properties struct {
					Type struct {
						Enum []string `json:"enum"`
					} `json:"type"`
				} `json:"properties"`
			} `json:"question"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(JSON, &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Definitions.Question.Properties.Type.Enum, rules.TypeNames(); !slices.Equal(got, want) {
		t.Errorf("the schema's question types are %q; the engine's are %q", got, want)
	}
}
