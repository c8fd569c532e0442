package cmdutil

import (
	"errors"
	"fmt"
	"strconv"
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
	} else if ive := (*pflag.InvalidValueError)(nil); errors.As(err, &ive) {
		if m, ok := invalidValue(ive); ok {
			msg = m
		}
	}
	return BadInput(fmt.Errorf("%s", msg))
}

// invalidValue words pflag's error for a value that does not parse as the
// flag's type in people's words, as the answer flags' errors are:
// "`--no-input`: "maybe" is not true or false", not "invalid argument ...
// strconv.ParseBool: parsing "maybe": invalid syntax". ok is false for a
// type it does not know, whose error passes as pflag words it.
func invalidValue(e *pflag.InvalidValueError) (msg string, ok bool) {
	f, v := e.GetFlag(), e.GetValue()
	name := "`--" + f.Name + "`"
	if hint, ok := emptyFileName(e); ok {
		return EmptyFileName(name, hint).Error(), true
	}
	var ne *strconv.NumError
	if errors.As(e, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
		return fmt.Sprintf("%s: %q is out of range", name, v), true
	}
	var want string
	switch t := f.Value.Type(); {
	case t == "bool":
		want = "true or false"
	case strings.HasPrefix(t, "uint"):
		want = "a whole number of 0 or more"
	case strings.HasPrefix(t, "int"):
		want = "a whole number"
	case strings.HasPrefix(t, "float"):
		want = "a number"
	case t == "duration":
		want = "a duration such as 30s or 5m"
	default:
		return "", false
	}
	return fmt.Sprintf("%s: %q is not %s", name, v, want), true
}

// UnknownCommand is the RunE of a command that only groups others: with no
// arguments it shows the help; otherwise the argument is an unknown command
// (exit 2), with a suggestion when one is near.
func UnknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s, ok := suggestCommand(cmd, args[0]); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return BadInput(fmt.Errorf("%s", msg))
}

// HelpTopic checks the topic of `help TOPIC...` against the command tree
// under root: every word must name a command, as running them would. An
// unknown topic is bad input (exit 2) naming it, with cobra's suggestion
// when one is near, as for an unknown command; cobra's own help command
// would print the nearest command's help and succeed.
func HelpTopic(root *cobra.Command, args []string) error {
	c, rest, err := root.Find(args)
	if err == nil && len(rest) == 0 {
		return nil
	}
	topic := strings.Join(args, " ")
	msg := fmt.Sprintf("unknown help topic %q", topic)
	if c != nil && len(rest) > 0 {
		if s, ok := suggestCommand(c, rest[0]); ok {
			known := strings.Fields(strings.TrimPrefix(c.CommandPath(), root.CommandPath()))
			msg += fmt.Sprintf(" (did you mean %q?)", strings.Join(append(known, s), " "))
		}
	}
	return BadInput(fmt.Errorf("%s", msg))
}

// suggestCommand is cobra's nearest subcommand of cmd to name, if any.
func suggestCommand(cmd *cobra.Command, name string) (string, bool) {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		return s[0], true
	}
	return "", false
}
