// Package rules is `orgadvisor rules`: the commands that check, test,
// export and describe rules files.
package rules

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmd/rules/check"
	"github.com/orgadvisor/orgadvisor/internal/cmd/rules/diff"
	"github.com/orgadvisor/orgadvisor/internal/cmd/rules/export"
	"github.com/orgadvisor/orgadvisor/internal/cmd/rules/schema"
	"github.com/orgadvisor/orgadvisor/internal/cmd/rules/test"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
)

// NewCmdRules returns the `rules` command and its subcommands.
func NewCmdRules(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules <command>",
		Short: "Check, test, compare, export and describe rules files",
		Long: strings.TrimSpace(`
Work with rules files: the questions, roles, rules and decide tables behind
every recommendation (docs/rules-format.md). A custom file replaces the
embedded one with --rules FILE or ORGADVISOR_RULES.`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules export > my-rules.yaml",
			"  $ orgadvisor rules check my-rules.yaml",
			"  $ orgadvisor rules test --rules my-rules.yaml --coverage my-cases.yaml",
			"  $ orgadvisor rules diff embedded my-rules.yaml --cases my-cases.yaml",
			"  $ orgadvisor rules schema > rules.schema.json",
		}, "\n"),
	}
	cmd.AddCommand(check.NewCmdCheck(f, nil))
	cmd.AddCommand(test.NewCmdTest(f, nil))
	cmd.AddCommand(diff.NewCmdDiff(f, nil))
	cmd.AddCommand(export.NewCmdExport(f, nil))
	cmd.AddCommand(schema.NewCmdSchema(f, nil))
	return cmd
}
