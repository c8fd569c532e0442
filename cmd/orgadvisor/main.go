// Command orgadvisor tells an organisation which technology leadership it
// needs. This file only wires the command tree to the process: arguments,
// streams, and the one place where errors become exit codes.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/cmd/factory"
	"github.com/orgadvisor/orgadvisor/internal/cmd/root"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

func main() {
	os.Exit(run(os.Args[1:], iostreams.System()))
}

// run executes the command line and returns the exit status: 0 success,
// 1 failure, 2 bad input or usage, 130 interrupted. Errors are printed as
// one line, "orgadvisor: message", never as a stack trace.
func run(args []string, ios *iostreams.IOStreams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(ios.ErrOut, "orgadvisor: internal error: %s (please report it)\n", oneLine(fmt.Sprint(r)))
			code = cmdutil.ExitFailure
		}
	}()
	f, err := factory.New(ios, version(), args)
	if err == nil {
		cmd := root.NewCmdRootFor(f, args)
		cmd.SetArgs(args)
		err = cmd.Execute()
	}
	if err != nil && !cmdutil.IsSilent(err) {
		fmt.Fprintf(ios.ErrOut, "orgadvisor: %s\n", oneLine(err.Error()))
	}
	return cmdutil.ExitCode(err)
}

// version is the module version the binary was built from, or "dev".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// oneLine keeps an error on one line whatever produced it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}
