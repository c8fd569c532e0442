// Package export is `orgadvisor rules export`: the embedded default rules,
// to start a custom rules file from.
package export

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

// ExportOptions is what `rules export` needs.
type ExportOptions struct {
	IO *iostreams.IOStreams
}

// NewCmdExport returns the `rules export` command.
func NewCmdExport(f *cmdutil.Factory, runF func(*ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "export",
		Short: "Print the embedded default rules, to start a custom rules file",
		Long: strings.TrimSpace(`
Print the rules file embedded in orgadvisor, byte for byte (its sha256 is the
one "orgadvisor --version" shows). Edit a copy and use it with --rules FILE or
ORGADVISOR_RULES; its questions become advise's flags.`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules export > my-rules.yaml",
			"  $ orgadvisor rules check my-rules.yaml",
			"  $ orgadvisor advise --rules my-rules.yaml",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			_, err := opts.IO.Out.Write(orgadvisor.DefaultRulesYAML)
			return err
		},
	}
}
