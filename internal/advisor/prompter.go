package advisor

import "github.com/orgadvisor/orgadvisor/internal/rules"

// Prompter asks one question at a time. Only internal/prompter implements
// it, with a terminal library (survey/v2, which it alone imports, so that it
// can be replaced in one place) or in plain lines for screen readers; tests
// use a scripted prompter.
//
// Every method returns ErrCancel when the user interrupts (Ctrl-C
// or Ctrl-D), and ErrInputClosed (which wraps ErrCancel) when the
// input ends without a key press, so that Ask can tell missing answers
// (exit 2) from an interruption (exit 130).
type Prompter interface {
	// Confirm asks a yes/no question. def is the answer Enter alone takes,
	// or nil for a required question, which has none: Enter alone is
	// refused with a reason and the question asked again.
	Confirm(message, help string, def *bool) (bool, error)
	// Input asks for text; validate returns an error to re-ask with its
	// reason. def is the text Enter alone takes, or "" for none (a required
	// question's: validate refuses the empty text).
	Input(message, help, def string, validate func(string) error) (string, error)
	// Select asks for one of options and returns its index. Options are
	// shown by label (distinct, never empty); a prompter that reads typed
	// answers also takes an option's id. def is the option Enter alone
	// takes, or -1 for a required question: a prompter that reads typed
	// answers then refuses Enter alone, and a menu's cursor starts on the
	// first option, which it shows.
	Select(message, help string, options []rules.Option, def int) (int, error)
	// MultiSelect asks for any of options and returns their indexes. defs
	// are the options chosen at first, empty (not nil) for none, or nil
	// for a required question: a prompter that reads typed answers then
	// refuses Enter alone (none must be typed), and a menu starts with
	// nothing ticked, which it shows.
	MultiSelect(message, help string, options []rules.Option, defs []int) ([]int, error)
}
