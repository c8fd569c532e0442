package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

var update = flag.Bool("update", false, "rewrite the cmp files of failing scripts with the actual output")

// TestMain lets the test binary run as orgadvisor itself, so the scripts
// run the real command, main and exit codes included.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"orgadvisor": main,
	})
}

// TestScript runs testdata/script/*.txtar: each script runs the command as
// a user would and checks its output and exit status. testscript gives each
// script a clean environment; XDG_CONFIG_HOME points into its work
// directory so no real configuration is read.
func TestScript(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			cfg := filepath.Join(env.WorkDir, ".config")
			env.Setenv("XDG_CONFIG_HOME", cfg)
			env.Setenv("HOME", env.WorkDir)
			// A binary built with -race sleeps a second at exit unless
			// told not to; every script runs it dozens of times.
			env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			return os.MkdirAll(cfg, 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
			"fits":     cmdFits,
			// The catalogue of bad inputs' commands (hardening_test.go).
			"genfile":  cmdGenFile,
			"oneerror": cmdOneError,
			// The scripts of serve (http_test.go).
			"freeport": cmdFreePort,
			"http":     cmdHTTP,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "race" {
				return raceEnabled, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
	})
}

// cmdFits is the script command `fits LINES COLUMNS FILE`: FILE (stdout,
// say) has at most LINES lines, none wider than COLUMNS in a terminal
// (wide characters and emoji count two), but for a line that holds one
// address alone from the margin, which the report never breaks. With !, it is the
// reverse: the text is longer or wider.
func cmdFits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: fits LINES COLUMNS FILE")
	}
	maxLines, err1 := strconv.Atoi(args[0])
	maxCols, err2 := strconv.Atoi(args[1])
	if err1 != nil || err2 != nil {
		ts.Fatalf("fits: LINES and COLUMNS are numbers")
	}
	lines := strings.Split(strings.TrimSuffix(ts.ReadFile(args[2]), "\n"), "\n")
	var problems []string
	if len(lines) > maxLines {
		problems = append(problems, fmt.Sprintf("%d lines, over %d", len(lines), maxLines))
	}
	for i, l := range lines {
		if text.IsAddress(l) && !strings.Contains(l, " ") {
			continue
		}
		if w := text.Width(l); w > maxCols {
			problems = append(problems, fmt.Sprintf("line %d is %d columns wide, over %d: %q", i+1, w, maxCols, l))
		}
	}
	switch {
	case neg && len(problems) == 0:
		ts.Fatalf("%s fits in %d lines of %d columns", args[2], maxLines, maxCols)
	case !neg && len(problems) > 0:
		ts.Fatalf("%s does not fit:\n%s", args[2], strings.Join(problems, "\n"))
	}
}

// cmdExitCode is the script command `exitcode CODE PROGRAM [ARGS...]`: it
// runs the program like exec and checks its exact exit status, which exec
// alone cannot (`! exec` accepts any failure).
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
