package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/orgadvisor/orgadvisor/internal/prompter/ptytest"
)

// ptyRules is a small rules file with every kind of prompt and an ask_if,
// so the questionnaire below is exact whatever the default rules say.
const ptyRules = `version: 1
sources:
  s1: {title: A source, ref: https://example.com/source}
questions:
  - id: employees
    type: int
    prompt: How many people work here?
    help: Count contractors too.
    min: 1
    max: 100000
    required: true
  - id: product_driven
    type: bool
    prompt: Do you build software for customers?
    help: Platforms, apps, devices.
    required: true
  - id: engineers
    type: int
    prompt: How many engineers?
    help: Developers and operators.
    min: 0
    default: 0
    ask_if: product_driven
  - id: stage
    type: choice
    prompt: Which stage are you at?
    help: Where the company is.
    options:
      - {id: early, label: Early days}
      - {id: scaling, label: Scaling fast}
      - {id: established, label: Established}
    default: scaling
  - id: compliance
    type: multi
    prompt: Which frameworks apply?
    help: Regulation and audits.
    options:
      - {id: soc2, label: SOC 2}
      - {id: hipaa, label: HIPAA}
roles:
  - id: cto
    title: Chief Technology Officer
    fractional_title: Virtual CTO
    label: cto
    fractional_label: vcto
  - id: cio
    title: Chief Information Officer
    fractional_title: Virtual CIO
    label: cio
    fractional_label: vcio
rules:
  - id: builds
    description: Builds software for customers.
    when: product_driven and engineers >= 10
    add: {cto: 5}
    sources: [s1]
  - id: audited
    description: Audited.
    when: "'soc2' in compliance and employees >= 20 and stage != 'early'"
    add: {cio: 2}
    sources: [s1]
decide:
  cto:
    - when: score >= 5
      level: full-time
      because: Much technology.
    - level: none
      because: Little technology.
  cio:
    - when: score >= 2
      level: fractional
      because: Some IT.
    - level: none
      because: Little IT.
`

