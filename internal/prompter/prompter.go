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
	"strings"
	"sync"
	"syscall"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/term"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
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
	surveySetup.Do(func() {
		// survey keeps these in package variables, meant to be set before
		// the first prompt; this package alone uses survey.
		if !ios.ColorEnabled() {
			core.DisableColor = true
		}
		// A reason to re-ask reads as the reason alone, and a blank one
		// prints nothing, which erases the reasons shown (see erase).
		survey.ErrorTemplate = `{{- if .Error.Error }}{{ color .Icon.Format }}{{ .Icon.Text }} {{ .Error.Error }}{{ color "reset" }}{{ "\n" }}{{ end }}`
	})
	return &surveyPrompter{in: &keyReader{FileReader: in}, out: fout}
}

var surveySetup sync.Once

// surveyPrompter implements advisor.Prompter with survey.
type surveyPrompter struct {
	in  terminal.FileReader
	out terminal.FileWriter
}

// width is the width to wrap prompt text to: the terminal's, less one
// column so that no line ends exactly at the margin, at most 100.
func (p *surveyPrompter) width() int {
	w, _, err := term.GetSize(int(p.out.Fd()))
	if err != nil || w <= 0 {
		w = 80
	}
	return min(w, 101) - 1
}

// wrap wraps s to the terminal for a line that starts with a one-column
// icon and a space, continuation lines lined up under the text.
func (p *surveyPrompter) wrap(s string) string {
	if s == "" {
		return ""
	}
	return text.Indent(s, 2, p.width())
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

// Confirm asks a yes/no question. Without a default it is asked as text
// that must read yes or no: survey's Confirm takes Enter alone as its
// default, and its Required validator passes any yes/no answer.
func (p *surveyPrompter) Confirm(message, help string, def *bool) (bool, error) {
	if def == nil {
		return p.confirmRequired(message, help)
	}
	var v bool
	q := &survey.Confirm{Message: p.wrap(message), Help: p.wrap(help), Default: *def}
	err := p.ask(erasingConfirm{q, p}, &v)
	return v, err
}

// confirmRequired asks a yes/no question that has no default: "(y/n)"
// rather than survey's "(y/N)", Enter alone re-asks with the reason, and
// the answer reads Yes or No once given, as survey's Confirm shows it.
func (p *surveyPrompter) confirmRequired(message, help string) (bool, error) {
	var s string
	q := &survey.Input{Message: p.wrap(message + " (y/n)"), Help: p.wrap(help)}
	err := p.ask(yesNoInput{erasingInput{q, p}, p.wrap(message)}, &s, survey.WithValidator(func(ans any) error {
		s, _ := ans.(string)
		_, err := parseYesNo(s)
		return err
	}))
	if err != nil {
		return false, err
	}
	return parseYesNo(s)
}

// yesNoInput is the text prompt of a yes/no question without a default;
// its answer is shown as Yes or No after message alone.
type yesNoInput struct {
	erasingInput
	message string
}

func (y yesNoInput) Cleanup(cfg *survey.PromptConfig, val any) error {
	s, _ := val.(string)
	v, err := parseYesNo(s)
	if err != nil {
		// Not reached: the validator let only yes or no through.
		return y.erasingInput.Cleanup(cfg, val)
	}
	y.Input.Message = y.message
	answer := "No"
	if v {
		answer = "Yes"
	}
	return y.erasingInput.Cleanup(cfg, answer)
}

// parseYesNo reads a typed answer to a yes/no question: y, yes, n or no in
// any case. Nothing typed is refused: an answer is required.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes":
		return true, nil
	case "n", "no":
		return false, nil
	case "":
		return false, errors.New("an answer is required: type yes or no")
	}
	return false, fmt.Errorf("%q is not an answer: type yes or no", s)
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
	q := &survey.Input{Message: p.wrap(message), Help: p.wrap(help), Default: def}
	err := p.ask(erasingInput{q, p}, &v, opts...)
	return v, err
}

