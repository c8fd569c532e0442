package prompter_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/prompter"
	"github.com/orgadvisor/orgadvisor/internal/prompter/ptytest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// options makes options whose ids are their labels in lower case.
func options(labels ...string) []rules.Option {
	out := make([]rules.Option, len(labels))
	for i, l := range labels {
		out[i] = rules.Option{ID: strings.ToLower(strings.ReplaceAll(l, " ", "")), Label: l}
	}
	return out
}

// step is one thing the user does: wait for text, type keys, or look at
// the screen.
type step struct {
	expect, send string
	snap         *string
}

func see(s string) step      { return step{expect: s} }
func typ(s string) step      { return step{send: s} }
func snap(into *string) step { return step{snap: into} }

// run asks with a survey prompter on a real pseudo-terminal while the user
// plays steps, and returns what ask returned.
func run(t *testing.T, steps []step, ask func(advisor.Prompter) (any, error)) (any, error) {
	t.Helper()
	v, _, err := runScreen(t, steps, ask)
	return v, err
}

// runScreen is run that also returns the screen as the prompt left it.
func runScreen(t *testing.T, steps []step, ask func(advisor.Prompter) (any, error)) (any, string, error) {
	t.Helper()
	tm := ptytest.New(t)
	ios := &iostreams.IOStreams{In: tm.Tty(), Out: tm.Tty(), ErrOut: tm.Tty()}
	ios.SetTTY(true, true, true)
	ios.SetColorDisabled(true)
	p := prompter.New(ios)

	type result struct {
		v   any
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := ask(p)
		done <- result{v, err}
	}()
	for _, s := range steps {
		var err error
		switch {
		case s.snap != nil:
			*s.snap = tm.Screen()
		case s.expect != "":
			err = tm.Expect(s.expect)
		default:
			err = tm.Send(s.send)
		}
		if err != nil {
			// The prompt may stay blocked reading the terminal: it is left
			// behind, as the test has failed.
			t.Fatal(err)
		}
	}
	// Keep reading, so the emulator answers survey's cursor queries, until
	// the prompt returns and the terminal closes.
	eof := make(chan error, 1)
	go func() {
		_, err := tm.ExpectEOF()
		eof <- err
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(ptytest.Timeout):
		t.Fatalf("the prompt did not return after the last key\n%s", tm.Dump())
	}
	tm.Tty().Close()
	if err := <-eof; err != nil {
		t.Fatal(err)
	}
	return r.v, tm.Screen(), r.err
}

func TestConfirm(t *testing.T) {
	tests := []struct {
		name  string
		keys  string
		def   bool
		shown string
		want  bool
	}{
		{"yes", "y", false, "(y/N)", true},
		{"no", "n", true, "(Y/n)", false},
		{"enter takes the default", "", true, "(Y/n)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := run(t, []step{see("Build software?"), see(tt.shown), typ(tt.keys + ptytest.Enter)}, func(p advisor.Prompter) (any, error) {
				return p.Confirm("Build software?", "Help.", new(tt.def))
			})
			if err != nil || v != tt.want {
				t.Errorf("Confirm = %v, %v; want %v, nil", v, err, tt.want)
			}
		})
	}
}

// TestConfirmWithoutDefault checks a yes/no question that has no default
// (a required one): it shows no default, Enter alone re-asks with the
// reason, help still shows on ?, and once answered the reasons are gone and
// the answer reads as a Confirm's.
func TestConfirmWithoutDefault(t *testing.T) {
	for _, tt := range []struct {
		keys string
		want bool
		word string
	}{{"y", true, "Yes"}, {"No", false, "No"}} {
		t.Run(tt.word, func(t *testing.T) {
			var asked string
			v, screen, err := runScreen(t, []step{
				see("Build software? (y/n) [? for help]"), snap(&asked),
				typ(ptytest.Enter), see("an answer is required: type yes or no"),
				typ("?" + ptytest.Enter), see("Platforms, apps."),
				typ("maybe" + ptytest.Enter), see(`"maybe" is not an answer: type yes or no`),
				typ(tt.keys + ptytest.Enter),
			}, func(p advisor.Prompter) (any, error) {
				return p.Confirm("Build software?", "Platforms, apps.", nil)
			})
			if err != nil || v != tt.want {
				t.Fatalf("Confirm = %v, %v; want %v, nil", v, err, tt.want)
			}
			if strings.Contains(asked, "y/N") || strings.Contains(asked, "Y/n") {
				t.Errorf("a default is shown:\n%s", asked)
			}
			if strings.Contains(screen, "required") || strings.Contains(screen, "is not an answer") || strings.Split(screen, "\n")[0] != "? Build software? "+tt.word {
				t.Errorf("screen after the answer:\n%s", screen)
			}
		})
	}
}