// TestPTY runs the real binary in pseudo-terminals, as a person at a
// terminal would: standard input and error on one terminal, where the
// prompts are drawn and answered, and standard output on another, so the
// tests also see that prompts never reach standard output.
func TestPTY(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skipf("no pseudo-terminals on this machine (%v)", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is needed to build orgadvisor: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "orgadvisor")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("questionnaire", func(t *testing.T) {
		t.Parallel()
		s := startSession(t, bin, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		s.play(t,
			// The engineers question may be asked until the second is
			// answered: 5 in all.
			// Numbers as people read them: the hint and the reasons
			// separate thousands, and an answer may too (1,200), though
			// not with a dot, which some read as a decimal point.
			see("(1 of 5) How many people work here? [1-100,000]"),
			typ("?"+ptytest.Enter), see("Count contractors too."),
			typ("forty"+ptytest.Enter), see(`"forty" is not a whole number; want a whole number from 1 to 100,000`),
			typ("0"+ptytest.Enter), see("0 is out of range; want a whole number from 1 to 100,000"),
			typ("1.200"+ptytest.Enter), see(`"1.200" is not a whole number; separate thousands with commas (1,200) or not at all (1200)`),
			typ("1,200"+ptytest.Enter),
			see("(2 of 5) Do you build software for customers?"), typ("y"+ptytest.Enter),
			see("(3 of 5) How many engineers? [0 or more]"), see("(0)"), typ("12"+ptytest.Enter),
			// The default (Scaling fast) is pre-selected: one down is Established.
			see("(4 of 5) Which stage are you at?"), see("Established"), typ(ptytest.ArrowDown+ptytest.Enter),
			see("(5 of 5) Which frameworks apply?"), see("HIPAA"), typ(ptytest.Space+ptytest.Enter),
		)
		code := s.wait(t)
		if code != 0 {
			t.Fatalf("exit status %d, want 0\nstdout:\n%s\n%s", code, s.stdout(), s.term.Dump())
		}
		if want := "Hire a full-time Chief Technology Officer; engage a Virtual CIO."; !strings.Contains(s.stdout(), want) {
			t.Errorf("stdout does not hold the recommendation %q:\n%s", want, s.stdout())
		}
		if strings.Contains(s.stdout(), "How many") || strings.Contains(s.stdout(), "\x1b[6n") {
			t.Errorf("prompts reached standard output:\n%q", s.stdout())
		}
		saved, err := os.ReadFile(filepath.Join(s.dir, "answers.yaml"))
		if err != nil {
			t.Fatalf("--save-answers: %v", err)
		}
		var lines []string
		for _, l := range strings.Split(string(saved), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				lines = append(lines, l)
			}
		}
		want := []string{"employees: 1200", "product_driven: true", "engineers: 12", "stage: established", "compliance: [soc2]"}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("saved answers:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
	})

	// A required question has no default here either, as with --no-input
	// and on the web form: Enter alone is refused with the reason, and the
	// question asked again.
	t.Run("required questions have no default", func(t *testing.T) {
		t.Parallel()
		s := startSession(t, bin, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		s.play(t,
			see("(1 of 5) How many people work here? [1-100,000]"),
			typ(ptytest.Enter), see("an answer is required: type a whole number"),
			typ("40"+ptytest.Enter),
			see("(2 of 5) Do you build software for customers? (y/n)"),
			typ(ptytest.Enter), see("an answer is required: type yes or no"),
			typ("n"+ptytest.Enter),
			// No: the engineers question is ruled out. The optional
			// questions keep their defaults on Enter.
			see("(3 of 4) Which stage are you at?"), see("Established"), typ(ptytest.Enter),
			see("(4 of 4) Which frameworks apply?"), see("HIPAA"), typ(ptytest.Enter),
		)
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
		}
		if raw := s.term.Raw(); strings.Contains(raw, "(y/N)") || strings.Contains(raw, "(Y/n)") {
			t.Errorf("a required yes/no question shows a default:\n%s", s.term.Dump())
		}
		saved, err := os.ReadFile(filepath.Join(s.dir, "answers.yaml"))
		if err != nil || !strings.Contains(string(saved), "employees: 40\nproduct_driven: false\nstage: scaling\ncompliance: []\n") {
			t.Errorf("saved answers (%v):\n%s", err, saved)
		}
	})

	t.Run("answers given are not asked", func(t *testing.T) {
		t.Parallel()
		s := startSession(t, bin, "advise", "--rules", "rules.yaml", "--employees", "5", "--product-driven=false", "--compliance", "hipaa")
		s.play(t,
			// Only the stage is left: engineers does not apply.
			see("(1 of 1) Which stage are you at?"), typ(ptytest.ArrowUp+ptytest.Enter),
		)
		if code := s.wait(t); code != 0 {
			t.Fatalf("exit status %d, want 0\n%s", code, s.term.Dump())
		}
		if want := "No technology executive is needed now."; !strings.Contains(s.stdout(), want) {
			t.Errorf("stdout does not hold the recommendation %q:\n%s", want, s.stdout())
		}
		for _, q := range []string{"How many people", "Do you build", "How many engineers", "Which frameworks"} {
			if strings.Contains(s.term.Raw(), q) {
				t.Errorf("%q was asked although it was answered or does not apply", q)
			}
		}
	})

	for _, key := range []struct{ name, keys string }{{"ctrl-c", ptytest.CtrlC}, {"ctrl-d", ptytest.CtrlD}} {
		t.Run("interrupt with "+key.name, func(t *testing.T) {
			t.Parallel()
			s := startSession(t, bin, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
			// An existing file must survive an interrupted run untouched.
			old := []byte("employees: 7\nproduct_driven: false\n")
			if err := os.WriteFile(filepath.Join(s.dir, "answers.yaml"), old, 0o644); err != nil {
				t.Fatal(err)
			}
			s.play(t,
				see("(1 of 5) How many people work here?"), typ("40"+ptytest.Enter),
				see("(2 of 5) Do you build software for customers?"), typ(key.keys),
			)
			if code := s.wait(t); code != 130 {
				t.Fatalf("exit status %d, want 130\n%s", code, s.term.Dump())
			}
			if got := s.stdout(); got != "" {
				t.Errorf("stdout = %q, want nothing", got)
			}
			if got, _ := os.ReadFile(filepath.Join(s.dir, "answers.yaml")); !bytes.Equal(got, old) {
				t.Errorf("--save-answers file changed to %q", got)
			}
			if strings.Contains(s.term.Raw(), "orgadvisor:") {
				t.Errorf("an interruption printed an error:\n%s", s.term.Dump())
			}
			entries, _ := os.ReadDir(s.dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if strings.Join(names, " ") != "answers.yaml rules.yaml" {
				t.Errorf("files after the interrupted run: %v, want answers.yaml rules.yaml", names)
			}
		})
	}

	t.Run("closed stdin", func(t *testing.T) {
		t.Parallel()
		// Standard error and output are terminals but standard input is
		// not (it is at its end): nothing can be asked, so the missing
		// required answers are an error, exit 2, and nothing is saved.
		s := startSessionStdin(t, bin, nil, "advise", "--rules", "rules.yaml", "--save-answers", "answers.yaml")
		if code := s.wait(t); code != 2 {
			t.Fatalf("exit status %d, want 2\n%s", code, s.term.Dump())
		}
		raw := s.term.Raw()
		if !strings.Contains(raw, "`--employees`") || !strings.Contains(raw, "`--product-driven`") {
			t.Errorf("the error does not name both missing flags:\n%s", s.term.Dump())
		}
		if strings.Contains(raw, "How many") {
			t.Errorf("a prompt was shown without a terminal to answer it")
		}
		if got := s.stdout(); got != "" {
			t.Errorf("stdout = %q, want nothing", got)
		}
		if _, err := os.Stat(filepath.Join(s.dir, "answers.yaml")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("--save-answers file written (%v)", err)
		}
	})

	// terminal_pty_test.go
	t.Run("accessible", func(t *testing.T) { t.Parallel(); testAccessible(t, bin) })
	t.Run("pager", func(t *testing.T) { t.Parallel(); testPager(t, bin) })
	t.Run("conventions", func(t *testing.T) { t.Parallel(); testConventions(t, bin) })
}

// step is what the person at the terminal does: wait to see text, or
// type, at a prompt that reads keys (typ) or whole lines (line).
type step struct {
	expect, send string
	lineMode     bool
}

func see(s string) step  { return step{expect: s} }
func typ(s string) step  { return step{send: s} }
func line(s string) step { return step{send: s, lineMode: true} }

// session is orgadvisor running in a work directory holding rules.yaml,
// with standard input and error on term and standard output on a second
// terminal whose output is collected.
type session struct {
	dir  string
	cmd  *exec.Cmd
	term *ptytest.Terminal

	outMu   sync.Mutex
	out     bytes.Buffer
	outDone chan struct{}
}

func startSession(t *testing.T, bin string, args ...string) *session {
	t.Helper()
	return startSessionStdin(t, bin, ptytest.New(t), args...)
}

// startSessionStdin starts orgadvisor with args. When term is nil standard
// input is /dev/null and standard error goes to a new terminal.
func startSessionStdin(t *testing.T, bin string, term *ptytest.Terminal, args ...string) *session {
	t.Helper()
	return startSessionEnv(t, bin, term, nil, args...)
}

// startSessionEnv is startSessionStdin with env added to (and overriding)
// the session's environment.
func startSessionEnv(t *testing.T, bin string, term *ptytest.Terminal, env []string, args ...string) *session {
	t.Helper()
	s := &session{dir: t.TempDir(), term: term, outDone: make(chan struct{})}
	if err := os.WriteFile(filepath.Join(s.dir, "rules.yaml"), []byte(ptyRules), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin := (*os.File)(nil)
	if s.term == nil {
		s.term = ptytest.New(t)
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		stdin = f
	} else {
		stdin = s.term.Tty()
	}
	outPTY, outTTY, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal for standard output: %v", err)
	}
	t.Cleanup(func() { outPTY.Close() })
	_ = pty.Setsize(outTTY, &pty.Winsize{Cols: 120, Rows: 40})
	go func() {
		defer close(s.outDone)
		buf := make([]byte, 4096)
		for {
			n, err := outPTY.Read(buf)
			s.outMu.Lock()
			s.out.Write(buf[:n])
			s.outMu.Unlock()
			if err != nil {
				return
			}
		}
	}()

	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = s.dir
	s.cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + s.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(s.dir, ".config"),
		"TERM=xterm-256color",
		"NO_COLOR=1",
		// Output at a terminal is not paged unless a test asks for it.
		"PAGER=cat",
	}
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = stdin, outTTY, s.term.Tty()
	if stdin == s.term.Tty() {
		// The terminal is the session's controlling terminal, as in a shell.
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting orgadvisor: %v", err)
	}
	outTTY.Close() // the child holds its own copy
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_, _ = s.cmd.Process.Wait()
		}
	})
	return s
}

