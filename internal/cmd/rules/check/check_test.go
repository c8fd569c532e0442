package check

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

func TestNewCmdCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args      []string
		rulesPath string
		file      string
		strict    bool
		wantErr   string
	}{
		{args: nil, file: ""},
		{args: nil, rulesPath: "active.yaml", file: "active.yaml"},
		{args: []string{"x.yaml"}, rulesPath: "active.yaml", file: "x.yaml"},
		{args: []string{"--strict", "x.yaml"}, file: "x.yaml", strict: true},
		{args: []string{"a.yaml", "b.yaml"}, wantErr: "\"check\" takes at most 1 argument; got 2"},
		{args: []string{"-o", "xml"}, wantErr: "`--output`: unknown output format \"xml\"; formats: text, json"},
		{args: []string{"-"}, rulesPath: "active.yaml", file: "-"},
		{args: []string{""}, wantErr: "the FILE argument needs a file name; leave it out to check the active rules"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			f, _ := cmdtest.Factory(cmdtest.SmallRules(t), tt.rulesPath)
			var got *CheckOptions
			cmd := NewCmdCheck(f, func(o *CheckOptions) error { got = o; return nil })
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
			if got.File != tt.file || got.Strict != tt.strict {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckRun(t *testing.T) {
	t.Parallel()
	good := write(t, "good.yaml", cmdtest.SmallRulesYAML)
	warn := write(t, "warn.yaml", strings.Replace(cmdtest.SmallRulesYAML, "sources:\n", "sources:\n  unused: {title: U, ref: u.txt}\n", 1))
	badText := strings.Replace(cmdtest.SmallRulesYAML, "when: devs >= 10", "when: devz >= 10", 1)
	bad := write(t, "bad.yaml", badText)
	badLine := strings.Count(badText[:strings.Index(badText, "when: devz")], "\n") + 1
	tests := []struct {
		name   string
		file   string
		strict bool
		code   int
		want   []string
	}{
		{"embedded", "", false, 0, []string{"rules.yaml: ok: version 1, "}},
		{"clean", good, false, 0, []string{good + ": ok: version 1, 5 questions, 2 roles, 4 rules, 2 sources\n"}},
		{"warnings pass", warn, false, 0, []string{warn + ":3:3: warning: source unused is not cited by any rule\n      unused: {title: U, ref: u.txt}\n      ^\n", ", 1 warning\n"}},
		{"warnings fail with --strict", warn, true, 1, []string{": warning: ", warn + ": failed (warnings with --strict): version 1, "}},
		{"errors", bad, false, 2, []string{bad + ":" + strconv.Itoa(badLine) + ":11: rule devteam: when: unknown name \"devz\" (did you mean \"devs\"?)\n        when: devz >= 10\n              ^\n", bad + ": 1 error, 0 warnings\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, _, out, _ := iostreams.Test()
			err := checkRun(&CheckOptions{IO: ios, File: tt.file, Strict: tt.strict, Output: "text"})
			if code := cmdutil.ExitCode(err); code != tt.code {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, tt.code, out)
			}
			if err != nil && !cmdutil.IsSilent(err) {
				t.Errorf("error %v should be silent: the report is printed", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if tt.code != 0 && strings.Contains(out.String(), ": ok: ") {
				t.Errorf("exit %d but the summary says ok:\n%s", tt.code, out)
			}
		})
	}
}

func TestCheckRunJSON(t *testing.T) {
	t.Parallel()
	bad := write(t, "bad.yaml", strings.Replace(cmdtest.SmallRulesYAML, "level: fractional\n      because: Some IT.", "level: partial\n      because: Some IT.", 1))
	ios, _, out, _ := iostreams.Test()
	err := checkRun(&CheckOptions{IO: ios, File: bad, Output: "json"})
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d", cmdutil.ExitCode(err))
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Schema != Schema || res.OK || res.Errors != 1 || len(res.Diagnostics) != 1 || res.Diagnostics[0].Pos.Line == 0 || !strings.Contains(res.Diagnostics[0].Message, `unknown level "partial"`) {
		t.Errorf("result = %+v", res)
	}
}

// A FILE of - is standard input, named so in every message, with the
// lines of what was read; nothing read is one line, exit 2.
func TestCheckRunStdin(t *testing.T) {
	t.Parallel()
	badText := strings.Replace(cmdtest.SmallRulesYAML, "when: devs >= 10", "when: devz >= 10", 1)
	badLine := strings.Count(badText[:strings.Index(badText, "when: devz")], "\n") + 1
	tests := []struct {
		name, stdin, output string
		code                int
		want                string
	}{
		{"clean", cmdtest.SmallRulesYAML, "text", 0, "standard input: ok: version 1, 5 questions, 2 roles, 4 rules, 2 sources\n"},
		{"errors", badText, "text", 2, "standard input:" + strconv.Itoa(badLine) + ":11: rule devteam: when: unknown name \"devz\" (did you mean \"devs\"?)\n"},
		{"errors as JSON", badText, "json", 2, `"file": "standard input",`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ios, in, out, _ := iostreams.Test()
			in.WriteString(tt.stdin)
			err := checkRun(&CheckOptions{IO: ios, File: "-", Output: tt.output})
			if code := cmdutil.ExitCode(err); code != tt.code {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, tt.code, out)
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
		})
	}
	ios, _, out, _ := iostreams.Test()
	err := checkRun(&CheckOptions{IO: ios, File: "-", Output: "text"})
	if err == nil || err.Error() != "standard input is empty; pipe the rules file in, or name it instead of `-`" || cmdutil.ExitCode(err) != 2 || out.Len() != 0 {
		t.Fatalf("empty standard input: error = %v (exit %d), stdout %q", err, cmdutil.ExitCode(err), out)
	}
}

func TestCheckRunMissingFile(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	err := checkRun(&CheckOptions{IO: ios, File: "no/such.yaml", Output: "text"})
	if err == nil || err.Error() != "no/such.yaml: cannot read rules file: no such file or directory" || cmdutil.ExitCode(err) != 2 || out.Len() != 0 {
		t.Fatalf("error = %v, stdout %q", err, out)
	}
}

// A rules file whose questions do not load gave 271 lines of errors, one
// per name its expressions read: the cause comes first and alone, and any
// long list stops after MaxDiagnosticsShown, as a compiler's does.
func TestCheckRunShowsCausesNotCascades(t *testing.T) {
	t.Parallel()
	text := string(orgadvisor.DefaultRulesYAML)
	i := strings.Index(text, "\nquestions:\n")
	broken := write(t, "broken.yaml", text[:i]+"\nquestions: {}\nquestions_were:\n"+text[i+len("\nquestions:\n"):])
	line := strings.Count(text[:i], "\n") + 2
	ios, _, out, _ := iostreams.Test()
	err := checkRun(&CheckOptions{IO: ios, File: broken, Output: "text"})
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	want := broken + ":" + strconv.Itoa(line) + ":12: questions must be a list, not a mapping\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("output starts\n%.300s\nwant it to start with the cause %q", out, want)
	}
	if strings.Contains(out.String(), "unknown name") {
		t.Errorf("output names the questions the broken list held:\n%s", out)
	}

	manyText := strings.Replace(cmdtest.SmallRulesYAML, "when: devs >= 10", "when: devz >= 10 and devz > 1 and devz > 2 and devz > 3 and devz > 4 and devz > 5 and devz > 6 and devz > 7 and devz > 8 and devz > 9 and devz > 10 and devz > 11 and devz > 12 and devz > 13 and devz > 14 and devz > 15 and devz > 16 and devz > 17 and devz > 18 and devz > 19 and devz > 20 and devz > 21 and devz > 22 and devz > 23 and devz > 24", 1)
	bad := write(t, "many.yaml", manyText)
	ios, _, out, _ = iostreams.Test()
	err = checkRun(&CheckOptions{IO: ios, File: bad, Output: "text"})
	if cmdutil.ExitCode(err) != 2 {
		t.Fatalf("exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	if n := strings.Count(out.String(), "unknown name"); n != cmdutil.MaxDiagnosticsShown {
		t.Errorf("%d errors shown, want %d:\n%s", n, cmdutil.MaxDiagnosticsShown, out)
	}
	if want := "... and 5 more errors\n" + bad + ": 25 errors, 0 warnings\n"; !strings.HasSuffix(out.String(), want) {
		t.Errorf("output ends\n%s\nwant %q", out.String()[max(0, out.Len()-300):], want)
	}
}