func TestInputShowsHelpAndReasksWithReason(t *testing.T) {
	validate := func(s string) error {
		if s != "40" {
			return errors.New(`"` + s + `" is not forty`)
		}
		return nil
	}
	v, err := run(t, []step{
		see("How many people?"), see("[? for help]"), see("(7)"),
		typ("?" + ptytest.Enter), see("Count everyone."),
		typ("abc" + ptytest.Enter), see(`"abc" is not forty`),
		typ(ptytest.Enter), see(`"7" is not forty`), // Enter takes the default, which is validated too
		typ("40" + ptytest.Enter),
	}, func(p advisor.Prompter) (any, error) {
		return p.Input("How many people?", "Count everyone.", "7", validate)
	})
	if err != nil || v != "40" {
		t.Errorf("Input = %q, %v; want 40, nil", v, err)
	}
}

func TestSelectPreselectsDefault(t *testing.T) {
	opts := options("Early", "Scaling", "Established")
	tests := []struct {
		name string
		keys string
		want int
	}{
		{"enter takes the default", ptytest.Enter, 1},
		{"down moves from the default", ptytest.ArrowDown + ptytest.Enter, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := run(t, []step{see("Established"), typ(tt.keys)}, func(p advisor.Prompter) (any, error) {
				return p.Select("Stage?", "Where you are.", opts, 1)
			})
			if err != nil || v != tt.want {
				t.Errorf("Select = %v, %v; want %d, nil", v, err, tt.want)
			}
		})
	}
}

func TestMultiSelectPreselectsDefaults(t *testing.T) {
	opts := options("SOC 2", "HIPAA", "PCI DSS")
	tests := []struct {
		name string
		keys string
		want []int
	}{
		{"enter keeps the defaults", ptytest.Enter, []int{0, 2}},
		// The cursor starts on the first option: untick it, tick HIPAA.
		{"space toggles", ptytest.Space + ptytest.ArrowDown + ptytest.Space + ptytest.Enter, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := run(t, []step{see("PCI DSS"), typ(tt.keys)}, func(p advisor.Prompter) (any, error) {
				return p.MultiSelect("Frameworks?", "Compliance.", opts, []int{0, 2})
			})
			if err != nil || !reflect.DeepEqual(v, tt.want) {
				t.Errorf("MultiSelect = %v, %v; want %v, nil", v, err, tt.want)
			}
		})
	}
}

func TestInterruptCancels(t *testing.T) {
	prompts := map[string]func(advisor.Prompter) (any, error){
		"confirm":                 func(p advisor.Prompter) (any, error) { return p.Confirm("Q?", "", new(false)) },
		"confirm without default": func(p advisor.Prompter) (any, error) { return p.Confirm("Q?", "", nil) },
		"input":                   func(p advisor.Prompter) (any, error) { return p.Input("Q?", "", "", nil) },
		"select": func(p advisor.Prompter) (any, error) {
			return p.Select("Q?", "", options("a", "b"), 0)
		},
		"multiselect": func(p advisor.Prompter) (any, error) {
			return p.MultiSelect("Q?", "", options("a", "b"), nil)
		},
	}
	for name, ask := range prompts {
		for key, keys := range map[string]string{"ctrl-c": ptytest.CtrlC, "ctrl-d": ptytest.CtrlD} {
			t.Run(name+" "+key, func(t *testing.T) {
				_, err := run(t, []step{see("Q?"), typ("x" + keys)}, ask)
				if !errors.Is(err, cmdutil.ErrCancel) {
					t.Errorf("error = %v, want ErrCancel", err)
				}
				if errors.Is(err, advisor.ErrInputClosed) {
					t.Errorf("a key press must not look like closed input")
				}
			})
		}
	}
}

func TestNotATerminal(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	_, err := prompter.New(ios).Confirm("Q?", "", nil)
	if err == nil || !strings.Contains(err.Error(), "cannot prompt") {
		t.Errorf("error = %v, want a cannot-prompt error", err)
	}
}

// TestClosedInput checks that input that ends (not a key press) is
// reported as advisor.ErrInputClosed, which Ask turns into exit 2 or 130.
func TestClosedInput(t *testing.T) {
	prompts := map[string]func(advisor.Prompter) (any, error){
		"confirm":                 func(p advisor.Prompter) (any, error) { return p.Confirm("Q?", "", new(false)) },
		"confirm without default": func(p advisor.Prompter) (any, error) { return p.Confirm("Q?", "", nil) },
		"input":                   func(p advisor.Prompter) (any, error) { return p.Input("Q?", "", "", nil) },
		"select": func(p advisor.Prompter) (any, error) {
			return p.Select("Q?", "", options("a", "b"), 0)
		},
		"multiselect": func(p advisor.Prompter) (any, error) {
			return p.MultiSelect("Q?", "", options("a", "b"), nil)
		},
	}
	for name, ask := range prompts {
		t.Run(name, func(t *testing.T) {
			in, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			w.Close() // the input ends at once
			out, err := os.Create(filepath.Join(t.TempDir(), "screen"))
			if err != nil {
				t.Fatal(err)
			}
			defer out.Close()
			ios := &iostreams.IOStreams{In: in, Out: out, ErrOut: out}
			ios.SetTTY(true, true, true)
			ios.SetColorDisabled(true)
			_, err = ask(prompter.New(ios))
			if !errors.Is(err, advisor.ErrInputClosed) {
				t.Errorf("error = %v, want ErrInputClosed", err)
			}
			screen, _ := os.ReadFile(out.Name())
			if !strings.Contains(string(screen), "Q?") {
				t.Errorf("the prompt was not drawn on standard error: %q", screen)
			}
		})
	}
}

