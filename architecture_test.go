package orgadvisor_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestArchitecture keeps the layers apart: the engine depends on nothing
// but expr, YAML and the standard library, and the domain above it (the
// front door, the answers, the batch pipeline) on nothing of the command
// line, so that `serve` and `mcp` can use them as they are; the server
// itself knows nothing of the command line either.
func TestArchitecture(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const module = "github.com/orgadvisor/orgadvisor/"
	for _, tc := range []struct {
		pkg     string
		allowed []string // import path prefixes allowed beyond the standard library and the package's own
		banned  []string
	}{
		{pkg: "internal/rules", allowed: []string{"github.com/expr-lang/expr", "go.yaml.in/yaml/v3"}},
		{pkg: "internal/advisor", banned: []string{"github.com/spf13/", "github.com/itchyny/gojq", module + "internal/cmd", module + "internal/config"}},
		{pkg: "internal/answers", banned: []string{"github.com/spf13/", "github.com/itchyny/gojq", module + "internal/cmd", module + "internal/config"}},
		{pkg: "internal/batch", banned: []string{"github.com/spf13/", "github.com/itchyny/gojq", module + "internal/cmd", module + "internal/config"}},
		{pkg: "internal/mcpserver", banned: []string{"github.com/spf13/", "github.com/itchyny/gojq", module + "internal/cmd", module + "internal/config"}},
		{pkg: "internal/server", banned: []string{"github.com/spf13/", "github.com/itchyny/gojq", module + "internal/cmd", module + "internal/config", module + "internal/prompter"}},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./"+tc.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", tc.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == module+tc.pkg {
				continue
			}
			if tc.allowed != nil && !hasPrefix(dep, tc.allowed) {
				t.Errorf("%s depends on %s; it may depend only on %v and the standard library", tc.pkg, dep, tc.allowed)
			}
			if hasPrefix(dep, tc.banned) {
				t.Errorf("%s depends on %s, which belongs to the command line", tc.pkg, dep)
			}
		}
	}
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
