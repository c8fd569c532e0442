package factory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

func TestScanFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		value string
		found bool
	}{
		{nil, "", false},
		{[]string{"advise", "--rules", "a.yaml"}, "a.yaml", true},
		{[]string{"--rules=b.yaml", "advise"}, "b.yaml", true},
		{[]string{"--rules", "a.yaml", "--rules=b.yaml"}, "b.yaml", true},
		{[]string{"advise", "--rules"}, "", false},
		{[]string{"advise", "--", "--rules", "a.yaml"}, "", false},
		{[]string{"--rulesx", "a.yaml"}, "", false},
		{[]string{"--rules="}, "", true},
	}
	for _, tt := range tests {
		v, ok := ScanFlag(tt.args, "rules")
		if v != tt.value || ok != tt.found {
			t.Errorf("ScanFlag(%q) = %q, %v; want %q, %v", tt.args, v, ok, tt.value, tt.found)
		}
	}
}

// The rules path is settled before the tree is built: --rules, then
// ORGADVISOR_RULES, then the config file (relative to it).
func TestNewRulesPath(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "conf", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("rules: my.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "none"))
	t.Setenv("ORGADVISOR_CONFIG", "")
	t.Setenv("ORGADVISOR_RULES", "")
	ios, _, _, _ := iostreams.Test()

	f, err := New(ios, "v", []string{"advise", "--config", cfg})
	if err != nil {
		t.Fatal(err)
	}
	if f.RulesPath != filepath.Join(dir, "conf", "my.yaml") || f.RulesFrom != cfg+":1:8" {
		t.Errorf("from the config file: %q set by %q", f.RulesPath, f.RulesFrom)
	}

	t.Setenv("ORGADVISOR_RULES", "env.yaml")
	f, _ = New(ios, "v", []string{"advise", "--config", cfg})
	if f.RulesPath != "env.yaml" || f.RulesFrom != "ORGADVISOR_RULES" {
		t.Errorf("from the environment: %q set by %q", f.RulesPath, f.RulesFrom)
	}

	f, _ = New(ios, "v", []string{"advise", "--config", cfg, "--rules", "flag.yaml"})
	if f.RulesPath != "flag.yaml" || f.RulesFrom != "`--rules`" {
		t.Errorf("from the flag: %q set by %q", f.RulesPath, f.RulesFrom)
	}

	t.Setenv("ORGADVISOR_RULES", "")
	f, _ = New(ios, "v", []string{"advise"})
	if f.RulesPath != "" || f.RulesName() != "embedded" {
		t.Errorf("default: %q", f.RulesPath)
	}

	t.Setenv("ORGADVISOR_CONFIG", filepath.Join(dir, "missing.yaml"))
	// A bad config file is kept for the commands that read it.
	f, err = New(ios, "v", nil)
	if err != nil || f.ConfigErr == nil || !strings.Contains(f.ConfigErr.Error(), "missing.yaml: cannot read config file") || f.Config == nil {
		t.Errorf("missing ORGADVISOR_CONFIG file: %v, %v", err, f.ConfigErr)
	}
}