func TestPromptsGoToStderr(t *testing.T) {
	tm := ptytest.New(t)
	stdout, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	ios := &iostreams.IOStreams{In: tm.Tty(), Out: stdout, ErrOut: tm.Tty()}
	ios.SetTTY(true, true, true)
	ios.SetColorDisabled(true)
	p := prompter.New(ios)
	done := make(chan error, 1)
	go func() {
		_, err := p.Confirm("Shown on stderr?", "", nil)
		done <- err
	}()
	if err := tm.Expect("Shown on stderr?"); err != nil {
		t.Fatal(err)
	}
	if err := tm.Send("y" + ptytest.Enter); err != nil {
		t.Fatal(err)
	}
	go tm.ExpectEOF() // answer survey's cursor queries
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Confirm: %v", err)
		}
	case <-time.After(ptytest.Timeout):
		t.Fatalf("the prompt did not return\n%s", tm.Dump())
	}
	if b, _ := os.ReadFile(stdout.Name()); len(b) != 0 {
		t.Errorf("the prompt wrote to standard output: %q", b)
	}
}

// screenAfter asks with a survey prompter while the user plays steps, and
// returns the screen once the prompt has returned.
func screenAfter(t *testing.T, steps []step, ask func(advisor.Prompter) (any, error)) (string, any) {
	t.Helper()
	v, screen, err := runScreen(t, steps, ask)
	if err != nil {
		t.Fatal(err)
	}
	return screen, v
}

// TestRefusedAnswersLeaveNoTrace checks that the reasons for re-asking are
// gone once a valid answer is given: the answer replaces them.
func TestRefusedAnswersLeaveNoTrace(t *testing.T) {
	validate := func(s string) error {
		if s != "40" {
			return errors.New(`"` + s + `" is not forty`)
		}
		return nil
	}
	screen, v := screenAfter(t, []step{
		see("How many people?"), typ("abc" + ptytest.Enter), see(`"abc" is not forty`),
		typ("xyz" + ptytest.Enter), see(`"xyz" is not forty`),
		typ("40" + ptytest.Enter),
	}, func(p advisor.Prompter) (any, error) {
		return p.Input("How many people?", "", "", validate)
	})
	if v != "40" {
		t.Errorf("Input = %v, want 40", v)
	}
	if strings.Contains(screen, "is not forty") {
		t.Errorf("a refused answer's reason is still on the screen:\n%s", screen)
	}
	if !strings.HasPrefix(screen, "? How many people? 40") {
		t.Errorf("the answer is not shown in place:\n%s", screen)
	}

	screen, v = screenAfter(t, []step{
		see("Build software?"), typ("maybe" + ptytest.Enter), see("not a valid answer"),
		typ("y" + ptytest.Enter),
	}, func(p advisor.Prompter) (any, error) {
		return p.Confirm("Build software?", "", new(false))
	})
	if v != true || strings.Contains(screen, "not a valid answer") || !strings.HasPrefix(screen, "? Build software? Yes") {
		t.Errorf("Confirm = %v, screen:\n%s", v, screen)
	}
}

// TestHelpAndReasonsAreWrapped checks that long help and long reasons are
// broken between words to fit the terminal (120 columns here, wrapped at
// 100), rather than split by the terminal inside a word.
func TestHelpAndReasonsAreWrapped(t *testing.T) {
	var words []string
	for i := range 40 {
		words = append(words, fmt.Sprintf("word%02d", i))
	}
	long := strings.Join(words, " ")
	validate := func(s string) error {
		if s == "ok" {
			return nil
		}
		return errors.New(long)
	}
	// The help, then the reason above the help and the question again.
	var shown string
	screenAfter(t, []step{
		see("Q?"), typ("?" + ptytest.Enter), see("word39"),
		typ("bad" + ptytest.Enter), see("X word00"), see("? Q?"), snap(&shown),
		typ("ok" + ptytest.Enter),
	}, func(p advisor.Prompter) (any, error) {
		return p.Input("Q?", long, "", validate)
	})
	for _, w := range words {
		if n := strings.Count(shown, w); n != 2 {
			t.Errorf("%s is on the screen whole %d times, want 2 (help and reason):\n%s", w, n, shown)
		}
	}
	for _, l := range strings.Split(shown, "\n") {
		if len(l) > 100 {
			t.Errorf("a line of %d columns:\n%s", len(l), shown)
		}
	}
}

// An empty multiple choice reads "none" once answered.
func TestMultiSelectNoneShowsNone(t *testing.T) {
	screen, v := screenAfter(t, []step{see("PCI DSS"), typ(ptytest.Enter)}, func(p advisor.Prompter) (any, error) {
		return p.MultiSelect("Frameworks?", "", options("SOC 2", "HIPAA", "PCI DSS"), nil)
	})
	if !reflect.DeepEqual(v, []int{}) || !strings.HasPrefix(screen, "? Frameworks? none") {
		t.Errorf("MultiSelect = %v, screen:\n%s", v, screen)
	}
}
