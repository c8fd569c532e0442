package advise

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/prompter/prompttest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// parse runs the command's flag parsing and RunE up to runF, returning the
// options it gathered.
func parse(t *testing.T, args ...string) (*AdviseOptions, error) {
	t.Helper()
	f, _ := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	var got *AdviseOptions
	cmd := NewCmdAdvise(f, func(o *AdviseOptions) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetFlagErrorFunc(cmdutil.FlagError)
	err := cmd.Execute()
	return got, err
}

func TestNewCmdAdviseFlags(t *testing.T) {
	t.Parallel()
	type answer struct{ id, raw, from string }
	tests := []struct {
		name    string
		args    []string
		output  string
		jq      string
		explain bool
		answers []answer
		file    string
		save    string
	}{
		{name: "defaults", args: nil, output: "text"},
		{
			name:    "one flag per question, in question order",
			args:    []string{"--devs", "12", "--team-size", "40", "--builds-software", "--phase", "growth"},
			output:  "text",
			answers: []answer{{"team_size", "40", "`--team-size`"}, {"builds_software", "true", "`--builds-software`"}, {"phase", "growth", "`--phase`"}, {"devs", "12", "`--devs`"}},
		},
		{
			name:    "bool flag takes =false",
			args:    []string{"--builds-software=false"},
			output:  "text",
			answers: []answer{{"builds_software", "false", "`--builds-software`"}},
		},
		{
			name:    "list flag repeated and comma-separated",
			args:    []string{"--regimes", "gdpr", "--regimes", "pci,gdpr"},
			output:  "text",
			answers: []answer{{"regimes", "gdpr,pci,gdpr", "`--regimes`"}},
		},
		{
			name:    "values are kept as given for the engine to judge",
			args:    []string{"--team-size", "many"},
			output:  "text",
			answers: []answer{{"team_size", "many", "`--team-size`"}},
		},
		{name: "jq implies json", args: []string{"--jq", ".recommendation"}, output: "json", jq: ".recommendation"},
		{name: "jq with explicit json", args: []string{"--jq", ".x", "-o", "json"}, output: "json", jq: ".x"},
		{name: "output and explain", args: []string{"-o", "markdown", "--explain"}, output: "markdown", explain: true},
		{name: "files", args: []string{"--answers", "-", "--save-answers", "out.yaml"}, output: "text", file: "-", save: "out.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := parse(t, tt.args...)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if o.Output.Format != tt.output || o.Output.JQ != tt.jq || o.Explain != tt.explain || o.AnswersFile != tt.file || o.SaveAnswers != tt.save {
				t.Errorf("got output=%q jq=%q explain=%v answers=%q save=%q", o.Output.Format, o.Output.JQ, o.Explain, o.AnswersFile, o.SaveAnswers)
			}
			var got []answer
			for _, a := range o.FlagAnswers {
				got = append(got, answer{a.ID, a.Value.(string), a.From})
			}
			if len(got) != len(tt.answers) {
				t.Fatalf("flag answers = %v, want %v", got, tt.answers)
			}
			for i := range got {
				if got[i] != tt.answers[i] {
					t.Errorf("flag answer %d = %v, want %v", i, got[i], tt.answers[i])
				}
			}
		})
	}
}

func TestNewCmdAdviseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--jq", ".x", "-o", "yaml"}, "`--jq` filters JSON output; it cannot be used with `--output yaml`"},
		{[]string{"-o", "xml"}, "`--output`: unknown output format \"xml\"; formats: text, json, yaml, markdown, html"},
		{[]string{"--builds-software", "false"}, "unexpected argument \"false\": a true/false flag takes its value after =, as in `--builds-software=false`"},
		{[]string{"40"}, "unexpected argument \"40\": answers are given as flags, such as `--team-size`"},
		{[]string{"--employees", "40"}, "unknown flag `--employees`"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			_, err := parse(t, tt.args...)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
				t.Errorf("exit code %d, want 2", cmdutil.ExitCode(err))
			}
		})
	}
}