// play performs the steps, failing the test (and stopping the program) at
// the first one that cannot be done.
func (s *session) play(t *testing.T, steps ...step) {
	t.Helper()
	for _, st := range steps {
		var err error
		switch {
		case st.expect != "":
			err = s.term.Expect(st.expect)
		case st.lineMode:
			err = s.term.SendLine(st.send)
		default:
			err = s.term.Send(st.send)
		}
		if err != nil {
			_ = s.cmd.Process.Kill()
			t.Fatal(err)
		}
	}
}

// wait lets the program finish, reading its terminal meanwhile (survey asks
// the terminal where the cursor is), and returns its exit status.
func (s *session) wait(t *testing.T) int {
	t.Helper()
	eof := make(chan error, 1)
	go func() {
		_, err := s.term.ExpectEOF()
		eof <- err
	}()
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(ptytest.Timeout):
		_ = s.cmd.Process.Kill()
		<-exited
		t.Fatalf("orgadvisor did not exit\n%s", s.term.Dump())
	}
	s.term.Tty().Close() // the last holder of the terminal: its output ends
	if err := <-eof; err != nil {
		t.Error(err)
	}
	<-s.outDone
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("waiting for orgadvisor: %v", err)
	return -1
}

// stdout is what the program wrote to standard output, terminal line ends
// turned back into \n.
func (s *session) stdout() string {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	return strings.ReplaceAll(s.out.String(), "\r\n", "\n")
}
