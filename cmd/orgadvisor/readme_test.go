package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeCommand is a command line shown in one of the README's fenced
// blocks: "orgadvisor ..." or "go run ./cmd/orgadvisor ...".
var readmeCommand = regexp.MustCompile(`^(?:\$ )?(orgadvisor(?: .*)?|go run \./cmd/orgadvisor(?: .*)?)$`)

// readmeRunElsewhere are the README's commands that a script cannot run,
// each with the test that runs it instead.
var readmeRunElsewhere = map[string]string{
	"orgadvisor advise":              "TestPTY: the questionnaire at a terminal",
	"orgadvisor advise --accessible": "TestPTY: the accessible questionnaire",
	"go run ./cmd/orgadvisor advise": "the same command as `orgadvisor advise`, built by go run",
	// Globs are the shell's; a script names files one by one.
	"orgadvisor rules test testdata/cases/*.yaml":            ".ci/run, with --min-coverage 100",
	"orgadvisor rules test --coverage testdata/cases/*.yaml": ".ci/run, with --min-coverage 100",
}

// shellTail is what a script does with its own commands: a pipe, and
// redirections of standard input and output.
var shellTail = regexp.MustCompile(`\s*(\|.*|>\s*\S+|<\s*\S+)`)

// TestREADMECommandsRun keeps the README's examples from drifting: every
// command line in its fenced blocks is run, as written, by a script in
// testdata/script (or is listed in readmeRunElsewhere with the test that
// runs it).
func TestREADMECommandsRun(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob("testdata/script/*.txtar")
	var all strings.Builder
	for _, s := range scripts {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			all.WriteString(strings.Join(strings.Fields(line), " "))
			all.WriteString("\n")
		}
	}
	ran := all.String()
	inBlock, n := false, 0
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
			continue
		}
		if !inBlock {
			continue
		}
		if j := strings.Index(line, " #"); j >= 0 {
			line = line[:j]
		}
		line = strings.Join(strings.Fields(line), " ")
		m := readmeCommand.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		cmd := strings.TrimSpace(shellTail.ReplaceAllString(m[1], ""))
		if _, ok := readmeRunElsewhere[cmd]; ok {
			continue
		}
		if !strings.Contains(ran, "exec "+cmd+"\n") && !strings.Contains(ran, "exec "+cmd+" ") && !strings.Contains(ran, " "+cmd+"\n") {
			t.Errorf("README.md:%d: %q is run by no script in testdata/script", i+1, cmd)
		}
	}
	if n < 10 {
		t.Fatalf("found only %d commands in the README's fenced blocks; is the pattern still right?", n)
	}
}
