package prompter

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// NewAccessible returns a Prompter that asks in plain lines, as the GitHub
// CLI's accessible prompter does, for screen readers, editors' shells and
// terminals that cannot move the cursor: each question is written once,
// options are numbered, and an answer is a line typed on in, read in the
// terminal's own line mode. Enter takes the default (a required question
// has none: Enter alone is refused), "?" shows the help, and a choice is
// typed as its number, its id or its label. A refused
// answer is followed by its reason on a line of its own, and the question's
// last line again. When in ends, every prompt returns advisor.ErrInputClosed.
//
// Nothing in it depends on a terminal, so it is written and tested as line
// input and output; the survey prompter is the default (see New).
func NewAccessible(in io.Reader, out io.Writer) advisor.Prompter {
	return newAccessible(in, out, false, nil)
}

// newAccessible is NewAccessible for a run: when in is a terminal, the end
// of input is Ctrl-D, which cancels like Ctrl-C; interrupts, when not nil,
// watches for Ctrl-C while a prompt waits (the terminal, in line mode,
// turns it into a signal).
func newAccessible(in io.Reader, out io.Writer, inTTY bool, interrupts func() (<-chan os.Signal, func())) *accessible {
	return &accessible{in: in, out: out, inTTY: inTTY, interrupts: interrupts}
}

// osInterrupts delivers Ctrl-C (SIGINT) until stop is called.
func osInterrupts() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	return ch, func() { signal.Stop(ch) }
}

type accessible struct {
	in         io.Reader
	out        io.Writer
	inTTY      bool
	interrupts func() (<-chan os.Signal, func())

	start sync.Once
	lines chan line
	// interrupted delivers Ctrl-C while a prompt is on the screen.
	interrupted <-chan os.Signal
}

// watch watches for Ctrl-C from before a prompt is written until stop is
// called, so that a Ctrl-C typed as soon as the prompt shows cancels it.
func (a *accessible) watch() (stop func()) {
	if a.interrupts == nil {
		return func() {}
	}
	ch, stopSignals := a.interrupts()
	a.interrupted = ch
	return func() {
		stopSignals()
		a.interrupted = nil
	}
}

// line is one line of input without its line end, or the error that ended
// the input.
type line struct {
	text string
	err  error
}

// readLine waits for the next line of input, or for Ctrl-C. The input is
// read by one goroutine for the prompter's life, so that waiting for a line
// can stop at an interruption; it reads at most one line ahead.
func (a *accessible) readLine() (string, error) {
	a.start.Do(func() {
		a.lines = make(chan line)
		go func() {
			r := bufio.NewReader(a.in)
			for {
				s, err := r.ReadString('\n')
				if s != "" {
					a.lines <- line{text: strings.TrimRight(s, "\r\n")}
				}
				if err != nil {
					a.lines <- line{err: err}
					return
				}
			}
		}()
	})
	select {
	case l := <-a.lines:
		switch {
		case l.err == nil:
			return strings.TrimSpace(l.text), nil
		case errors.Is(l.err, io.EOF) && a.inTTY:
			// At a terminal the input ends only with Ctrl-D, a request to
			// stop, as with the survey prompter.
			fmt.Fprintln(a.out)
			return "", cmdutil.ErrCancel
		}
		return "", advisor.ErrInputClosed
	case <-a.interrupted:
		fmt.Fprintln(a.out)
		return "", cmdutil.ErrCancel
	}
}

// ask writes the question's last line, reads the answer, shows the help on
// "?" and re-asks, and re-asks with the reason parse gives, until parse
// accepts an answer.
func (a *accessible) ask(last, help string, parse func(answer string) error) error {
	for {
		fmt.Fprint(a.out, last)
		answer, err := a.readLine()
		if err != nil {
			return err
		}
		if answer == "?" && help != "" {
			fmt.Fprintln(a.out, help)
			continue
		}
		if err := parse(answer); err != nil {
			fmt.Fprintln(a.out, err)
			continue
		}
		return nil
	}
}

// hints is the parenthesised end of a prompt line: "(default 7; ? for
// help) ", or "" when there is nothing to say.
func hints(def, help string) string {
	var h []string
	if def != "" {
		h = append(h, "default "+def)
	}
	if help != "" {
		h = append(h, "? for help")
	}
	if len(h) == 0 {
		return ""
	}
	return "(" + strings.Join(h, "; ") + ") "
}

