// Package cmdtest holds what the command tests share: a small rules file
// whose outcomes are easy to work out by hand, and a Factory with test
// streams around it.
package cmdtest

import (
	"bytes"
	"testing"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// SmallRulesName is the name the small rules are loaded under.
const SmallRulesName = "small.yaml"

// SmallRulesYAML is a rules file with one question of each type, two roles
// and four rules: a software company is "ptech" (score 3), with ten
// developers "tech", and large, growing and regulated ones add "info".
const SmallRulesYAML = `version: 1
sources:
  s1: {title: Test source, ref: "https://example.com/s1", kind: article}
  s2: {title: Other source, ref: s2.txt}
questions:
  - id: team_size
    type: int
    prompt: How many people?
    help: Everyone who works there.
    min: 1
    max: 1000
    required: true
  - id: builds_software
    type: bool
    prompt: Do you build software?
    help: Products customers use.
    required: true
  - id: phase
    type: choice
    prompt: Which phase?
    help: Where the company is.
    options:
      - {id: seed, label: Seed stage}
      - {id: growth, label: Growth stage}
    default: seed
  - id: regimes
    type: multi
    prompt: Which regimes apply?
    help: Compliance regimes.
    options:
      - {id: gdpr, label: GDPR}
      - {id: pci, label: PCI DSS}
  - id: devs
    type: int
    prompt: How many developers?
    help: Developers employed.
    min: 0
    default: 0
    ask_if: builds_software
roles:
  - id: tech
    title: Technology Chief
    fractional_title: Part-time Technology Chief
    label: tech
    fractional_label: ptech
  - id: info
    title: Information Chief
    fractional_title: Part-time Information Chief
    label: info
    fractional_label: pinfo
rules:
  - id: software
    description: Builds software.
    when: builds_software
    add: {tech: 3}
    sources: [s1]
  - id: big
    description: Many people.
    when: team_size >= 100 and phase == 'growth'
    add: {info: 3}
    notes: [Big teams need IT.]
    sources: [s1]
  - id: regulated
    description: Regulated.
    when: len(regimes) >= 1
    add: {info: 1}
    sources: [s1]
    disputed_by:
      - sources: [s2]
        view: Others say compliance is the tech chief's.
  - id: devteam
    description: A team of developers.
    when: devs >= 10
    add: {tech: 2}
    sources: [s2]
decide:
  tech:
    - when: score >= 5
      level: full-time
      because: Lots of tech.
    - when: score >= 3
      level: fractional
      because: Some tech.
    - level: none
      because: No tech.
  info:
    - when: score >= 3
      level: full-time
      because: Lots of IT.
    - when: score >= 1
      level: fractional
      because: Some IT.
    - level: none
      because: Little IT.
`

// SmallRules loads SmallRulesYAML.
func SmallRules(t testing.TB) *rules.Ruleset {
	t.Helper()
	rs, _, err := rules.Load(SmallRulesName, []byte(SmallRulesYAML))
	if err != nil {
		t.Fatalf("small rules: %v", err)
	}
	return rs
}

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
