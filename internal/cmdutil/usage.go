package cmdutil

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

// HelpWidth is the width help is laid out for: the terminal's, or 80
// columns when standard output is not a terminal.
func HelpWidth(f *Factory) func() int {
	return func() int {
		if f == nil || f.IOStreams == nil {
			return 80
		}
		return f.IOStreams.TerminalWidth()
	}
}

// UsageFunc prints a command's usage as cobra's default template does, but
// with every description wrapped to width() columns, so that no line of
// help is wider than the terminal.
func UsageFunc(width func() int) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		w := width()
		writeUsageHead(&b, c, w)
		if c.HasAvailableLocalFlags() {
			fmt.Fprintf(&b, "\nFlags:\n%s", c.LocalFlags().FlagUsagesWrapped(w))
		}
		writeGlobalFlags(&b, c, w)
		writeUsageTail(&b, c, w)
		_, err := io.WriteString(c.OutOrStderr(), b.String())
		return err
	}
}

// writeUsageHead writes the usage lines, aliases, examples and subcommands.
func writeUsageHead(b *strings.Builder, c *cobra.Command, width int) {
	b.WriteString("Usage:\n")
	if c.Runnable() {
		fmt.Fprintf(b, "  %s\n", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(b, "  %s [command]\n", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(b, "\nAliases:\n  %s\n", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(b, "\nExamples:\n%s\n", c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\nAvailable Commands:\n")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				writeColumn(b, 2, sub.NamePadding(), sub.Name(), sub.Short, width)
			}
		}
	}
}

// writeGlobalFlags writes the flags the command inherits from its parents.
func writeGlobalFlags(b *strings.Builder, c *cobra.Command, width int) {
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(b, "\nGlobal Flags:\n%s", c.InheritedFlags().FlagUsagesWrapped(width))
	}
}

// writeUsageTail writes the help topics and the hint for subcommands.
func writeUsageTail(b *strings.Builder, c *cobra.Command, width int) {
	if c.HasHelpSubCommands() {
		b.WriteString("\nAdditional help topics:\n")
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				writeColumn(b, 2, sub.CommandPathPadding(), sub.CommandPath(), sub.Short, width)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(b, "\nUse \"%s [command] --help\" for more information about a command.\n", c.CommandPath())
	}
}

// writeColumn writes one row of a two-column list: name after indent
// spaces, then desc from column indent+pad+1, wrapped under itself. A name
// wider than pad, or a second column too narrow to read, puts desc on the
// next line.
func writeColumn(b *strings.Builder, indent, pad int, name, desc string, width int) {
	left := strings.Repeat(" ", indent) + name
	if desc == "" {
		fmt.Fprintf(b, "%s\n", left)
		return
	}
	col := indent + pad + 1
	if width-col < 24 {
		col = indent + 4
	}
	if text.Width(name) > pad || col == indent+4 {
		fmt.Fprintf(b, "%s\n%s%s\n", left, strings.Repeat(" ", col), text.Indent(desc, col, width))
		return
	}
	fmt.Fprintf(b, "%s%s%s\n", left, strings.Repeat(" ", col-text.Width(left)), text.Indent(desc, col, width))
}

// flagRow is one flag of a list that help lays out itself (the answer
// flags), rather than from the flag's usage.
type flagRow struct{ name, desc string }

// writeFlagRows writes rows as two columns, as pflag lays out flags.
func writeFlagRows(b *strings.Builder, rows []flagRow, width int) {
	pad := 0
	for _, r := range rows {
		pad = max(pad, text.Width("--"+r.name))
	}
	// The widest name must not squeeze every description: past two fifths
	// of the width, long names get their description on the next line.
	pad = min(pad+2, width*2/5)
	for _, r := range rows {
		writeColumn(b, 6, pad, "--"+r.name, r.desc, width)
	}
}

// flagSetOf collects flags into a set that keeps their order.
func flagSetOf(name string, flags []*pflag.Flag) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	for _, fl := range flags {
		fs.AddFlag(fl)
	}
	return fs
}
