// Package cmdutil holds what every command shares: the factory that gives
// commands their streams and rules, and the typed errors that main maps to
// exit codes in one place.
package cmdutil

import (
	"errors"
	"os"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
)

// Exit codes, documented in `orgadvisor --help` and the README.
const (
	ExitOK          = 0   // success
	ExitFailure     = 1   // a check failed (a failing casebook or coverage, warnings with --strict, changed advice with --fail-on-change, a failed batch record)
	ExitBadInput    = 2   // bad input or usage
	ExitInterrupted = 130 // interrupted (Ctrl-C, Ctrl-D at a prompt)
)

// ErrCancel is returned when the user interrupts: exit 130, no message.
// It is the advisor's own, so that the domain and the CLI agree on it.
var ErrCancel = advisor.ErrCancel

// StoppedBy is the error of a server (serve, mcp) that the signal sig
// stopped: Ctrl-C (SIGINT) is an interruption (exit 130), as everywhere in
// orgadvisor; SIGTERM is how a service manager, or a client, asks a server
// to stop (exit 0).
func StoppedBy(sig os.Signal) error {
	if sig == os.Interrupt {
		return ErrCancel
	}
	return nil
}

// ErrSilent is a failure whose report is already printed: exit 1.
var ErrSilent = errors.New("failed")

// InputError is bad input or usage: exit 2, its message on one line. It
// is the advisor's domain error, so that the advisor's bad input and the
// command line's map to the same exit code in one place (ExitCode).
type InputError = advisor.InputError

// BadInput wraps err as an *InputError (exit 2).
func BadInput(err error) error { return advisor.BadInput(err) }

// BadInputf formats a bad-input error (exit 2).
func BadInputf(format string, args ...any) error { return advisor.BadInputf(format, args...) }

// ExitCode maps an error returned by a command to the process exit code.
func ExitCode(err error) int {
	var ie *InputError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrCancel):
		return ExitInterrupted
	case errors.As(err, &ie):
		return ExitBadInput
	}
	return ExitFailure
}

// SilentBadInput is bad input whose report is already printed: exit 2, no
// further message (for example `rules check` after listing the errors).
func SilentBadInput() error { return &InputError{Err: ErrSilent} }

// IsSilent reports whether err needs no message: an interruption, or a
// failure already reported.
func IsSilent(err error) bool {
	return errors.Is(err, ErrSilent) || errors.Is(err, ErrCancel)
}
