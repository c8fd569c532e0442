package roles

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestNewCmdRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		roles   []string
		output  string
		wantErr string
	}{
		{args: nil, output: "text"},
		{args: []string{"cto", "VCIO"}, roles: []string{"cto", "VCIO"}, output: "text"},
		{args: []string{"--jq", ".roles"}, output: "json"},
		{args: []string{"cfo"}, wantErr: `unknown role "cfo"; roles: cto, cio, vcto, vcio`},
		{args: []string{"cto", "cio", "vcto"}, wantErr: "roles compares at most two roles, got 3: cto cio vcto"},
		{args: []string{"-o", "markdown"}, wantErr: "`--output`: unknown output format \"markdown\"; formats: text, json, yaml"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "")
			var got *RolesOptions
			cmd := NewCmdRoles(f, func(o *RolesOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || cmdutil.ExitCode(err) != 2 {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Roles, ",") != strings.Join(tt.roles, ",") || got.Output.Format != tt.output || got.Width != 80 {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func TestRolesRun(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(embedded(t), "")
	if err := rolesRun(&RolesOptions{IO: s.IO, Rules: f.ActiveRules, Roles: []string{"vcto"}, Output: &cmdutil.OutputFlags{Format: "json"}}); err != nil {
		t.Fatal(err)
	}
	var rep advisor.RoleGuideReport
	if err := json.Unmarshal(s.Out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Schema != advisor.RoleGuideSchema || len(rep.Roles) != 1 || rep.Roles[0].ID != "vcto" || !rep.Roles[0].Fractional || len(rep.Disputes) != 0 {
		t.Errorf("report = %+v", rep)
	}

	f, s = cmdtest.Factory(embedded(t), "")
	if err := rolesRun(&RolesOptions{IO: s.IO, Rules: f.ActiveRules, Output: &cmdutil.OutputFlags{Format: "text"}, Width: 100}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(s.Out.String(), "\n") {
		if n := len([]rune(line)); n > 100 && !strings.HasPrefix(line, "  [") {
			t.Errorf("line of %d characters over the width 100: %q", n, line)
		}
	}
}

func embedded(t *testing.T) *rules.Ruleset {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
