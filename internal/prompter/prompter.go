// Package prompter asks questions in a terminal: by default with a prompt
// library that draws menus and moves the cursor, or in plain lines for
// screen readers and terminals that cannot move the cursor (accessible.go).
// It is the only package that imports the prompt library
// (github.com/AlecAivazis/survey/v2, no longer maintained upstream), so
// replacing it means replacing this package alone.
package prompter

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"syscall"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// New returns a Prompter that asks on the terminal of ios: in plain lines
// when ios asks for the accessible prompter (--accessible, TERM=dumb),
// otherwise with survey's menus. Prompts go to standard error when it is a
// terminal (standard output is for data), else to standard output. Call it
// only when ios.CanPrompt(); survey's prompts fail with a clear error when
// the streams are not files.
func New(ios *iostreams.IOStreams) advisor.Prompter {
	out := ios.Out
	if ios.IsStderrTTY() {
		out = ios.ErrOut
	}
	if ios.AccessiblePrompter() {
		return newAccessible(ios.In, out, ios.IsStdinTTY(), osInterrupts)
	}
	in, inOK := ios.In.(terminal.FileReader)
	fout, outOK := out.(terminal.FileWriter)
	if !inOK || !outOK {
		return failing{errors.New("cannot prompt: standard input and output are not a terminal")}
	}
	if !ios.ColorEnabled() && !core.DisableColor {
		// survey keeps this switch in a package variable; it is only ever
		// turned off, once, before the first prompt.
		core.DisableColor = true
	}
	return &surveyPrompter{in: &keyReader{FileReader: in}, out: fout}
}

// surveyPrompter implements advisor.Prompter with survey.
type surveyPrompter struct {
	in  terminal.FileReader
	out terminal.FileWriter
}

func (p *surveyPrompter) ask(q survey.Prompt, response any, opts ...survey.AskOpt) (err error) {
	// survey is unmaintained and has panicked on odd key sequences; a
	// prompt that fails must not print a stack trace. Its deferred calls
	// have restored the terminal by the time this runs.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot prompt: the prompt library failed: %v", r)
		}
	}()
	opts = append(opts, survey.WithStdio(p.in, p.out, p.out))
	return mapError(survey.AskOne(q, response, opts...))
}

// mapError turns survey's interrupt into cmdutil.ErrCancel and the end of
// the input into advisor.ErrInputClosed (which wraps it).
func mapError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, terminal.InterruptErr):
		return cmdutil.ErrCancel
	case errors.Is(err, io.EOF), errors.Is(err, syscall.EIO):
		// EIO is what a terminal's reader gets once the terminal is gone.
		return advisor.ErrInputClosed
	}
	return fmt.Errorf("cannot prompt: %w", err)
}

// Confirm asks a yes/no question.
func (p *surveyPrompter) Confirm(message, help string, def bool) (bool, error) {
	var v bool
	err := p.ask(&survey.Confirm{Message: message, Help: help, Default: def}, &v)
	return v, err
}

// Input asks for text, re-asking with validate's reason until it passes.
func (p *surveyPrompter) Input(message, help, def string, validate func(string) error) (string, error) {
	var v string
	var opts []survey.AskOpt
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error {
			s, _ := ans.(string)
			return validate(s)
		}))
	}
	err := p.ask(&survey.Input{Message: message, Help: help, Default: def}, &v, opts...)
	return v, err
}

// Select asks for one of options and returns its index.
func (p *surveyPrompter) Select(message, help string, options []rules.Option, def int) (int, error) {
	var v int
	q := &survey.Select{Message: message, Help: help, Options: optionLabels(options)}
	if def >= 0 && def < len(options) {
		q.Default = def
	}
	err := p.ask(q, &v)
	return v, err
}

// MultiSelect asks for any of options and returns their indexes.
func (p *surveyPrompter) MultiSelect(message, help string, options []rules.Option, defs []int) ([]int, error) {
	v := []int{}
	q := &survey.MultiSelect{Message: message, Help: help, Options: optionLabels(options)}
	if len(defs) > 0 {
		q.Default = defs
	}
	err := p.ask(q, &v)
	return v, err
}

func optionLabels(options []rules.Option) []string {
	labels := make([]string, len(options))
	for i, o := range options {
		labels[i] = o.Label
	}
	return labels
}

// keyReader reads the terminal for survey. It never hands out bytes past an
// 'R' in one Read: survey reads cursor-position replies (ESC [ row ; col R)
// through a throw-away bufio.Reader that drops whatever it read past the
// reply, which lost keys typed right after a reply. Other reads pass whole
// chunks, as survey tells an Esc key from an arrow key's sequence by
// whether more bytes came with it.
//
// It also turns Ctrl-D into Ctrl-C: survey reads in raw mode and takes
// Ctrl-D (end of transmission) as Enter, while orgadvisor promises that
// Ctrl-D, like Ctrl-C, stops the questionnaire.
type keyReader struct {
	terminal.FileReader
	buf   []byte // read from the terminal, not yet handed out
	chunk [256]byte
}

func (r *keyReader) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if len(r.buf) == 0 {
		n, err := r.FileReader.Read(r.chunk[:])
		if n <= 0 {
			return 0, err
		}
		// An error that comes with data shows up on the next Read.
		r.buf = r.chunk[:n]
		for i, c := range r.buf {
			if c == terminal.KeyEndTransmission {
				r.buf[i] = terminal.KeyInterrupt
			}
		}
	}
	n := len(r.buf)
	if i := bytes.IndexByte(r.buf, 'R'); i >= 0 {
		n = i + 1
	}
	n = copy(b, r.buf[:n])
	r.buf = r.buf[n:]
	return n, nil
}

// failing is the Prompter for streams that cannot prompt.
type failing struct{ err error }

func (f failing) Confirm(string, string, bool) (bool, error) { return false, f.err }
func (f failing) Input(string, string, string, func(string) error) (string, error) {
	return "", f.err
}
func (f failing) Select(string, string, []rules.Option, int) (int, error) { return 0, f.err }
func (f failing) MultiSelect(string, string, []rules.Option, []int) ([]int, error) {
	return nil, f.err
}