// The rules bring the flags: with a broken rules file the command reports
// the file, not an unknown flag.
func TestNewCmdAdviseBrokenRules(t *testing.T) {
	t.Parallel()
	f, _ := cmdtest.Factory(nil, "broken.yaml")
	loadErr := cmdutil.BadInputf("broken.yaml:3:1: something is wrong")
	f.Rules = func() (*rules.Ruleset, []rules.Diagnostic, error) { return nil, nil, loadErr }
	cmd := NewCmdAdvise(f, func(*AdviseOptions) error { t.Fatal("runF called"); return nil })
	cmd.SetArgs([]string{"--team-size", "5"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); !errors.Is(err, loadErr) {
		t.Fatalf("error = %v, want the rules error", err)
	}
}

// The environment is read for every question, under its variable's name.
func TestCollectEnvironment(t *testing.T) {
	t.Setenv("ORGADVISOR_TEAM_SIZE", "120")
	t.Setenv("ORGADVISOR_PHASE", "")
	o, err := parse(t, "--builds-software")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.EnvAnswers) != 1 || o.EnvAnswers[0] != (answers.Raw{ID: "team_size", Value: "120", From: "ORGADVISOR_TEAM_SIZE"}) {
		t.Errorf("env answers = %+v", o.EnvAnswers)
	}
}

// run calls adviseRun with the small rules and test streams.
func run(t *testing.T, o *AdviseOptions) (stdout, stderr string, err error) {
	t.Helper()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	o.IO = s.IO
	o.Rules, _, _ = f.ActiveRules()
	o.RulesName = cmdtest.SmallRulesName
	if o.Output == nil {
		o.Output = &cmdutil.OutputFlags{Format: "json"}
	}
	err = adviseRun(o)
	return s.Out.String(), s.ErrOut.String(), err
}

func flag(id, v string) answers.Raw {
	return answers.Raw{ID: id, Value: v, From: "`--" + strings.ReplaceAll(id, "_", "-") + "`"}
}

func TestAdviseRunJSON(t *testing.T) {
	t.Parallel()
	out, stderr, err := run(t, &AdviseOptions{FlagAnswers: []answers.Raw{flag("team_size", "5"), flag("builds_software", "true")}})
	if err != nil {
		t.Fatal(err)
	}
	if stderr != "" {
		t.Errorf("stderr = %q", stderr)
	}
	var rep struct {
		Schema         string
		Recommendation string
		Assumed        []string
		Roles          map[string]struct{ Level string }
		Rules          struct{ Path string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Schema != "orgadvisor/recommendation/v1" || rep.Recommendation != "ptech" || rep.Roles["tech"].Level != "fractional" || rep.Rules.Path != "small.yaml" {
		t.Errorf("report = %+v", rep)
	}
	if strings.Join(rep.Assumed, ",") != "phase,regimes,devs" {
		t.Errorf("assumed = %v", rep.Assumed)
	}
}

// Layers: config < answers file < environment < flags.
func TestAdviseRunPrecedence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("team_size: 20\nphase: seed\ndevs: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &AdviseOptions{
		ConfigAnswers: []answers.Raw{{ID: "team_size", Value: 10, From: "config"}, {ID: "phase", Value: "growth", From: "config"}, {ID: "builds_software", Value: true, From: "config"}},
		AnswersFile:   file,
		EnvAnswers:    []answers.Raw{{ID: "team_size", Value: "30", From: "ORGADVISOR_TEAM_SIZE"}, {ID: "devs", Value: "4", From: "ORGADVISOR_DEVS"}},
		FlagAnswers:   []answers.Raw{flag("team_size", "40")},
		Output:        &cmdutil.OutputFlags{Format: "json", JQ: `[.answers.team_size, .answers.phase, .answers.devs, .answers.builds_software] | @json`},
	}
	out, _, err := run(t, o)
	if err != nil {
		t.Fatal(err)
	}
	if out != "[40,\"seed\",4,true]\n" {
		t.Errorf("answers = %s", out)
	}
}

func TestAdviseRunMissing(t *testing.T) {
	t.Parallel()
	out, _, err := run(t, &AdviseOptions{FlagAnswers: []answers.Raw{flag("phase", "seed")}})
	want := "missing required answers: `--team-size`, `--builds-software` (give them as flags, in an `--answers` file, or run at a terminal to be asked)"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if cmdutil.ExitCode(err) != cmdutil.ExitBadInput || out != "" {
		t.Errorf("exit %d, stdout %q", cmdutil.ExitCode(err), out)
	}
}

func TestAdviseRunBadAnswersAllReported(t *testing.T) {
	t.Parallel()
	_, _, err := run(t, &AdviseOptions{
		EnvAnswers:  []answers.Raw{{ID: "phase", Value: "late", From: "ORGADVISOR_PHASE"}},
		FlagAnswers: []answers.Raw{flag("team_size", "0")},
	})
	want := "ORGADVISOR_PHASE: \"late\" is not an option; options: seed, growth; `--team-size`: 0 is out of range; want a whole number from 1 to 1000"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant %q", err, want)
	}
}

