package main

// Script commands for the catalogue of bad inputs (testdata/script/bad_*.txtar
// and ok_*.txtar), registered in TestScript: inputs too large to write
// inline, and the check every bad input shares.

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

// cmdGenFile is `genfile [-a] [-fill C] FILE PREFIX SIZE SUFFIX`: it writes
// (or with -a appends) PREFIX, then SIZE bytes of 'x' (or of C), then SUFFIX
// to FILE. SIZE is a number of bytes, or of KiB or MiB with that suffix
// ("50MiB"); PREFIX and SUFFIX take \n, \r, \t and \xNN escapes.
func cmdGenFile(ts *testscript.TestScript, neg bool, args []string) {
	appendTo, fill := false, "x"
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "-a":
			appendTo = true
		case args[0] == "-fill" && len(args) > 1 && len(args[1]) == 1:
			fill = args[1]
			args = args[1:]
		default:
			ts.Fatalf("genfile: unknown option %q", args[0])
		}
		args = args[1:]
	}
	if neg || len(args) != 4 {
		ts.Fatalf("usage: genfile [-a] [-fill C] FILE PREFIX SIZE SUFFIX")
	}
	size := parseSize(ts, args[2])
	prefix, suffix := unescape(ts, args[1]), unescape(ts, args[3])
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendTo {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), flags, 0o644)
	ts.Check(err)
	_, err = f.WriteString(prefix)
	ts.Check(err)
	chunk := []byte(strings.Repeat(fill, 64<<10))
	for size > 0 {
		n := min(size, len(chunk))
		_, err = f.Write(chunk[:n])
		ts.Check(err)
		size -= n
	}
	_, err = f.WriteString(suffix)
	ts.Check(err)
	ts.Check(f.Close())
}

func parseSize(ts *testscript.TestScript, s string) int {
	mult := 1
	switch {
	case strings.HasSuffix(s, "MiB"):
		s, mult = strings.TrimSuffix(s, "MiB"), 1<<20
	case strings.HasSuffix(s, "KiB"):
		s, mult = strings.TrimSuffix(s, "KiB"), 1<<10
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		ts.Fatalf("genfile: bad size %q", s)
	}
	return n * mult
}

func unescape(ts *testscript.TestScript, s string) string {
	u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("genfile: bad escapes in %q: %v", s, err)
	}
	return u
}

// cmdOneError is `oneerror REGEXP`: the check every bad input shares, on
// the last command run. Its standard output is empty, and its standard
// error is exactly one line, which matches REGEXP and holds no stack trace
// (neither "goroutine" nor "panic").
func cmdOneError(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: oneerror REGEXP")
	}
	re, err := regexp.Compile(args[0])
	if err != nil {
		ts.Fatalf("oneerror: %v", err)
	}
	stdout, stderr := ts.ReadFile("stdout"), ts.ReadFile("stderr")
	if stdout != "" {
		ts.Fatalf("standard output is not empty:\n%.500s", stdout)
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		ts.Fatalf("a stack trace on standard error:\n%.2000s", stderr)
	}
	if n := strings.Count(stderr, "\n"); n != 1 || !strings.HasSuffix(stderr, "\n") {
		ts.Fatalf("standard error has %d lines, want one:\n%.2000s", n, stderr)
	}
	line := strings.TrimSuffix(stderr, "\n")
	if !re.MatchString(line) {
		ts.Fatalf("the error\n\t%.500s\ndoes not match\n\t%s", line, args[0])
	}
}

// TestUnreadableFiles runs the command on files it may not read: each is
// bad input (exit 2) with one line naming the file; and writing where it
// may not write leaves the old files whole. Permissions do not stop root,
// so as root there is nothing to test.
func TestUnreadableFiles(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("file permissions do not stop root (or Windows) from reading a file")
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Chdir(dir)
	locked := func(name, content string) string {
		if err := os.WriteFile(name, []byte(content), 0o000); err != nil {
			t.Fatal(err)
		}
		return name
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"advise", "--rules", locked("rules.yaml", "version: 1\n")}, "orgadvisor: rules.yaml: cannot read rules file: permission denied\n"},
		{[]string{"rules", "check", "rules.yaml"}, "orgadvisor: rules.yaml: cannot read rules file: permission denied\n"},
		{[]string{"advise", "--answers", locked("answers.yaml", "employees: 3\n")}, "orgadvisor: answers.yaml: cannot read answers file: permission denied\n"},
		{[]string{"advise", "--config", locked("config.yaml", "output: json\n"), "--employees", "3", "--product-driven"}, "orgadvisor: config.yaml: cannot read config file: permission denied\n"},
		{[]string{"batch", "--input", locked("in.jsonl", "{}\n")}, "orgadvisor: in.jsonl: cannot read input: permission denied\n"},
	}
	for _, tt := range tests {
		ios, _, out, errOut := iostreams.Test()
		if code := run(tt.args, ios); code != 2 {
			t.Errorf("%v: exit status %d, want 2", tt.args, code)
		}
		if out.Len() != 0 || errOut.String() != tt.want {
			t.Errorf("%v: stdout %q, stderr %q; want no output and %q", tt.args, out, errOut, tt.want)
		}
	}

	// A directory orgadvisor may not write to: the run fails (exit 1)
	// with one line, prints no report, and the old file stays whole.
	if err := os.Mkdir("locked", 0o755); err != nil {
		t.Fatal(err)
	}
	old := []byte("employees: 7\n")
	for _, name := range []string{"locked/saved.yaml", "locked/results.jsonl"} {
		if err := os.WriteFile(name, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod("locked", 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	if err := os.WriteFile("records.jsonl", []byte(`{"employees": 3, "product_driven": true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"advise", "--employees", "3", "--product-driven", "--save-answers", "locked/saved.yaml"}, "orgadvisor: locked/saved.yaml: cannot write: permission denied\n"},
		{[]string{"batch", "--input", "records.jsonl", "--out", "locked/results.jsonl"}, "orgadvisor: locked/results.jsonl: cannot write: permission denied\n"},
	} {
		ios, _, out, errOut := iostreams.Test()
		code := run(tt.args, ios)
		if code == 0 || out.Len() != 0 || errOut.String() != tt.want {
			t.Errorf("%v: exit status %d, stdout %q, stderr %q; want a failure, no output and %q", tt.args, code, out, errOut, tt.want)
		}
		if got, _ := os.ReadFile(tt.args[len(tt.args)-1]); string(got) != string(old) {
			t.Errorf("%v: the old file became %q", tt.args, got)
		}
	}
	if entries, _ := os.ReadDir("locked"); len(entries) != 2 {
		t.Errorf("files left in the directory: %v", entries)
	}
}
