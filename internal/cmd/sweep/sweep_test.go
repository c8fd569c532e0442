package sweep

import (
	"fmt"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestNewCmdSweep(t *testing.T) {
	t.Parallel()
	rs := cmdtest.SmallRules(t)
	show := func(v rules.Vary) string {
		s := v.Question
		if v.From != nil {
			s += fmt.Sprintf(" from %d", *v.From)
		}
		if v.To != nil {
			s += fmt.Sprintf(" to %d", *v.To)
		}
		return s
	}
	for _, tc := range []struct {
		args []string
		want string
		err  string
	}{
		{args: []string{"--vary", "team_size", "--builds-software"}, want: "team_size; builds_software=true; text"},
		{args: []string{"--vary", "team-size=10..20", "-o", "json"}, want: "team_size from 10 to 20; ; json"},
		{args: []string{"--vary", "team_size=10..", "-o", "csv"}, want: "team_size from 10; ; csv"},
		{args: []string{"--vary", "team_size=..20", "--phase", "growth"}, want: "team_size to 20; phase=growth; text"},
		// The engine names an unknown question, with a suggestion.
		{args: []string{"--vary", "teamsize"}, want: "teamsize; ; text"},
		{args: []string{}, err: "`--vary` is required: name the answer to vary, such as `--vary team_size`"},
		{args: []string{"--vary", "team_size=.."}, err: "`--vary`: the range \"..\" has no ends: write FROM..TO, such as team_size=10..500"},
		{args: []string{"--vary", "team_size=1-5"}, err: "`--vary`: \"1-5\" is not a range: write FROM..TO, such as team_size=10..500"},
		{args: []string{"--vary", "team_size=1..x"}, err: "`--vary`: \"x\" in team_size=1..x is not a whole number"},
		{args: []string{"--vary", "team_size", "-o", "markdown"}, err: "`--output`: unknown output format \"markdown\"; formats: text, json, csv"},
	} {
		f, _ := cmdtest.Factory(rs, "small.yaml")
		var got *SweepOptions
		err := cmdtest.ParseFlags(NewCmdSweep(f, func(o *SweepOptions) error { got = o; return nil }), tc.args)
		if !cmdtest.CheckError(t, tc.args, err, tc.err) || tc.err != "" {
			continue
		}
		var flags []string
		for _, a := range got.FlagAnswers {
			flags = append(flags, fmt.Sprintf("%s=%v", a.ID, a.Value))
		}
		if s := show(got.Vary) + "; " + strings.Join(flags, ",") + "; " + got.Output; s != tc.want {
			t.Errorf("%v: options %q, want %q", tc.args, s, tc.want)
		}
	}
}

func TestSweepRun(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	rs, _, _ := f.ActiveRules()
	err := sweepRun(&SweepOptions{IO: s.IO, Rules: rs, Vary: rules.Vary{Question: "devs"}, Output: "text",
		FlagAnswers: []answers.Raw{{ID: "team_size", Value: "5", From: "`--team-size`"}, {ID: "builds_software", Value: "true", From: "`--builds-software`"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "How many developers? (devs) from 0 to 11, the other answers held:\n" +
		"  at 0: Part-time Technology Chief\n" +
		"  at 10: Part-time Technology Chief → Technology Chief\n" +
		"      now: A team of developers.\n"
	if s.Out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", s.Out, want)
	}
}
