package iostreams

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strings"
	"syscall"

	"github.com/google/shlex"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

// DefaultPager pages when neither a pager setting nor $PAGER names one: -F
// quits when the text fits on one screen, -R shows colour, -X leaves the
// text on the screen afterwards.
const DefaultPager = "less -FRX"

// SetPager sets the command that pages long output at a terminal, as a
// shell would split it ("" or "cat" for none), and names where it was set
// ("" for DefaultPager) for the warning when it cannot start.
func (s *IOStreams) SetPager(cmd, from string) { s.pager, s.pagerFrom = cmd, from }

// Pager is the command that pages long output, "" for none.
func (s *IOStreams) Pager() string {
	if strings.TrimSpace(s.pager) == "cat" {
		return ""
	}
	return strings.TrimSpace(s.pager)
}

// WritePaged writes b to Out, as the GitHub CLI does: through the pager
// when Out is a terminal, a pager is set and b is taller than the terminal;
// otherwise directly. A pager that cannot start (not installed, say) means
// direct output, with a one-line warning when the pager was set rather than
// the default. A pager that quits before reading everything (q in less) is
// not an error.
func (s *IOStreams) WritePaged(b []byte) error {
	if !s.shouldPage(b) {
		_, err := s.Out.Write(b)
		return err
	}
	cmd, in, err := s.startPager()
	if err != nil {
		if s.pagerFrom != "" {
			fmt.Fprintf(s.ErrOut, "orgadvisor: warning: cannot start the pager %q (set by %s): %v; writing directly\n", s.Pager(), s.pagerFrom, err)
		}
		_, err := s.Out.Write(b)
		return err
	}
	// Ctrl-C at the pager reaches orgadvisor too: it must wait for the pager
	// to give the terminal back rather than die under it.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)

	_, werr := in.Write(b)
	cerr := in.Close()
	// The pager's exit status is its own affair: it has shown what it
	// could, and said so on standard error if it failed.
	_ = cmd.Wait()
	for _, err := range []error{werr, cerr} {
		if err != nil && !closedPipe(err) {
			return err
		}
	}
	return nil
}

// shouldPage reports whether b goes through the pager: only at a terminal,
// with a pager set, when b has more rows than the terminal.
func (s *IOStreams) shouldPage(b []byte) bool {
	if !s.outTTY || s.Pager() == "" {
		return false
	}
	w, h, ok := s.terminalSize()
	if !ok {
		return false
	}
	return rows(string(b), w) >= h
}

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// rows counts the terminal rows text takes at width columns.
func rows(s string, width int) int {
	n := 0
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		w := text.Width(ansiEscape.ReplaceAllString(line, ""))
		n += max(1, (w+width-1)/width)
	}
	return n
}

// startPager starts the pager with Out as its output, and returns its input.
func (s *IOStreams) startPager() (*exec.Cmd, io.WriteCloser, error) {
	args, err := shlex.Split(s.Pager())
	if err != nil {
		return nil, nil, err
	}
	if len(args) == 0 {
		return nil, nil, errors.New("no command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = pagerEnv(os.Environ())
	cmd.Stdout = s.Out
	cmd.Stderr = s.ErrOut
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	return cmd, in, nil
}

// pagerEnv is the pager's environment: less and lv are told to pass colour
// through and to quit on short text, unless the user's own options say
// otherwise.
func pagerEnv(env []string) []string {
	has := func(name string) bool {
		for _, kv := range env {
			if strings.HasPrefix(kv, name+"=") {
				return true
			}
		}
		return false
	}
	if !has("LESS") {
		env = append(env, "LESS=FRX")
	}
	if !has("LV") {
		env = append(env, "LV=-c")
	}
	return env
}

// closedPipe reports whether err comes from writing to a pager that quit.
func closedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed)
}
