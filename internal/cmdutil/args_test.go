package cmdutil

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// A value that does not parse as its flag's type is bad input in people's
// words, naming the flag; it used to carry Go's own words
// ("strconv.ParseBool: parsing "maybe": invalid syntax").
func TestFlagErrorInvalidValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--no-input=maybe"}, "`--no-input`: \"maybe\" is not true or false"},
		{[]string{"-j", "abc"}, "`--jobs`: \"abc\" is not a whole number"},
		{[]string{"--jobs", "99999999999999999999"}, "`--jobs`: \"99999999999999999999\" is out of range"},
		{[]string{"--seed", "-1"}, "`--seed`: \"-1\" is not a whole number of 0 or more"},
		{[]string{"--min-coverage", "lots"}, "`--min-coverage`: \"lots\" is not a number"},
		{[]string{"--timeout", "soon"}, "`--timeout`: \"soon\" is not a duration such as 30s or 5m"},
		// A type it does not know keeps pflag's words.
		{[]string{"--tags", "a,\"b"}, "invalid argument \"a,\\\"b\" for \"--tags\" flag: parse error on line 1, column 5: extraneous or missing \" in quoted-field"},
		{[]string{"--nope"}, "unknown flag `--nope`"},
		// A flag that names a file refuses an empty name, with its hint.
		{[]string{"--answers="}, "`--answers` needs a file name; `-` reads standard input"},
		{[]string{"-a", ""}, "`--answers` needs a file name; `-` reads standard input"},
		{[]string{"--cases", "a.yaml", "--cases", ""}, "`--cases` needs a file name"},
	}
	for _, tt := range tests {
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
		fl := cmd.Flags()
		fl.Bool("no-input", false, "")
		fl.IntP("jobs", "j", 0, "")
		fl.Uint64("seed", 0, "")
		fl.Float64("min-coverage", 0, "")
		fl.Duration("timeout", time.Second, "")
		fl.StringSlice("tags", nil, "")
		fl.StringP("answers", "a", "", "")
		MarkFileFlag(fl, "answers", "`-` reads standard input")
		fl.StringArray("cases", nil, "")
		MarkFileFlag(fl, "cases", "")
		cmd.SetFlagErrorFunc(FlagError)
		cmd.SetArgs(tt.args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		err := cmd.Execute()
		if err == nil || err.Error() != tt.want || ExitCode(err) != ExitBadInput {
			t.Errorf("%v: error %v (exit %d), want %q (exit 2)", tt.args, err, ExitCode(err), tt.want)
		}
	}
}

// help's topic must name a command: a word that names none is bad input
// naming the whole topic, with the nearest command as the unknown command
// error has it.
func TestHelpTopic(t *testing.T) {
	t.Parallel()
	root := &cobra.Command{Use: "tool", Args: cobra.ArbitraryArgs}
	group := &cobra.Command{Use: "rules", Args: cobra.ArbitraryArgs}
	group.AddCommand(&cobra.Command{Use: "check", Run: func(*cobra.Command, []string) {}})
	root.AddCommand(group, &cobra.Command{Use: "advise", Run: func(*cobra.Command, []string) {}})
	tests := []struct {
		topic, want string
	}{
		{"", ""},
		{"advise", ""},
		{"rules", ""},
		{"rules check", ""},
		{"bogus", `unknown help topic "bogus"`},
		{"advice", `unknown help topic "advice" (did you mean "advise"?)`},
		{"rules chek", `unknown help topic "rules chek" (did you mean "rules check"?)`},
		{"rules check more", `unknown help topic "rules check more"`},
		{"advise extra", `unknown help topic "advise extra"`},
	}
	for _, tt := range tests {
		err := HelpTopic(root, strings.Fields(tt.topic))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v, want no error", tt.topic, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want || ExitCode(err) != ExitBadInput):
			t.Errorf("%q: %v (exit %d), want %q (exit 2)", tt.topic, err, ExitCode(err), tt.want)
		}
	}
}

// A flag marked as naming a file still takes a name as its own type does,
// completes files, and shows no default.
func TestMarkFileFlag(t *testing.T) {
	t.Parallel()
	var answers string
	var cases []string
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	fl := cmd.Flags()
	fl.StringVar(&answers, "answers", "", "read `file`")
	fl.StringArrayVar(&cases, "cases", nil, "read `file` (repeat)")
	MarkFileFlag(fl, "answers", "", "yaml", "json")
	MarkFileFlag(fl, "cases", "")
	cmd.SetArgs([]string{"--answers", "a.yaml", "--cases", "one.yaml", "--cases=two,three.yaml"})
	cmd.SetOut(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if answers != "a.yaml" || strings.Join(cases, "|") != "one.yaml|two,three.yaml" {
		t.Errorf("answers %q, cases %q", answers, cases)
	}
	if got := fl.Lookup("answers").Annotations[cobra.BashCompFilenameExt]; strings.Join(got, ",") != "yaml,json" {
		t.Errorf("answers completes %q, want yaml,json", got)
	}
	if got, ok := fl.Lookup("cases").Annotations[cobra.BashCompFilenameExt]; !ok || len(got) != 0 {
		t.Errorf("cases completes %q (marked %v), want any file", got, ok)
	}
	if usage := fl.FlagUsages(); strings.Contains(usage, "default") {
		t.Errorf("the usage shows a default:\n%s", usage)
	}
}