// Select asks for one of options and returns its index.
func (p *surveyPrompter) Select(message, help string, options []rules.Option, def int) (int, error) {
	var v int
	q := &survey.Select{Message: p.wrap(message), Help: p.wrap(help), Options: optionLabels(options)}
	if def >= 0 && def < len(options) {
		q.Default = def
	}
	err := p.ask(q, &v)
	return v, err
}

// MultiSelect asks for any of options and returns their indexes. An empty
// answer reads "none" once answered, rather than nothing.
func (p *surveyPrompter) MultiSelect(message, help string, options []rules.Option, defs []int) ([]int, error) {
	v := []int{}
	q := &survey.MultiSelect{Message: p.wrap(message), Help: p.wrap(help), Options: optionLabels(options)}
	if len(defs) > 0 {
		q.Default = defs
	}
	err := p.ask(multiSelect{q}, &v)
	return v, err
}

func optionLabels(options []rules.Option) []string {
	labels := make([]string, len(options))
	for i, o := range options {
		labels[i] = o.Label
	}
	return labels
}

// erasingInput and erasingConfirm are survey prompts whose answer replaces
// the reasons they were re-asked for, which survey otherwise leaves on the
// screen above the answer; and whose reasons are wrapped to the terminal.
type erasingInput struct {
	*survey.Input
	p *surveyPrompter
}

func (e erasingInput) Error(cfg *survey.PromptConfig, invalid error) error {
	return e.Input.Error(cfg, e.p.reason(invalid))
}

func (e erasingInput) Cleanup(cfg *survey.PromptConfig, val any) error {
	if err := erase(&e.Input.Renderer, cfg); err != nil {
		return err
	}
	return e.Input.Cleanup(cfg, val)
}

type erasingConfirm struct {
	*survey.Confirm
	p *surveyPrompter
}

func (e erasingConfirm) Error(cfg *survey.PromptConfig, invalid error) error {
	return e.Confirm.Error(cfg, e.p.reason(invalid))
}

func (e erasingConfirm) Cleanup(cfg *survey.PromptConfig, val any) error {
	if err := erase(&e.Confirm.Renderer, cfg); err != nil {
		return err
	}
	return e.Confirm.Cleanup(cfg, val)
}

// reason is a refused answer's reason, wrapped to the terminal.
func (p *surveyPrompter) reason(err error) error { return errors.New(p.wrap(err.Error())) }

// erase erases the reasons a prompt showed, and the prompt, which its
// Cleanup then redraws with the answer. survey's renderer erases the
// reasons it showed only when it shows a new one: a blank one, which the
// error template prints as nothing, erases them.
func erase(r *survey.Renderer, cfg *survey.PromptConfig) error {
	return r.Error(cfg, blank{})
}

// blank is the reason that erases reasons.
type blank struct{}

func (blank) Error() string { return "" }

// multiSelect shows an empty answer as "none".
type multiSelect struct{ *survey.MultiSelect }

func (m multiSelect) Cleanup(cfg *survey.PromptConfig, val any) error {
	if answers, ok := val.([]core.OptionAnswer); ok && len(answers) == 0 {
		return m.Render(survey.MultiSelectQuestionTemplate, survey.MultiSelectTemplateData{
			MultiSelect: *m.MultiSelect, Answer: "none", ShowAnswer: true, Config: cfg,
		})
	}
	return m.MultiSelect.Cleanup(cfg, val)
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

func (f failing) Confirm(string, string, *bool) (bool, error) { return false, f.err }
func (f failing) Input(string, string, string, func(string) error) (string, error) {
	return "", f.err
}
func (f failing) Select(string, string, []rules.Option, int) (int, error) { return 0, f.err }
func (f failing) MultiSelect(string, string, []rules.Option, []int) ([]int, error) {
	return nil, f.err
}
