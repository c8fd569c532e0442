// Package ptytest drives prompts in a real pseudo-terminal for tests, as
// survey's own tests do: github.com/Netflix/go-expect reads what the program
// draws and types keys, and a github.com/hinshun/vt10x emulator behind it
// answers the cursor-position queries survey sends, like a real terminal.
package ptytest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

// Timeout bounds each wait for output. It is generous because it only
// matters when a test fails: a passing run never waits for it.
const Timeout = 20 * time.Second

// Key presses, as a terminal sends them.
const (
	Enter     = "\r"
	CtrlC     = "\x03"
	CtrlD     = "\x04"
	Space     = " "
	ArrowDown = "\x1b[B"
	ArrowUp   = "\x1b[A"
)

// Terminal is a pseudo-terminal: the program under test uses Tty as its
// standard streams, and the test reads the screen and types through the
// Terminal's methods. Methods report problems as errors (never t.Fatal) so
// they may be called from any goroutine.
type Terminal struct {
	console *expect.Console
	screen  vt10x.Terminal
	raw     *cmdtest.SyncBuffer

	closeOnce sync.Once
}

// New opens a pseudo-terminal of 120x40 cells, closed when the test ends.
// It skips the test when the machine has no pseudo-terminals.
func New(t testing.TB) *Terminal {
	t.Helper()
	// The emulator writes its replies (cursor positions) to loopTTY; they
	// come out of loopPTY and are copied into the console's input, so the
	// program reads them as a real terminal's replies.
	loopPTY, loopTTY, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal on this machine (%v); the terminal tests need /dev/ptmx", err)
	}
	screen := vt10x.New(vt10x.WithWriter(loopTTY), vt10x.WithSize(120, 40))
	raw := &cmdtest.SyncBuffer{}
	c, err := expect.NewConsole(
		expect.WithStdin(loopPTY),
		expect.WithStdout(screen, raw),
		expect.WithCloser(loopPTY, loopTTY),
		expect.WithDefaultTimeout(Timeout),
	)
	if err != nil {
		loopPTY.Close()
		loopTTY.Close()
		t.Skipf("no pseudo-terminal on this machine (%v); the terminal tests need /dev/ptmx", err)
	}
	if err := pty.Setsize(c.Tty(), &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Logf("setting the terminal size: %v", err)
	}
	tm := &Terminal{console: c, screen: screen, raw: raw}
	t.Cleanup(tm.Close)
	return tm
}

// Tty is the terminal side that the program under test reads and writes.
func (tm *Terminal) Tty() *os.File { return tm.console.Tty() }

// Expect waits until the program writes s, and consumes the output up to
// and including it.
func (tm *Terminal) Expect(s string) error {
	if _, err := tm.console.ExpectString(s); err != nil {
		return fmt.Errorf("waiting for %q: %v\n%s", s, err, tm.Dump())
	}
	return nil
}

// Send types keys once a prompt is reading them. Terminals hold typed
// lines until Enter and turn Ctrl-C into a signal until a prompt switches
// them to raw mode, so typing before that would race the prompt; Send waits
// for raw mode instead. Expect the next prompt's text before typing its
// answer, so that the raw mode seen is that prompt's and not the last one's.
func (tm *Terminal) Send(keys string) error {
	if err := tm.waitRaw(); err != nil {
		return err
	}
	if _, err := tm.console.Send(keys); err != nil {
		return fmt.Errorf("typing %q: %v", keys, err)
	}
	return nil
}

// SendLine types keys at a prompt that reads whole lines in the terminal's
// own line mode, as the accessible prompter does: the terminal holds what
// is typed until Enter, so typing cannot race the prompt, and there is no
// raw mode to wait for. In line mode the terminal turns Ctrl-C into an
// interrupt signal, and Ctrl-D at the start of a line into the end of input.
func (tm *Terminal) SendLine(keys string) error {
	if _, err := tm.console.Send(keys); err != nil {
		return fmt.Errorf("typing %q: %v", keys, err)
	}
	return nil
}

// waitRaw waits until the terminal is out of canonical (line) mode.
func (tm *Terminal) waitRaw() error {
	fd := int(tm.console.Tty().Fd())
	deadline := time.Now().Add(Timeout)
	for {
		canon, err := canonical(fd)
		if err != nil {
			return fmt.Errorf("reading the terminal mode: %v", err)
		}
		if !canon {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no prompt switched the terminal to raw mode within %v\n%s", Timeout, tm.Dump())
		}
		time.Sleep(time.Millisecond)
	}
}

// ExpectEOF reads the program's output until the terminal closes (every
// process holding its Tty has exited or closed it) and returns it, escape
// sequences included.
func (tm *Terminal) ExpectEOF() (string, error) {
	out, err := tm.console.Expect(expect.EOF, expect.PTSClosed)
	if err != nil && !isClosed(err) {
		return out, fmt.Errorf("waiting for the end of output: %v\n%s", err, tm.Dump())
	}
	return out, nil
}

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, syscall.EIO) || errors.Is(err, os.ErrClosed)
}

// Screen returns the text the emulated terminal shows, trailing blanks trimmed.
func (tm *Terminal) Screen() string {
	lines := strings.Split(tm.screen.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// Raw returns everything the program wrote so far, escape sequences included.
func (tm *Terminal) Raw() string { return tm.raw.String() }

// Dump describes the terminal for a failure message: the screen, and the
// last of the raw output.
func (tm *Terminal) Dump() string {
	raw := tm.Raw()
	if len(raw) > 2000 {
		raw = "..." + raw[len(raw)-2000:]
	}
	return fmt.Sprintf("screen:\n%s\nraw output (end): %q", tm.Screen(), raw)
}

// Close closes the terminal; it is safe to call more than once.
func (tm *Terminal) Close() {
	tm.closeOnce.Do(func() { tm.console.Close() })
}
