package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// NoArgs refuses positional arguments as bad input (exit 2).
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return BadInputf("unexpected argument %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

// MaximumNArgs refuses more than n positional arguments as bad input.
func MaximumNArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return BadInputf("%q takes at most %d %s; got %d", cmd.CommandPath(), n, text.Plural(n, "argument"), len(args))
		}
		return nil
	}
}

// FlagError makes cobra's flag parsing errors bad input (exit 2), with the
// flag in backticks and, for an unknown flag, the nearest the command has
// (its own, inherited, and those generated from the rules' questions).
func FlagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	// pflag says: unknown flag: --foo; invalid argument "x" for "--n" flag: ...
	if rest, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		msg = "unknown flag `" + rest + "`"
		var names []string
		add := func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		}
		cmd.Flags().VisitAll(add)
		cmd.InheritedFlags().VisitAll(add)
		if best, ok := rules.Nearest(strings.TrimPrefix(rest, "--"), names); ok {
			msg += " (did you mean `--" + best + "`?)"
		}
	} else if rest, ok := strings.CutPrefix(msg, "unknown shorthand flag: "); ok {
		msg = "unknown shorthand flag " + rest
	}
	return BadInput(fmt.Errorf("%s", msg))
}

// UnknownCommand is the RunE of a command that only groups others: with no
// arguments it shows the help; otherwise the argument is an unknown command
// (exit 2), with a suggestion when one is near.
func UnknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return BadInput(fmt.Errorf("%s", msg))
}
