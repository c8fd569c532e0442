package batch

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

const testRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - {id: employees, type: int, prompt: P, help: H, min: 1, required: true}
  - {id: product_driven, type: bool, prompt: P, help: H, default: false}
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto}
rules:
  - {id: builds, description: D, sources: [s], when: product_driven, add: {cto: 3}}
  - {id: big, description: D, sources: [s], when: employees >= 50, add: {cto: 2}}
decide:
  cto:
    - {when: score >= 5, level: full-time, because: B}
    - {when: score >= 3, level: fractional, because: B}
    - {level: none, because: B}
`

func factory(t *testing.T) (*cmdutil.Factory, *iostreams.IOStreams) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	rs, _, err := rules.Load("test.yaml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	return &cmdutil.Factory{IOStreams: ios, Rules: func() (*rules.Ruleset, []rules.Diagnostic, error) { return rs, nil, nil }}, ios
}

// parse runs the command's flag handling and returns the options runF got.
func parse(t *testing.T, args ...string) (*BatchOptions, error) {
	t.Helper()
	f, _ := factory(t)
	var got *BatchOptions
	cmd := NewCmdBatch(f, func(o *BatchOptions) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(&strings.Builder{})
	cmd.SetErr(&strings.Builder{})
	err := cmd.Execute()
	return got, err
}

func TestFlags(t *testing.T) {
	cases := []struct {
		args               []string
		input, format, out string
		output             string
		whatIf, failFast   bool
		jobs               int
	}{
		{args: nil, format: "", output: ""},
		{args: []string{"--input", "orgs.CSV"}, input: "orgs.CSV", format: "csv"},
		{args: []string{"-i", "orgs.ndjson", "--out", "r.csv"}, input: "orgs.ndjson", format: "jsonl", out: "r.csv", output: "csv"},
		{args: []string{"--input", "orgs.txt", "--format", "csv", "-o", "jsonl", "--out", "r.csv"}, input: "orgs.txt", format: "csv", out: "r.csv", output: "jsonl"},
		{args: []string{"--input", "-", "--out", "-", "--what-if", "--fail-fast", "-j", "3"}, whatIf: true, failFast: true, jobs: 3},
		{args: []string{"-j", "256"}, jobs: 256},
		// A name without an extension is JSON Lines, as the help says; it
		// used to be refused as a format that cannot be told.
		{args: []string{"--input", "orgs"}, input: "orgs", format: "jsonl"},
		{args: []string{"--input", "dir.v2/orgs"}, input: "dir.v2/orgs", format: "jsonl"},
	}
	for _, c := range cases {
		o, err := parse(t, c.args...)
		if err != nil {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if o.Input != c.input || o.Format != c.format || o.Out != c.out || o.Output != c.output || o.WhatIf != c.whatIf || o.FailFast != c.failFast || o.Jobs != c.jobs {
			t.Errorf("%v: got %+v", c.args, *o)
		}
	}
}

func TestFlagErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, "unknown format \"xml\" for `--format`; formats: jsonl, csv"},
		{[]string{"-o", "yaml"}, "unknown format \"yaml\" for `--output`; formats: jsonl, csv"},
		{[]string{"--input", "testdata/orgs.txt"}, "cannot tell the format of testdata/orgs.txt from its extension: use `--format jsonl` or `--format csv`"},
		// A missing input is reported as missing, before its format.
		{[]string{"--input", "nowhere.txt"}, "nowhere.txt: cannot read input: no such file or directory"},
		{[]string{"--jobs", "-1"}, "`--jobs` must be 0 (all cores) or more, not -1"},
		{[]string{"-j", "257"}, "`--jobs` must be from 0 (all cores) to 256, not 257"},
		{[]string{"--jobs", "1000000"}, "`--jobs` must be from 0 (all cores) to 256, not 1000000"},
		{[]string{"extra"}, `unexpected argument "extra" for "batch"`},
	}
	for _, c := range cases {
		_, err := parse(t, c.args...)
		if err == nil || err.Error() != c.want || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
			t.Errorf("%v: error %v (exit %d), want %q (exit 2)", c.args, err, cmdutil.ExitCode(err), c.want)
		}
	}
}

func options(t *testing.T, stdin string) (*BatchOptions, *strings.Builder, *strings.Builder) {
	t.Helper()
	f, _ := factory(t)
	ios, in, _, _ := iostreams.Test()
	in.WriteString(stdin)
	var o, e strings.Builder
	ios.Out, ios.ErrOut = &o, &e
	return &BatchOptions{IO: ios, Rules: f.Rules, Context: context.Background()}, &o, &e
}

func TestRunStdin(t *testing.T) {
	opts, out, errOut := options(t, `{"id":"a","employees":60,"product_driven":true}`+"\n"+`{"id":"b","employees":"many"}`+"\n"+`{"employees":2}`+"\n")
	err := batchRun(opts)
	if !errors.Is(err, cmdutil.ErrSilent) || cmdutil.ExitCode(err) != cmdutil.ExitFailure {
		t.Fatalf("error %v, want the silent failure of a failed record (exit 1)", err)
	}
	rs, _, _ := opts.Rules()
	_, bad := rs.ParseAnswers(map[string]any{"employees": "many"})
	msg, _ := json.Marshal(bad.Error())
	want := `{"line":1,"id":"a","recommendation":"cto","roles":{"cto":{"level":"full-time","score":5,"covered":false}},"assumed":[],"ignored":[]}
{"line":2,"id":"b","error":` + string(msg) + `}
{"line":3,"recommendation":"none","roles":{"cto":{"level":"none","score":0,"covered":false}},"assumed":["product_driven"],"ignored":[]}
`
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	wantErr := `3 records, 1 failed
recommendations: cto 1, none 1
stdin:2: ` + bad.Error() + `
`
	if errOut.String() != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, wantErr)
	}
}

func TestRunFileToFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "orgs.csv")
	os.WriteFile(in, []byte("id,employees\nx,60\ny,3\n"), 0o644)
	outPath := filepath.Join(dir, "results.csv")
	os.WriteFile(outPath, []byte("old results\n"), 0o600)
	opts, stdout, errOut := options(t, "")
	opts.Input, opts.Format, opts.Out, opts.Output = in, "csv", outPath, "csv"
	if err := batchRun(opts); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(outPath)
	want := "line,id,recommendation,roles.cto.level,roles.cto.score,roles.cto.covered,assumed,ignored,error\n2,x,none,none,2,false,product_driven,,\n3,y,none,none,0,false,product_driven,,\n"
	if string(got) != want {
		t.Errorf("results:\n%s\nwant:\n%s", got, want)
	}
	if st, _ := os.Stat(outPath); st.Mode().Perm() != 0o600 {
		t.Errorf("the old file's mode %v was not kept", st.Mode().Perm())
	}
	if stdout.Len() != 0 || errOut.String() != "2 records, 0 failed\nrecommendations: none 2\n" {
		t.Errorf("stdout %q, stderr %q", stdout, errOut)
	}
	assertOnlyFiles(t, dir, "orgs.csv", "results.csv")
}

// TestOutIsAtomic: when the run fails or is interrupted, the old --out
// file is left as it was and no temporary file remains.
func TestOutIsAtomic(t *testing.T) {
	dir := t.TempDir()
	outPath := filepath.Join(dir, "results.jsonl")
	old := "old results\n"
	os.WriteFile(outPath, []byte(old), 0o644)

	// Bad input as a whole: exit 2, nothing written.
	opts, _, _ := options(t, "id,employes\n1,2\n")
	opts.Format, opts.Out = "csv", outPath
	err := batchRun(opts)
	if cmdutil.ExitCode(err) != cmdutil.ExitBadInput || !strings.Contains(err.Error(), `unknown question "employes"`) {
		t.Errorf("error %v, want bad input naming the column", err)
	}
	assertContent(t, outPath, old)
	assertOnlyFiles(t, dir, "results.jsonl")

	// Interrupted: exit 130, nothing written.
	var big strings.Builder
	for range 50000 {
		big.WriteString(`{"employees":7}` + "\n")
	}
	opts, _, errOut := options(t, big.String())
	opts.Out = outPath
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opts.Context = ctx
	err = batchRun(opts)
	if !errors.Is(err, cmdutil.ErrCancel) || cmdutil.ExitCode(err) != cmdutil.ExitInterrupted {
		t.Errorf("error %v, want the interrupt (exit 130)", err)
	}
	if !strings.Contains(errOut.String(), "(interrupted)") {
		t.Errorf("stderr %q does not say the run was interrupted", errOut)
	}
	assertContent(t, outPath, old)
	assertOnlyFiles(t, dir, "results.jsonl")

	// A directory that does not exist: bad input before any work.
	opts, _, _ = options(t, `{"employees":7}`+"\n")
	opts.Out = filepath.Join(dir, "missing", "r.jsonl")
	if err := batchRun(opts); cmdutil.ExitCode(err) != cmdutil.ExitBadInput || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("error %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		filepath.Join(dir, "none.jsonl"): filepath.Join(dir, "none.jsonl") + ": cannot read input: no such file or directory",
		dir:                              dir + ": is a directory, not a file",
	} {
		opts, _, _ := options(t, "")
		opts.Input, opts.Format = path, "jsonl"
		err := batchRun(opts)
		if err == nil || err.Error() != want || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
			t.Errorf("%s: error %v, want %q (exit 2)", path, err, want)
		}
	}
}

// TestProgress: a progress bar on a terminal's stderr, none otherwise.
func TestProgress(t *testing.T) {
	var in strings.Builder
	for i := range 3000 {
		in.WriteString(`{"employees":` + string(rune('1'+i%9)) + "}\n")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "orgs.jsonl")
	os.WriteFile(path, []byte(in.String()), 0o644)
	for _, tty := range []bool{true, false} {
		opts, _, errOut := options(t, "")
		opts.Input, opts.Format = path, "jsonl"
		opts.IO.SetTTY(false, false, tty)
		if err := batchRun(opts); err != nil {
			t.Fatal(err)
		}
		bar := strings.Contains(errOut.String(), "scoring") && strings.Contains(errOut.String(), "records,")
		if bar != tty {
			t.Errorf("stderr a terminal %v, progress shown %v:\n%q", tty, bar, errOut)
		}
		if !strings.HasSuffix(errOut.String(), "3000 records, 0 failed\nrecommendations: none 3000\n") {
			t.Errorf("summary missing at the end of %q", errOut)
		}
	}
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s: %q (%v), want %q", path, got, err, want)
	}
}

func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("files in %s: %v, want %v", dir, got, names)
	}
}
