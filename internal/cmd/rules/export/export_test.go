package export

import (
	"bytes"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

func TestExport(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdExport(f, nil)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	// The embedded rules, not the active ones.
	if !bytes.Equal(s.Out.Bytes(), orgadvisor.DefaultRulesYAML) {
		t.Errorf("export differs from the embedded rules")
	}
}
