package orgadvisor_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/rules"
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

// The embedded rules restored from their snapshot give what rules.yaml
// loaded gives: the same answers typed and completed, the same results
// with every condition traced, the same what-ifs.
func TestEmbeddedSnapshotMatchesTheFile(t *testing.T) {
	t.Parallel()
	restored := loadDefault(t)
	loaded, _, err := rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, a, b any) {
		t.Helper()
		ja, errA := json.Marshal(a)
		jb, errB := json.Marshal(b)
		if errA != nil || errB != nil || !bytes.Equal(ja, jb) {
			t.Fatalf("%s: restored %s (%v), loaded %s (%v)", what, ja, errA, jb, errB)
		}
	}
	same("model", restored, loaded)
	syn := batch.NewSynthesizer(loaded, 7)
	for range 300 {
		raw := syn.Answers()
		given, errR := restored.ParseAnswers(raw)
		want, errL := loaded.ParseAnswers(raw)
		if errR != nil || errL != nil {
			t.Fatalf("%v: %v, %v", raw, errR, errL)
		}
		pr, errR := restored.Complete(given)
		pl, errL := loaded.Complete(want)
		if errR != nil || errL != nil {
			t.Fatalf("%v: %v, %v", raw, errR, errL)
		}
		same("profile", pr, pl)
		rr, errR := restored.Evaluate(pr, rules.EvalOptions{Trace: true})
		rl, errL := loaded.Evaluate(pl, rules.EvalOptions{Trace: true})
		if errR != nil || errL != nil {
			t.Fatalf("%v: %v, %v", raw, errR, errL)
		}
		same("result", rr, rl)
		wr, errR := restored.WhatIfSearch(pr)
		wl, errL := loaded.WhatIfSearch(pl)
		if errR != nil || errL != nil {
			t.Fatalf("%v: %v, %v", raw, errR, errL)
		}
		same("what-if", wr, wl)
	}
}
