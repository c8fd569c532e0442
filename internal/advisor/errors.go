package advisor

import (
	"errors"
	"fmt"
)

// ErrCancel is returned when the user interrupts (Ctrl-C or Ctrl-D at a
// prompt, a cancelled context). The CLI exits 130 without a message.
var ErrCancel = errors.New("interrupted")

// InputError is input the advisor cannot use: answers that do not fit the
// questions, a required answer missing, a rule that fails on the answers.
// Its message is one line, in people's words. The CLI exits 2, a server
// answers 4xx, an MCP tool reports a tool error; what lies beneath
// (*rules.MissingError, *answers.Error) stays reachable with errors.As.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// BadInput wraps err as an *InputError; nil stays nil.
func BadInput(err error) error {
	if err == nil {
		return nil
	}
	return &InputError{Err: err}
}

// BadInputf formats an *InputError.
func BadInputf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}
