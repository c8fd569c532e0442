package root

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

func execute(t *testing.T, args ...string) (stdout string, err error, s cmdtest.Streams) {
	t.Helper()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdRoot(f)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return s.Out.String(), err, s
}

func TestVersionNamesTheEmbeddedRules(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	out, err, _ := execute(t, "--version")
	if err != nil {
		t.Fatal(err)
	}
	want := "orgadvisor 1.2.3\nrules: embedded, version 1, sha256 " + rs.Digest[:12] + "\nactive rules: small.yaml, version 1, sha256 "
	if !strings.HasPrefix(out, want) {
		t.Errorf("version = %q, want prefix %q", out, want)
	}
}

func TestUsageErrorsAreBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"advice"}, `unknown command "advice" for "orgadvisor" (did you mean "advise"?)`},
		{[]string{"rules", "chek"}, `unknown command "chek" for "orgadvisor rules" (did you mean "check"?)`},
		{[]string{"--nope"}, "unknown flag `--nope`"},
		{[]string{"roles", "--nope"}, "unknown flag `--nope`"},
		{[]string{"completion", "bash", "extra"}, `unknown command "extra" for "orgadvisor completion bash"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			_, err, _ := execute(t, tt.args...)
			if err == nil || err.Error() != tt.want || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
				t.Fatalf("error = %v (exit %d), want %q (exit 2)", err, cmdutil.ExitCode(err), tt.want)
			}
		})
	}
}

func TestGroupsShowHelpWithoutArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"rules"}} {
		out, err, _ := execute(t, args...)
		if err != nil || !strings.Contains(out, "Available Commands:") {
			t.Errorf("%v: error %v, output %q", args, err, out)
		}
	}
}

func TestGlobalFlagsReachTheStreams(t *testing.T) {
	t.Parallel()
	_, err, s := execute(t, "--no-input", "--no-color", "roles", "-o", "json", "--jq", ".schema")
	if err != nil {
		t.Fatal(err)
	}
	s.IO.SetTTY(true, true, true)
	if s.IO.CanPrompt() || s.IO.ColorEnabled() {
		t.Errorf("--no-input/--no-color not applied: prompt %v colour %v", s.IO.CanPrompt(), s.IO.ColorEnabled())
	}
}

func TestEveryCommandHasExamples(t *testing.T) {
	t.Parallel()
	f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdRoot(f)
	for _, c := range allCommands(cmd) {
		if c.Hidden || c.Name() == "help" || c.Parent() != nil && c.Parent().Name() == "completion" || c.Name() == "completion" {
			continue
		}
		if c.Example == "" {
			t.Errorf("%q has no examples in its help", c.CommandPath())
		}
	}
}

func allCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		out = append(out, allCommands(sub)...)
	}
	return out
}
