package orgadvisor_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rulesgen"
)

// embedded_gen.go must be what go generate makes of rules.yaml as it is:
// otherwise --version would name other rules than the ones the binary
// runs.
func TestEmbeddedGenerated(t *testing.T) {
	t.Parallel()
	want, err := rulesgen.Source("orgadvisor", orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("embedded_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("embedded_gen.go is stale: run `go generate` in the module root")
	}
	rs := loadDefault(t)
	if rs.Digest != orgadvisor.DefaultRulesDigest || rs.Version != orgadvisor.DefaultRulesVersion {
		t.Errorf("generated version %d, digest %s; the rules have %d, %s",
			orgadvisor.DefaultRulesVersion, orgadvisor.DefaultRulesDigest, rs.Version, rs.Digest)
	}
}