// Confirm asks a yes/no question, answered y, yes, n or no. Without a
// default, Enter alone is refused.
func (a *accessible) Confirm(message, help string, def *bool) (bool, error) {
	defer a.watch()()
	defWord := ""
	if def != nil {
		defWord = "no"
		if *def {
			defWord = "yes"
		}
	}
	var v bool
	err := a.ask(message+" [yes/no] "+hints(defWord, help), help, func(s string) error {
		if s == "" && def != nil {
			v = *def
			return nil
		}
		var err error
		v, err = parseYesNo(s)
		return err
	})
	return v, err
}

// Input asks for text, re-asking with validate's reason until it passes.
// Enter takes the default, which is validated too.
func (a *accessible) Input(message, help, def string, validate func(string) error) (string, error) {
	defer a.watch()()
	var v string
	err := a.ask(message+" "+hints(def, help), help, func(s string) error {
		if s == "" {
			s = def
		}
		if validate != nil {
			if err := validate(s); err != nil {
				return err
			}
		}
		v = s
		return nil
	})
	return v, err
}

// Select asks for one of options, listed with numbers.
func (a *accessible) Select(message, help string, options []rules.Option, def int) (int, error) {
	defer a.watch()()
	a.list(message, options)
	defText := ""
	if def >= 0 && def < len(options) {
		defText = strconv.Itoa(def + 1)
	}
	v := def
	last := fmt.Sprintf("Type a number from 1 to %d %s", len(options), hints(defText, help))
	err := a.ask(last, help, func(s string) error {
		if s == "" {
			if defText == "" {
				return fmt.Errorf("an answer is required: type a number from 1 to %d", len(options))
			}
			return nil
		}
		i, ok := chooseOne(options, s)
		if !ok {
			return fmt.Errorf("%q is not one of the options: type a number from 1 to %d", s, len(options))
		}
		v = i
		return nil
	})
	return v, err
}

// MultiSelect asks for any of options, listed with numbers: typed as
// numbers, ids or labels separated by commas, or "none".
func (a *accessible) MultiSelect(message, help string, options []rules.Option, defs []int) ([]int, error) {
	defer a.watch()()
	a.list(message, options)
	defText := ""
	switch {
	case len(defs) > 0:
		nums := make([]string, len(defs))
		for i, d := range defs {
			nums[i] = strconv.Itoa(d + 1)
		}
		defText = strings.Join(nums, ",")
	case defs != nil:
		defText = "none"
	}
	v := slices.Clone(defs)
	last := "Type numbers separated by commas, or none " + hints(defText, help)
	err := a.ask(last, help, func(s string) error {
		if s == "" {
			if defs == nil {
				return fmt.Errorf("an answer is required: type numbers from 1 to %d separated by commas, or none", len(options))
			}
			return nil
		}
		chosen, err := chooseMany(options, s)
		if err != nil {
			return err
		}
		v = chosen
		return nil
	})
	if v == nil {
		v = []int{}
	}
	return v, err
}

// list writes a question and its options, numbered from 1.
func (a *accessible) list(message string, options []rules.Option) {
	fmt.Fprintln(a.out, message)
	for i, o := range options {
		fmt.Fprintf(a.out, "  %d. %s\n", i+1, o.Label)
	}
}

// chooseOne finds the option that s names: by number from 1, by id, or by
// label, ignoring case.
func chooseOne(options []rules.Option, s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= len(options) {
			return n - 1, true
		}
		return 0, false
	}
	for i, o := range options {
		if strings.EqualFold(s, o.ID) || strings.EqualFold(s, o.Label) {
			return i, true
		}
	}
	return 0, false
}

// chooseMany reads a multiple choice: options named as chooseOne does,
// separated by commas (or by spaces, for numbers and ids), or "none". It
// returns their indexes in option order.
func chooseMany(options []rules.Option, s string) ([]int, error) {
	if _, ok := chooseOne(options, s); !ok && strings.EqualFold(s, "none") {
		return []int{}, nil
	}
	var chosen []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if i, ok := chooseOne(options, part); ok {
			chosen = append(chosen, i)
			continue
		}
		for _, word := range strings.Fields(part) {
			i, ok := chooseOne(options, word)
			if !ok {
				return nil, fmt.Errorf("%q is not one of the options: type numbers from 1 to %d separated by commas, or none", word, len(options))
			}
			chosen = append(chosen, i)
		}
	}
	slices.Sort(chosen)
	return slices.Compact(chosen), nil
}
