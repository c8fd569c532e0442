// Package cmdtest holds what the command tests share: the small rules of
// rulestest, and a Factory with test streams around them.
package cmdtest

import (
	"bytes"
	"testing"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

// The small rules, with their name, are rulestest's; these names keep the
// command tests short.
const (
	SmallRulesName = rulestest.SmallRulesName
	SmallRulesYAML = rulestest.SmallRulesYAML
)

// SmallRules loads the small rules.
func SmallRules(t testing.TB) *rules.Ruleset { return rulestest.SmallRules(t) }

// Streams are a factory's test streams.
type Streams struct {
	IO              *iostreams.IOStreams
	In, Out, ErrOut *bytes.Buffer
}

// Factory returns a factory whose active rules are rs, named path, with
// test streams (not terminals) and an empty configuration.
func Factory(rs *rules.Ruleset, path string) (*cmdutil.Factory, Streams) {
	ios, in, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{
		IOStreams: ios,
		Version:   "1.2.3",
		Config:    config.Empty(),
		RulesPath: path,
		Rules:     func() (*rules.Ruleset, []rules.Diagnostic, error) { return rs, nil, nil },
	}
	return f, Streams{IO: ios, In: in, Out: out, ErrOut: errOut}
}

// ParseFlags runs cmd with args as the root command would (errors and
// usage silenced, flag errors as bad input) and returns its error. Give it
// a command built with a runF that records the options, to test flag
// parsing alone.
func ParseFlags(cmd *cobra.Command, args []string) error {
	cmd.SetArgs(args)
	cmd.SetFlagErrorFunc(cmdutil.FlagError)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.Execute()
}

// CheckError reports whether err is what a flag-parsing case wants: with
// want empty, no error; otherwise exactly want, as bad input (exit 2). It
// fails the test otherwise, naming args.
func CheckError(t testing.TB, args []string, err error, want string) bool {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%v: %v", args, err)
		return false
	case want != "" && (err == nil || err.Error() != want || cmdutil.ExitCode(err) != 2):
		t.Errorf("%v: error = %v, want %q (exit 2)", args, err, want)
		return false
	}
	return true
}
