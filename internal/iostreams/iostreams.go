// Package iostreams holds the standard streams of a command and knows which
// of them are terminals, as the GitHub CLI's package of the same name does.
// Data goes to Out; prompts, progress and status lines go to ErrOut.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are a command's input and outputs.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	// colorDisabled is set by NO_COLOR or --no-color, and beats everything.
	colorDisabled bool
	// colorForced is set by CLICOLOR_FORCE: colour even when Out is not a
	// terminal.
	colorForced bool
	// colorOff is set by CLICOLOR=0 or TERM=dumb: no colour at a terminal.
	colorOff bool
	// neverPrompt is set by --no-input.
	neverPrompt bool
	// accessible asks for prompts in plain lines (--accessible, TERM=dumb).
	accessible bool
	// pager pages long output at a terminal ("" for none); pagerFrom names
	// where it was set, "" for the default.
	pager, pagerFrom string
}

// System returns the process's streams, with terminal detection.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.inTTY = isTerminal(os.Stdin)
	s.outTTY = isTerminal(os.Stdout)
	s.errTTY = isTerminal(os.Stderr)
	s.colorDisabled, s.colorForced, s.colorOff = colorEnv(os.Getenv)
	// A dumb terminal cannot move the cursor, which the default prompts need.
	s.accessible = os.Getenv("TERM") == "dumb"
	return s
}

// colorEnv reads the colour conventions of the environment:
//   - NO_COLOR set and not empty turns colour off, whatever else is set
//     (https://no-color.org);
//   - CLICOLOR_FORCE set and not "0" turns it on even when the output is not
//     a terminal, and CLICOLOR=0 turns it off at a terminal
//     (https://bixense.com/clicolors/);
//   - TERM=dumb, a terminal that cannot show escape sequences, turns it off.
func colorEnv(getenv func(string) string) (disabled, forced, off bool) {
	disabled = getenv("NO_COLOR") != ""
	if f := getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		forced = true
	}
	off = getenv("CLICOLOR") == "0" || getenv("TERM") == "dumb"
	return disabled, forced, off
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// SetTTY marks the streams as terminals or not (for tests).
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetNeverPrompt forbids prompting (--no-input).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = v }

// NeverPrompt reports whether prompting was turned off (--no-input).
func (s *IOStreams) NeverPrompt() bool { return s.neverPrompt }

// CanPrompt reports whether the user can be asked questions: stdin and
// stdout are terminals and prompting is not forbidden.
func (s *IOStreams) CanPrompt() bool { return s.inTTY && s.outTTY && !s.neverPrompt }

// SetAccessiblePrompter chooses prompts in plain lines, with numbered
// options and no cursor movement, for screen readers and editors' shells
// (--accessible).
func (s *IOStreams) SetAccessiblePrompter(v bool) { s.accessible = v }

// AccessiblePrompter reports whether prompts are to be plain lines: asked
// for, or TERM=dumb.
func (s *IOStreams) AccessiblePrompter() bool { return s.accessible }

// SetColorDisabled turns colour off (--no-color).
func (s *IOStreams) SetColorDisabled(v bool) { s.colorDisabled = v }

// ColorEnabled reports whether output to Out may use colour. NO_COLOR and
// --no-color always win; then CLICOLOR_FORCE turns it on, even when Out is
// not a terminal; otherwise colour needs a terminal that neither CLICOLOR=0
// nor TERM=dumb rules out.
func (s *IOStreams) ColorEnabled() bool {
	switch {
	case s.colorDisabled:
		return false
	case s.colorForced:
		return true
	}
	return s.outTTY && !s.colorOff
}

// TerminalWidth is the width of the terminal on Out, or 80 when Out is not
// a terminal; it is capped at 120 so text stays readable.
func (s *IOStreams) TerminalWidth() int {
	if w, _, ok := s.terminalSize(); ok {
		return min(w, 120)
	}
	return 80
}

// terminalSize is the size of the terminal on Out, if Out is one.
func (s *IOStreams) terminalSize() (width, height int, ok bool) {
	if f, isFile := s.Out.(*os.File); isFile && s.outTTY {
		if w, h, err := term.GetSize(int(f.Fd())); err == nil && w > 0 && h > 0 {
			return w, h, true
		}
	}
	return 0, 0, false
}
