package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/prompter/ptytest"
)

// testAccessible runs the questionnaire with the accessible prompter, which
// TERM=dumb chooses: plain lines in the terminal's line mode, numbered
// options, answers typed as numbers, ids or labels.
func testAccessible(t *testing.T, bin string) {
	t.Run("questionnaire", func(t *testing.T) {
		t.Parallel()
		s := startSessionEnv(t, bin, ptytest.New(t), []string{"TERM=dumb"}, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		s.play(t,
			see("(1 of 5) How many people work here? [1-100,000] (? for help) "),
			line("?"+ptytest.Enter), see("Count contractors too."),
			line("forty"+ptytest.Enter), see(`"forty" is not a whole number; want a whole number from 1 to 100,000`),
			line("40"+ptytest.Enter),
			see("(2 of 5) Do you build software for customers? [yes/no] (? for help) "),
			line("maybe"+ptytest.Enter), see(`"maybe" is not an answer: type yes or no`),
			line("yes"+ptytest.Enter),
			see("(3 of 5) How many engineers? [0 or more] (default 0; ? for help) "), line("12"+ptytest.Enter),
			see("(4 of 5) Which stage are you at?"), see("  2. Scaling fast"), see("  3. Established"),
			see("Type a number from 1 to 3 (default 2; ? for help) "), line("established"+ptytest.Enter),
			see("(5 of 5) Which frameworks apply?"), see("  2. HIPAA"),
			see("Type numbers separated by commas, or none (default none; ? for help) "), line("1"+ptytest.Enter),
		)
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
		}
		if want := "Hire a full-time Chief Technology Officer; engage a Virtual CIO."; !strings.Contains(s.stdout(), want) {
			t.Errorf("stdout does not hold the recommendation %q:\n%s", want, s.stdout())
		}
		if raw := s.term.Raw(); strings.Contains(raw, "\x1b") {
			t.Errorf("escape sequences (cursor movement or colour) at a dumb terminal:\n%q", raw)
		}
		saved, err := os.ReadFile(filepath.Join(s.dir, "answers.yaml"))
		if err != nil || !strings.Contains(string(saved), "stage: established\ncompliance: [soc2]\n") {
			t.Errorf("saved answers (%v):\n%s", err, saved)
		}
	})

	// A required question has no default here either: Enter alone is
	// refused with the reason, and the question's last line asked again.
	t.Run("required questions have no default", func(t *testing.T) {
		t.Parallel()
		s := startSessionEnv(t, bin, ptytest.New(t), []string{"TERM=dumb"}, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		s.play(t,
			see("(1 of 5) How many people work here? [1-100,000] (? for help) "),
			line(ptytest.Enter), see("an answer is required: type a whole number"),
			see("(1 of 5) How many people work here? [1-100,000] (? for help) "),
			line("40"+ptytest.Enter),
			see("(2 of 5) Do you build software for customers? [yes/no] (? for help) "),
			line(ptytest.Enter), see("an answer is required: type yes or no"),
			see("(2 of 5) Do you build software for customers? [yes/no] (? for help) "),
			line("no"+ptytest.Enter),
			// The optional questions keep their defaults on Enter.
			see("(3 of 4) Which stage are you at?"), see("Type a number from 1 to 3 (default 2; ? for help) "),
			line(ptytest.Enter),
			see("(4 of 4) Which frameworks apply?"), see("(default none; ? for help) "), line(ptytest.Enter),
		)
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
		}
		if strings.Contains(s.term.Raw(), "[yes/no] (default") {
			t.Errorf("a required yes/no question shows a default:\n%s", s.term.Dump())
		}
		saved, err := os.ReadFile(filepath.Join(s.dir, "answers.yaml"))
		if err != nil || !strings.Contains(string(saved), "employees: 40\nproduct_driven: false\nstage: scaling\ncompliance: []\n") {
			t.Errorf("saved answers (%v):\n%s", err, saved)
		}
	})

	// Every way to ask for it: a flag, a variable, the config file; and
	// --accessible=false overrides TERM=dumb.
	for _, tt := range []struct {
		name  string
		env   []string
		args  []string
		plain bool
	}{
		{"flag", nil, []string{"--accessible"}, true},
		{"variable", []string{"ORGADVISOR_ACCESSIBLE=1"}, nil, true},
		{"config file", []string{"ORGADVISOR_CONFIG=accessible.yaml"}, nil, true},
		{"turned off at a dumb terminal", []string{"TERM=dumb"}, []string{"--accessible=false"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"advise", "--rules", "rules.yaml"}, tt.args...)
			// The config file is written before the command starts, which
			// reads it at once.
			cfgDir := t.TempDir()
			if err := os.WriteFile(filepath.Join(cfgDir, "accessible.yaml"), []byte("accessible: true\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			env := slices.Clone(tt.env)
			for i, e := range env {
				if name, ok := strings.CutPrefix(e, "ORGADVISOR_CONFIG="); ok {
					env[i] = "ORGADVISOR_CONFIG=" + filepath.Join(cfgDir, name)
				}
			}
			s := startSessionEnv(t, bin, ptytest.New(t), env, args...)
			if tt.plain {
				s.play(t, see("(1 of 5) How many people work here? [1-100,000] (? for help) "), line(ptytest.CtrlC))
			} else {
				s.play(t, see("? (1 of 5) How many people work here?"), typ(ptytest.CtrlC))
			}
			if code := s.wait(t); code != 130 {
				t.Fatalf("exit status %d, want 130\n%s", code, s.term.Dump())
			}
			if strings.Contains(s.term.Raw(), "orgadvisor:") || s.stdout() != "" {
				t.Errorf("Ctrl-C printed an error or output:\n%s\nstdout %q", s.term.Dump(), s.stdout())
			}
		})
	}

	// Ctrl-D at the start of a line ends the input: a request to stop.
	t.Run("ctrl-d", func(t *testing.T) {
		t.Parallel()
		s := startSessionEnv(t, bin, ptytest.New(t), []string{"TERM=dumb"}, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		s.play(t, see("(1 of 5) How many people work here?"), line("40"+ptytest.Enter),
			see("(2 of 5) Do you build software"), line(ptytest.CtrlD))
		if code := s.wait(t); code != 130 {
			t.Fatalf("exit status %d, want 130\n%s", code, s.term.Dump())
		}
		if _, err := os.Stat(filepath.Join(s.dir, "answers.yaml")); err == nil {
			t.Error("an interrupted run saved its answers")
		}
	})
}

// longArgs prints more than the 40 rows of the test terminal.
var longArgs = []string{"roles", "--rules", "rules.yaml", "cto"}

// testPager runs long output at a terminal through the pager.
func testPager(t *testing.T, bin string) {
	sedPager := "sed -e 's/^/paged: /'"
	tests := []struct {
		name    string
		env     []string
		args    []string
		paged   bool
		warning string
	}{
		{"ORGADVISOR_PAGER", []string{"ORGADVISOR_PAGER=" + sedPager}, nil, true, ""},
		{"PAGER", []string{"PAGER=" + sedPager}, nil, true, ""},
		{"--pager", nil, []string{"--pager", sedPager}, true, ""},
		{"config file", []string{"ORGADVISOR_CONFIG=pager.yaml"}, nil, true, ""},
		{"--no-pager", []string{"PAGER=" + sedPager}, []string{"--no-pager"}, false, ""},
		{"ORGADVISOR_NO_PAGER", []string{"PAGER=" + sedPager, "ORGADVISOR_NO_PAGER=true"}, nil, false, ""},
		{"ORGADVISOR_PAGER=cat", []string{"PAGER=" + sedPager, "ORGADVISOR_PAGER=cat"}, nil, false, ""},
		{"short output", []string{"ORGADVISOR_PAGER=" + sedPager}, []string{"-o", "json", "--jq", ".schema"}, false, ""},
		// less cannot draw on a dumb terminal: no default pager there.
		{"dumb terminal", []string{"PAGER=", "TERM=dumb"}, nil, false, ""},
		{"dumb terminal, pager named", []string{"PAGER=" + sedPager, "TERM=dumb"}, nil, true, ""},
		// A pager that quits at once: no error, exit 0.
		{"pager quits early", []string{"ORGADVISOR_PAGER=head -n 1"}, nil, false, ""},
		{"missing pager", []string{"ORGADVISOR_PAGER=orgadvisor-no-such-pager"}, nil, false,
			`orgadvisor: warning: cannot start the pager "orgadvisor-no-such-pager" (set by ORGADVISOR_PAGER): exec: "orgadvisor-no-such-pager": executable file not found in $PATH; writing directly`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The config file is written before the command starts, which
			// may read it at once.
			cfgDir := t.TempDir()
			if err := os.WriteFile(filepath.Join(cfgDir, "pager.yaml"), []byte("pager: \""+sedPager+"\"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			env := slices.Clone(tt.env)
			for i, e := range env {
				if name, ok := strings.CutPrefix(e, "ORGADVISOR_CONFIG="); ok {
					env[i] = "ORGADVISOR_CONFIG=" + filepath.Join(cfgDir, name)
				}
			}
			s := startSessionEnv(t, bin, ptytest.New(t), env, append(longArgs, tt.args...)...)
			if code := s.wait(t); code != 0 {
				t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
			}
			out := s.stdout()
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if paged := strings.HasPrefix(out, "paged: "); paged != tt.paged {
				t.Errorf("paged %v, want %v:\n%.500s", paged, tt.paged, out)
			}
			if tt.paged && (len(lines) < 40 || !strings.HasPrefix(lines[len(lines)-1], "paged: ")) {
				t.Errorf("not every line went through the pager:\n%s", out)
			}
			if tt.name == "pager quits early" && len(lines) != 1 {
				t.Errorf("shown %d lines, want the pager's one:\n%s", len(lines), out)
			}
			if tt.name == "missing pager" && len(lines) < 40 {
				t.Errorf("the output was not written directly:\n%s", out)
			}
			if got := strings.TrimSpace(strings.ReplaceAll(s.term.Raw(), "\r\n", "\n")); got != tt.warning {
				t.Errorf("standard error %q, want %q", got, tt.warning)
			}
		})
	}

	// The default pager, less, when installed: the first screen, then q.
	t.Run("less", func(t *testing.T) {
		t.Parallel()
		if _, err := exec.LookPath("less"); err != nil {
			t.Skip("less is not installed")
		}
		s := startSessionEnv(t, bin, ptytest.New(t), []string{"PAGER="}, longArgs...)
		s.play(t, typ("q"))
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
		}
		if out := s.stdout(); !strings.Contains(out, "Chief Technology Officer") {
			t.Errorf("less did not show the output:\n%.500q", out)
		}
	})
}

// testConventions checks what only a terminal shows: colour and its
// conventions, and help wrapped to the terminal's width (120 columns).
func testConventions(t *testing.T, bin string) {
	for _, tt := range []struct {
		env    []string
		colour bool
	}{
		{[]string{"NO_COLOR="}, true},
		{[]string{"NO_COLOR=", "TERM=dumb"}, false},
		{[]string{"NO_COLOR=", "CLICOLOR=0"}, false},
		{[]string{"NO_COLOR=1"}, false},
	} {
		t.Run(strings.Join(tt.env, " "), func(t *testing.T) {
			t.Parallel()
			s := startSessionEnv(t, bin, ptytest.New(t), tt.env, "roles", "--rules", "rules.yaml", "cto")
			if code := s.wait(t); code != 0 {
				t.Fatalf("exit status %d\n%s", code, s.term.Dump())
			}
			if got := strings.Contains(s.stdout(), "\x1b["); got != tt.colour {
				t.Errorf("colour %v, want %v:\n%.300q", got, tt.colour, s.stdout())
			}
		})
	}

	t.Run("help width", func(t *testing.T) {
		t.Parallel()
		s := startSession(t, bin, "advise", "--rules", "rules.yaml", "--help")
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d\n%s", code, s.term.Dump())
		}
		widest := 0
		for _, l := range strings.Split(s.stdout(), "\n") {
			widest = max(widest, len(l))
		}
		// Wider than the 80 columns of a pipe, within the terminal's 120.
		if widest <= 80 || widest > 120 {
			t.Errorf("the widest line of help is %d columns at a terminal of 120:\n%s", widest, s.stdout())
		}
	})
}