// At a terminal the questionnaire asks only what is not answered, and its
// answers are used. The count includes devs, which may yet be asked until
// the user says whether they build software.
func TestAdviseRunPrompts(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	s.IO.SetTTY(true, true, true)
	p := prompttest.New(t)
	p.RegisterConfirm("(1 of 4) Do you build software?", func(string, *bool) (bool, error) { return true, nil })
	p.RegisterSelect("(2 of 4) Which phase?", func(_ string, opts []string, def int) (int, error) {
		if strings.Join(opts, "|") != "Seed stage|Growth stage" || def != 0 {
			t.Errorf("select options %q default %d", opts, def)
		}
		return 1, nil
	})
	p.RegisterMultiSelect("(3 of 4) Which regimes apply?", func(string, []string, []int) ([]int, error) { return []int{1}, nil })
	p.RegisterInput("(4 of 4) How many developers? [0 or more]", prompttest.Typed(nil, "12"))
	rs, _, _ := f.ActiveRules()
	o := &AdviseOptions{IO: s.IO, Rules: rs, RulesName: "small.yaml", Prompter: p,
		FlagAnswers: []answers.Raw{flag("team_size", "150")},
		Output:      &cmdutil.OutputFlags{Format: "json", JQ: `[.recommendation, .answers.regimes, .assumed] | @json`}}
	if err := adviseRun(o); err != nil {
		t.Fatal(err)
	}
	if got := s.Out.String(); got != "[\"both\",[\"pci\"],[]]\n" {
		t.Errorf("stdout = %q", got)
	}
}

// Without a terminal, or with --no-input, nothing is asked.
func TestAdviseRunNeverPrompts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name              string
		in, out, neverAsk bool
		answersFile       string
		why               string
	}{
		{"stdin not a terminal", false, true, false, "", "(give it as a flag, in an `--answers` file, or run at a terminal to be asked)"},
		{"stdout not a terminal", true, false, false, "", "(give it as a flag, in an `--answers` file, or run at a terminal to be asked)"},
		{"no-input", true, true, true, "", "(give it as a flag or in an `--answers` file; prompting is turned off (`--no-input`))"},
		{"answers on stdin", true, true, false, "-", "(give it as a flag or in the answers file; nothing is asked while standard input holds the answers)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
			s.IO.SetTTY(tc.in, tc.out, true)
			s.IO.SetNeverPrompt(tc.neverAsk)
			rs, _, _ := f.ActiveRules()
			o := &AdviseOptions{IO: s.IO, Rules: rs, RulesName: "small.yaml", Output: &cmdutil.OutputFlags{Format: "json"}, Prompter: prompttest.New(t),
				FlagAnswers: []answers.Raw{flag("team_size", "5")}, AnswersFile: tc.answersFile}
			s.In.WriteString("phase: seed\n")
			err := adviseRun(o)
			if want := "missing required answer: `--builds-software` " + tc.why; err == nil || err.Error() != want {
				t.Fatalf("error = %v\nwant    %s", err, want)
			}
		})
	}
}

// Ctrl-C at a prompt exits 130 and writes nothing, not even the answers file.
func TestAdviseRunCancelWritesNothing(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	s.IO.SetTTY(true, true, true)
	p := prompttest.New(t)
	p.RegisterInput("(1 of 5) How many people? [1-1,000]", func(string, string, func(string) error) (string, error) {
		return "", cmdutil.ErrCancel
	})
	save := filepath.Join(t.TempDir(), "saved.yaml")
	rs, _, _ := f.ActiveRules()
	err := adviseRun(&AdviseOptions{IO: s.IO, Rules: rs, RulesName: "small.yaml", Output: &cmdutil.OutputFlags{Format: "text"}, Prompter: p, SaveAnswers: save})
	if cmdutil.ExitCode(err) != cmdutil.ExitInterrupted {
		t.Fatalf("error = %v, exit %d, want 130", err, cmdutil.ExitCode(err))
	}
	if s.Out.Len() != 0 {
		t.Errorf("stdout = %q", s.Out.String())
	}
	if _, err := os.Stat(save); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("answers file written: %v", err)
	}
}

