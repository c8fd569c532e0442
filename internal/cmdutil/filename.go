package cmdutil

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// MarkFileFlag marks the flag name of fs as one that names a file: shells
// complete it with the files ending in exts (any file without exts), and
// an empty name is refused as the flags are parsed, with
// EmptyFileName's error (exit 2). `--answers ""` is a mistake, an unset
// variable in a script say, not a way to ask for the default, which
// leaving the flag out does; hint, if not empty, says what to do instead.
// Every flag that takes a file name is marked so, for the same check
// everywhere.
func MarkFileFlag(fs *pflag.FlagSet, name, hint string, exts ...string) {
	fl := fs.Lookup(name)
	if fl == nil {
		panic("cmdutil.MarkFileFlag: no flag --" + name)
	}
	fl.Value = fileName{Value: fl.Value, hint: hint}
	if fl.DefValue == "[]" {
		// pflag shows the default of a value whose type it does not know
		// unless it reads as empty; an empty list is no default to show.
		fl.DefValue = ""
	}
	if exts == nil {
		exts = []string{}
	}
	_ = fs.SetAnnotation(name, cobra.BashCompFilenameExt, exts)
}

// EmptyFileName is the error for a file name given as "" where a file is
// named: what is the flag or argument (`--answers`, "the FILE argument"),
// hint what to do instead, if anything.
func EmptyFileName(what, hint string) error {
	if hint != "" {
		return BadInputf("%s needs a file name; %s", what, hint)
	}
	return BadInputf("%s needs a file name", what)
}

// fileName is the value of a flag marked by MarkFileFlag: the flag's own
// value, which refuses an empty name.
type fileName struct {
	pflag.Value
	hint string
}

// errEmptyFileName is what fileName.Set returns for "": FlagError words
// it with the flag's name (EmptyFileName).
type errEmptyFileName struct{ hint string }

func (e errEmptyFileName) Error() string { return "an empty file name" }

func (v fileName) Set(s string) error {
	if s == "" {
		return errEmptyFileName{v.hint}
	}
	return v.Value.Set(s)
}

// emptyFileName reports whether err is a file flag's refusal of an empty
// name, and its hint.
func emptyFileName(err error) (hint string, ok bool) {
	var e errEmptyFileName
	if errors.As(err, &e) {
		return e.hint, true
	}
	return "", false
}
