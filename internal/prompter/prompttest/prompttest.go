// Package prompttest provides a scripted advisor.Prompter for tests, in the
// manner of the GitHub CLI's prompter mocks: each expected prompt is
// registered in order with a handler that plays the user, and the test fails
// when a prompt is asked that was not expected (or out of order), or was
// expected but never asked.
package prompttest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Prompter is a scripted advisor.Prompter. Its zero value is not usable:
// create one with New.
type Prompter struct {
	t     testing.TB
	mu    sync.Mutex
	steps []step
	next  int
}

var _ advisor.Prompter = (*Prompter)(nil)

type step struct {
	kind    string
	message string
	confirm func(help string, def *bool) (bool, error)
	input   func(help, def string, validate func(string) error) (string, error)
	sel     func(help string, options []string, def int) (int, error)
	multi   func(help string, options []string, defs []int) ([]int, error)
}

// New returns an empty script bound to t. When the test ends it fails t if
// any registered prompt was not asked.
func New(t testing.TB) *Prompter {
	p := &Prompter{t: t}
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.next < len(p.steps) {
			var left []string
			for _, s := range p.steps[p.next:] {
				left = append(left, fmt.Sprintf("%s %q", s.kind, s.message))
			}
			t.Errorf("prompts expected but not asked:\n\t%s", strings.Join(left, "\n\t"))
		}
	})
	return p
}

// RegisterConfirm expects a Confirm with exactly this message next. The
// handler gets the default, nil for a question that has none (a required
// one).
func (p *Prompter) RegisterConfirm(message string, h func(help string, def *bool) (bool, error)) {
	p.add(step{kind: "Confirm", message: message, confirm: h})
}

// RegisterInput expects an Input with exactly this message next. The
// handler gets the validator so it can play a user who types invalid text
// first (see Typed).
func (p *Prompter) RegisterInput(message string, h func(help, def string, validate func(string) error) (string, error)) {
	p.add(step{kind: "Input", message: message, input: h})
}

// RegisterSelect expects a Select with exactly this message next.
func (p *Prompter) RegisterSelect(message string, h func(help string, options []string, def int) (int, error)) {
	p.add(step{kind: "Select", message: message, sel: h})
}

// RegisterMultiSelect expects a MultiSelect with exactly this message next.
func (p *Prompter) RegisterMultiSelect(message string, h func(help string, options []string, defs []int) ([]int, error)) {
	p.add(step{kind: "MultiSelect", message: message, multi: h})
}

func (p *Prompter) add(s step) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.steps = append(p.steps, s)
}

// take returns the next step, failing the test when the prompt asked is not it.
func (p *Prompter) take(kind, message string) (step, error) {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next >= len(p.steps) {
		p.t.Errorf("unexpected prompt: %s %q", kind, message)
		return step{}, fmt.Errorf("prompttest: unexpected prompt: %s %q", kind, message)
	}
	s := p.steps[p.next]
	if s.kind != kind || s.message != message {
		p.t.Errorf("prompt %d: asked %s %q, expected %s %q", p.next+1, kind, message, s.kind, s.message)
		return step{}, fmt.Errorf("prompttest: unexpected prompt: %s %q", kind, message)
	}
	p.next++
	return s, nil
}

// Confirm plays the next registered Confirm.
func (p *Prompter) Confirm(message, help string, def *bool) (bool, error) {
	s, err := p.take("Confirm", message)
	if err != nil {
		return false, err
	}
	return s.confirm(help, def)
}

// Input plays the next registered Input.
func (p *Prompter) Input(message, help, def string, validate func(string) error) (string, error) {
	s, err := p.take("Input", message)
	if err != nil {
		return "", err
	}
	return s.input(help, def, validate)
}

// Select plays the next registered Select; the handler sees the options'
// labels, as the user does.
func (p *Prompter) Select(message, help string, options []rules.Option, def int) (int, error) {
	s, err := p.take("Select", message)
	if err != nil {
		return 0, err
	}
	return s.sel(help, labels(options), def)
}

// MultiSelect plays the next registered MultiSelect; the handler sees the
// options' labels, as the user does.
func (p *Prompter) MultiSelect(message, help string, options []rules.Option, defs []int) ([]int, error) {
	s, err := p.take("MultiSelect", message)
	if err != nil {
		return nil, err
	}
	return s.multi(help, labels(options), defs)
}

func labels(options []rules.Option) []string {
	out := make([]string, len(options))
	for i, o := range options {
		out[i] = o.Label
	}
	return out
}

// Typed returns an Input handler that plays a user typing each text in
// turn, as the terminal prompter does: a text that validate rejects is
// re-asked, and each rejection's reason is appended to *reasons (when
// reasons is not nil). The first accepted text is the answer; an empty text
// takes the default, as it does at a terminal. When every text is rejected
// the handler returns an error.
func Typed(reasons *[]string, texts ...string) func(help, def string, validate func(string) error) (string, error) {
	return func(_, def string, validate func(string) error) (string, error) {
		for _, s := range texts {
			if s == "" {
				s = def
			}
			if validate != nil {
				if err := validate(s); err != nil {
					if reasons != nil {
						*reasons = append(*reasons, err.Error())
					}
					continue
				}
			}
			return s, nil
		}
		return "", fmt.Errorf("prompttest: every typed text was rejected: %q", texts)
	}
}
