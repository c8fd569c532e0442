package root

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

func execute(t *testing.T, args ...string) (stdout string, s cmdtest.Streams, err error) {
	t.Helper()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdRoot(f)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return s.Out.String(), s, err
}

func TestVersionNamesTheEmbeddedRules(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := execute(t, "--version")
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
		// help's topic is a command, as for running it: cobra's help
		// showed the root's help, or the nearest command's, with success.
		{[]string{"help", "bogus"}, `unknown help topic "bogus"`},
		{[]string{"help", "adivse"}, `unknown help topic "adivse" (did you mean "advise"?)`},
		{[]string{"help", "rules", "chek"}, `unknown help topic "rules chek" (did you mean "rules check"?)`},
		{[]string{"help", "advise", "extra"}, `unknown help topic "advise extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			_, _, err := execute(t, tt.args...)
			if err == nil || err.Error() != tt.want || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
				t.Fatalf("error = %v (exit %d), want %q (exit 2)", err, cmdutil.ExitCode(err), tt.want)
			}
		})
	}
}

func TestGroupsShowHelpWithoutArguments(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"rules"}} {
		out, _, err := execute(t, args...)
		if err != nil || !strings.Contains(out, "Available Commands:") {
			t.Errorf("%v: error %v, output %q", args, err, out)
		}
	}
}

// help with a topic that names a command shows that command's help.
func TestHelpTopics(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"help":                "Exit status:",
		"help advise":         "orgadvisor advise [flags]",
		"help rules check":    "orgadvisor rules check [FILE] [flags]",
		"help help":           "orgadvisor help [command]",
		"help completion zsh": "orgadvisor completion zsh",
	} {
		out, s, err := execute(t, strings.Fields(args)...)
		if err != nil || !strings.Contains(out, want) || s.ErrOut.Len() > 0 {
			t.Errorf("%s: error %v, stderr %q, output without %q:\n%s", args, err, s.ErrOut.String(), want, out)
		}
	}
}

// Every flag that names a file (its usage calls its value `file`) is
// marked so: shells complete files, and an empty name is refused as the
// flags are parsed, whichever command has the flag.
func TestFileFlagsRefuseAnEmptyName(t *testing.T) {
	t.Parallel()
	f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	var walk func(*cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		check := func(fl *pflag.Flag) {
			if name, _ := pflag.UnquoteUsage(fl); name != "file" {
				return
			}
			checked++
			if _, ok := fl.Annotations[cobra.BashCompFilenameExt]; !ok {
				t.Errorf("%s --%s names a file but does not complete files", c.CommandPath(), fl.Name)
			}
			if err := fl.Value.Set(""); err == nil {
				t.Errorf("%s --%s takes an empty file name", c.CommandPath(), fl.Name)
			}
		}
		c.LocalNonPersistentFlags().VisitAll(check)
		c.PersistentFlags().VisitAll(check)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRoot(f))
	// --rules, --config, advise's --answers and --save-answers, sweep's
	// --answers, batch's --input and --out, rules diff's --cases.
	if checked != 8 {
		t.Errorf("checked %d flags that name a file, want 8", checked)
	}
}

func TestGlobalFlagsReachTheStreams(t *testing.T) {
	t.Parallel()
	_, s, err := execute(t, "--no-input", "--no-color", "roles", "-o", "json", "--jq", ".schema")
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

// TestHelpFitsEightyColumns renders every command's help as it is shown
// when standard output is not a terminal (80 columns), with the embedded
// rules: no line is wider, and the flags are under "Flags" and "Global
// Flags" headings. cobra's own completion help is left out.
func TestHelpFitsEightyColumns(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	f, _ := cmdtest.Factory(rs, "")
	for _, c := range allCommands(NewCmdRoot(f)) {
		if c.Hidden || c.Name() == "completion" || c.Parent() != nil && c.Parent().Name() == "completion" {
			continue
		}
		t.Run(c.CommandPath(), func(t *testing.T) {
			f, s := cmdtest.Factory(rs, "")
			root := NewCmdRoot(f)
			args := append(strings.Fields(c.CommandPath())[1:], "--help")
			root.SetArgs(args)
			if err := root.Execute(); err != nil {
				t.Fatal(err)
			}
			help := s.Out.String()
			for i, line := range strings.Split(help, "\n") {
				if w := text.Width(line); w > 80 {
					t.Errorf("line %d is %d columns wide: %q", i+1, w, line)
				}
			}
			if strings.Contains(help, "Global flags") {
				t.Error(`a heading reads "Global flags", not "Global Flags"`)
			}
			if c.Parent() != nil && !strings.Contains(help, "\nGlobal Flags:\n") {
				t.Errorf("no Global Flags heading:\n%s", help)
			}
		})
	}
}

// TestAdviseHelpIsShort pins the length of advise's help with the embedded
// rules, which was 105 rows at 80 columns: every answer flag is one row,
// or two or three for the longest lists of values.
func TestAdviseHelpIsShort(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	f, s := cmdtest.Factory(rs, "")
	root := NewCmdRoot(f)
	root.SetArgs([]string{"advise", "--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(s.Out.String(), "\n")
	if rows > 75 {
		t.Errorf("advise --help is %d rows, want at most 75:\n%s", rows, s.Out.String())
	}
	for _, want := range []string{
		"\n      --employees N               1 to 10000000; required\n",
		"\n      --product-driven            =false for no; required\n",
		"\n      --compliance LIST           any of soc2, hipaa, pci-dss, iso27001, gdpr,\n" +
			"                                  fedramp; default none\n",
		"\nAnswer Flags (from the embedded rules):\n",
	} {
		if !strings.Contains(s.Out.String(), want) {
			t.Errorf("advise --help lacks %q:\n%s", want, s.Out.String())
		}
	}
}

// Only the commands that use the rules load them: advise and sweep to be
// built (their flags are the questions), others when they run.
func TestRulesLoadedOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		loads bool
	}{
		{[]string{"--version"}, false},
		{[]string{"-v"}, false},
		{[]string{"--help"}, false},
		{nil, false},
		{[]string{"help"}, false},
		{[]string{"help", "roles"}, false},
		{[]string{"roles", "--help"}, false},
		{[]string{"rules", "schema"}, false},
		{[]string{"completion", "bash"}, false},
		{[]string{cobra.ShellCompRequestCmd, "ad"}, false},
		{[]string{"advice"}, false},
		{[]string{"advise", "--help"}, true},
		{[]string{"help", "advise"}, true},
		{[]string{"sweep", "--help"}, true},
		{[]string{cobra.ShellCompRequestCmd, "advise", "--emp"}, true},
		{[]string{"--no-input", "advise", "--employees", "40"}, true},
		{[]string{"roles", "cto"}, true},
		{[]string{"--rules", "small.yaml", "--version"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			f, _ := cmdtest.Factory(nil, "")
			rs := cmdtest.SmallRules(t)
			loads := 0
			f.Rules = func() (*rules.Ruleset, []rules.Diagnostic, error) { loads++; return rs, nil, nil }
			if slices.Contains(tt.args, "--rules") {
				f.RulesPath = "small.yaml"
			}
			cmd := NewCmdRootFor(f, tt.args)
			cmd.SetArgs(tt.args)
			_ = cmd.Execute()
			if got := loads > 0; got != tt.loads {
				t.Errorf("rules loaded %d times, want loaded: %v", loads, tt.loads)
			}
		})
	}
}

// The tree for one run is the whole tree where it matters: advise built
// for its help has the answer flags, outlines keep their summaries.
func TestTreeForArgs(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdRootFor(f, []string{"advise", "--help"})
	cmd.SetArgs([]string{"advise", "--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Out.String(), "--team-size") {
		t.Errorf("advise --help without the answer flags:\n%s", s.Out.String())
	}
	f, s = cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd = NewCmdRootFor(f, []string{"--help"})
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Out.String(), "advise      Recommend the technology leadership") {
		t.Errorf("root help without advise:\n%s", s.Out.String())
	}
}

func TestVersionNamesTheActiveRulesWhenAsked(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	cmd := NewCmdRootFor(f, []string{"--version"})
	cmd.SetArgs([]string{"--version"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "orgadvisor 1.2.3\nrules: embedded, version 1, sha256 " + orgadvisor.DefaultRulesDigest[:12] + "\nactive rules: small.yaml, version 1, sha256 "
	if !strings.HasPrefix(s.Out.String(), want) {
		t.Errorf("version = %q, want prefix %q", s.Out.String(), want)
	}
}
