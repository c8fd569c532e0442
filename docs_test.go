package orgadvisor_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

var fencedYAML = regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")

// Every YAML example in the README and the docs is valid YAML, and every
// casebook among them passes against the embedded rules: an example a
// reader copies must work (the README's casebook once held an unquoted
// ": " and did not parse).
func TestDocsYAMLExamples(t *testing.T) {
	files, _ := filepath.Glob("docs/*.md")
	files = append(files, "README.md")
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	casebooks := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range fencedYAML.FindAllStringSubmatch(string(src), -1) {
			block := m[1]
			var doc any
			if err := yaml.Unmarshal([]byte(block), &doc); err != nil {
				t.Errorf("%s, YAML example %d: %v\n%s", f, i+1, err, block)
				continue
			}
			if !strings.HasPrefix(strings.TrimSpace(stripComments(block)), "cases:") {
				continue
			}
			casebooks++
			cases, err := rules.LoadCases(f, []byte(block))
			if err != nil {
				t.Errorf("%s, casebook example: %v", f, err)
				continue
			}
			if ds := rs.CheckCases(cases); len(ds) > 0 {
				t.Errorf("%s, casebook example: %v", f, ds)
				continue
			}
			for _, res := range rs.RunCases(cases) {
				if !res.Pass {
					t.Errorf("%s, casebook example: case %q fails: %s", f, res.Case.Name, res.Diff)
				}
			}
		}
	}
	if casebooks < 2 {
		t.Errorf("found %d casebook examples, want the README's and docs/rules-format.md's", casebooks)
	}
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
