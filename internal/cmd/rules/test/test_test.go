package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

func TestNewCmdTest(t *testing.T) {
	t.Parallel()
	f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	var got *TestOptions
	cmd := NewCmdTest(f, func(o *TestOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"a.yaml", "b.yaml"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Files, ",") != "a.yaml,b.yaml" || got.RulesName != "small.yaml" {
		t.Errorf("options = %+v", got)
	}

	cmd = NewCmdTest(f, func(o *TestOptions) error { t.Fatal("runF called"); return nil })
	cmd.SetArgs(nil)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err == nil || cmdutil.ExitCode(err) != 2 || !strings.HasPrefix(err.Error(), "name the casebooks to run") {
		t.Fatalf("no casebooks: %v", err)
	}
}

const cases = `cases:
  - name: shop
    why: Nothing to lead.
    answers: {team_size: 5, builds_software: false}
    expect: {label: none}
  - name: start-up
    why: Some software.
    answers: {team_size: 5, builds_software: true}
    expect: {label: tech}
`

func TestTestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	book := filepath.Join(dir, "book.yaml")
	if err := os.WriteFile(book, []byte(cases), 0o644); err != nil {
		t.Fatal(err)
	}
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	err := testRun(&TestOptions{IO: s.IO, Rules: f.ActiveRules, Files: []string{book}})
	if cmdutil.ExitCode(err) != 1 || !cmdutil.IsSilent(err) {
		t.Fatalf("error = %v, want a silent failure (exit 1)", err)
	}
	want := "PASS  " + book + ":2  shop\n" +
		"FAIL  " + book + ":6  start-up: label: want tech, got ptech\n" +
		"      why: Some software.\n" +
		"1 passed, 1 failed\n"
	if s.Out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", s.Out, want)
	}
}

func TestTestRunBadCasebook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	for name, src := range map[string]string{good: cases, bad: "cases: nope\n"} {
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	err := testRun(&TestOptions{IO: s.IO, Rules: f.ActiveRules, Files: []string{good, bad}})
	if cmdutil.ExitCode(err) != 2 || err.Error() != "1 error in the casebooks; no case was run" || !strings.HasPrefix(s.ErrOut.String(), bad+":1:8: ") {
		t.Fatalf("error = %v, stderr:\n%s", err, s.ErrOut)
	}
	if s.Out.Len() != 0 {
		t.Errorf("cases ran before every casebook loaded:\n%s", s.Out)
	}
}

// A casebook that loads but does not fit the rules is bad input with every
// problem at its place, not a failing case.
func TestTestRunCasebookThatDoesNotFitTheRules(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "unfit.yaml")
	writeErr := os.WriteFile(bad, []byte(`cases:
  - name: unknown question
    answers: {team_size: 5, builds_software: true, tem: 1}
    expect: {label: ptech}
  - name: bad option
    answers: {team_size: 5, builds_software: true, regimes: [sox]}
    expect: {label: none}
  - name: missing answer
    answers: {team_size: 5}
    expect: {label: none}
  - name: unknown role
    answers: {team_size: 5, builds_software: false}
    expect: {levels: {techh: none}}
`), 0o644)
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	err := testRun(&TestOptions{IO: s.IO, Rules: f.ActiveRules, Files: []string{bad}})
	if cmdutil.ExitCode(err) != 2 || err.Error() != "4 errors in the casebooks; no case was run" {
		t.Fatalf("error = %v (exit %d), stderr:\n%s", err, cmdutil.ExitCode(err), s.ErrOut)
	}
	for _, want := range []string{bad + ":3:52: case \"unknown question\": unknown question \"tem\"", bad + ":6:61: case \"bad option\": regimes: \"sox\" is not an option", bad + ":8:5: case \"missing answer\": ", bad + ":13:23: case \"unknown role\": unknown role \"techh\""} {
		if !strings.Contains(s.ErrOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, s.ErrOut)
		}
	}
	if s.Out.Len() != 0 {
		t.Errorf("cases ran:\n%s", s.Out)
	}
}

func TestNewCmdTestCoverageFlags(t *testing.T) {
	t.Parallel()
	f, _ := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
	for _, tc := range []struct {
		args     []string
		coverage bool
		min      float64
		err      string
	}{
		{args: []string{"a.yaml"}, min: -1},
		{args: []string{"--coverage", "a.yaml"}, coverage: true, min: -1},
		{args: []string{"--min-coverage", "90", "a.yaml"}, coverage: true, min: 90},
		{args: []string{"--min-coverage", "0", "a.yaml"}, coverage: true, min: 0},
		{args: []string{"--min-coverage", "-1", "a.yaml"}, err: "`--min-coverage`: -1 is not a percentage from 0 to 100"},
		{args: []string{"-o", "csv", "a.yaml"}, err: "`--output`: unknown output format \"csv\"; formats: text, json"},
	} {
		var got *TestOptions
		err := cmdtest.ParseFlags(NewCmdTest(f, func(o *TestOptions) error { got = o; return nil }), tc.args)
		if !cmdtest.CheckError(t, tc.args, err, tc.err) || tc.err != "" {
			continue
		}
		if got.Coverage != tc.coverage || got.MinCoverage != tc.min {
			t.Errorf("%v: coverage %v, min %v; want %v, %v", tc.args, got.Coverage, got.MinCoverage, tc.coverage, tc.min)
		}
	}
}

func TestTestRunMinCoverage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	book := filepath.Join(dir, "book.yaml")
	passing := strings.Replace(cases, "label: tech", "label: ptech", 1)
	if err := os.WriteFile(book, []byte(passing), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		min  float64
		code int
	}{{-1, 0}, {0, 0}, {50, 0}, {50.1, 1}, {100, 1}} {
		f, s := cmdtest.Factory(cmdtest.SmallRules(t), "small.yaml")
		err := testRun(&TestOptions{IO: s.IO, Rules: f.ActiveRules, Files: []string{book}, Coverage: true, MinCoverage: tc.min, Output: "text"})
		if cmdutil.ExitCode(err) != tc.code {
			t.Errorf("--min-coverage %v: error %v, want exit %d", tc.min, err, tc.code)
		}
		if !strings.Contains(s.Out.String(), "  decide rows  3 of 6 chosen (50%)\n") {
			t.Errorf("--min-coverage %v: stdout:\n%s", tc.min, s.Out)
		}
	}
}
