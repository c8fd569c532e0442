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
	// colorDisabled is set by NO_COLOR or --no-color.
	colorDisabled bool
	// neverPrompt is set by --no-input.
	neverPrompt bool
}

// System returns the process's streams, with terminal detection.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.inTTY = isTerminal(os.Stdin)
	s.outTTY = isTerminal(os.Stdout)
	s.errTTY = isTerminal(os.Stderr)
	s.colorDisabled = noColorEnv()
	return s
}

// noColorEnv reports whether NO_COLOR asks for no colour: set and not
// empty (https://no-color.org).
func noColorEnv() bool { return os.Getenv("NO_COLOR") != "" }

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

// SetColorDisabled turns colour off (--no-color).
func (s *IOStreams) SetColorDisabled(v bool) { s.colorDisabled = v }

// ColorEnabled reports whether output to Out may use colour: only on a
// terminal, and never with NO_COLOR or --no-color.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY && !s.colorDisabled }

// TerminalWidth is the width of the terminal on Out, or 80 when Out is not
// a terminal; it is capped at 120 so text stays readable.
func (s *IOStreams) TerminalWidth() int {
	if f, ok := s.Out.(*os.File); ok && s.outTTY {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return min(w, 120)
		}
	}
	return 80
}