// --save-answers writes what --answers reads back to the same answers.
func TestAdviseRunSaveAnswersRoundTrip(t *testing.T) {
	t.Parallel()
	// phase is assumed and devs is ignored (no software is built): read
	// back, both must stay so, and the whole recommendation the same.
	const report = "{recommendation, roles, answers, assumed, ignored, fired, what_if} | @json"
	given := []answers.Raw{flag("team_size", "150"), flag("builds_software", "false"), flag("regimes", "pci,gdpr"), flag("devs", "12")}
	for _, name := range []string{"saved.yaml", "saved.json"} {
		save := filepath.Join(t.TempDir(), name)
		first, _, err := run(t, &AdviseOptions{SaveAnswers: save, FlagAnswers: given, Output: &cmdutil.OutputFlags{Format: "json", JQ: report}})
		if err != nil {
			t.Fatal(err)
		}
		second, _, err := run(t, &AdviseOptions{AnswersFile: save, Output: &cmdutil.OutputFlags{Format: "json", JQ: report}})
		if err != nil {
			t.Fatal(err)
		}
		if first != second || !strings.Contains(first, `"assumed":["phase","devs"]`) || !strings.Contains(first, `"ignored":["devs"]`) {
			t.Errorf("%s:\nfirst  %s\nsecond %s", name, first, second)
		}
		entries, _ := os.ReadDir(filepath.Dir(save))
		if len(entries) != 1 {
			t.Errorf("temporary files left: %v", entries)
		}
	}
}

// A --save-answers path whose file cannot be created, although its
// directory exists (here a link into a missing directory; /proc/a.yaml is
// another), is bad input naming the flag, exit 2, and no report is
// written. It used to be exit 1, without the flag.
func TestAdviseRunSaveAnswersCannotCreate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	save := filepath.Join(dir, "saved.yaml")
	if err := os.Symlink(filepath.Join("missing", "saved.yaml"), save); err != nil {
		t.Skipf("symlink: %v", err)
	}
	out, _, err := run(t, &AdviseOptions{SaveAnswers: save, FlagAnswers: []answers.Raw{flag("team_size", "5"), flag("builds_software", "true")}})
	want := "`--save-answers`: " + save + ": cannot write: no such file or directory"
	if err == nil || err.Error() != want || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
		t.Errorf("error %v (exit %d), want %q (exit 2)", err, cmdutil.ExitCode(err), want)
	}
	if out != "" {
		t.Errorf("report written: %q", out)
	}
}

func TestAdviseRunWarningsOnStderr(t *testing.T) {
	t.Parallel()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	rs, _, _ := f.ActiveRules()
	w := rules.Diagnostic{Pos: rules.Pos{File: "small.yaml", Line: 3, Col: 3}, Severity: rules.SeverityWarning, Message: "source s3 is not cited"}
	o := &AdviseOptions{IO: s.IO, Rules: rs, RulesName: "small.yaml", Output: &cmdutil.OutputFlags{Format: "json", JQ: ".recommendation"}, Warnings: []rules.Diagnostic{w},
		FlagAnswers: []answers.Raw{flag("team_size", "5"), flag("builds_software", "false")}}
	if err := adviseRun(o); err != nil {
		t.Fatal(err)
	}
	if s.ErrOut.String() != "small.yaml:3:3: warning: source s3 is not cited\n" || s.Out.String() != "none\n" {
		t.Errorf("stderr %q stdout %q", s.ErrOut.String(), s.Out.String())
	}
}

func TestAdviseRunBadJQWritesNothing(t *testing.T) {
	t.Parallel()
	out, _, err := run(t, &AdviseOptions{Output: &cmdutil.OutputFlags{Format: "json", JQ: ".["}, FlagAnswers: []answers.Raw{flag("team_size", "5"), flag("builds_software", "false")}})
	if err == nil || !strings.HasPrefix(err.Error(), "`--jq`: ") || cmdutil.ExitCode(err) != 2 || out != "" {
		t.Fatalf("error %v, stdout %q", err, out)
	}
}

func TestExampleFlagsAnswerEveryRequiredQuestion(t *testing.T) {
	t.Parallel()
	rs := cmdtest.SmallRules(t)
	ex := cmdutil.ExampleFlags(rs)
	if ex != "--team-size 40 --builds-software --regimes gdpr,pci" {
		t.Errorf("example flags = %q", ex)
	}
	o, err := parse(t, strings.Fields(ex)...)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, &AdviseOptions{FlagAnswers: o.FlagAnswers, Output: &cmdutil.OutputFlags{Format: "json", JQ: ".recommendation"}})
	if err != nil || out == "" {
		t.Fatalf("the example does not run: %v", err)
	}
}
