// Package schema is `orgadvisor rules schema`: the JSON Schema of rules
// files, for editors to complete and validate them.
package schema

import (
	_ "embed"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

// JSON is the JSON Schema (draft-07) of rules files.
//
//go:embed rules.schema.json
var JSON []byte

// SchemaOptions is what `rules schema` needs.
type SchemaOptions struct {
	IO *iostreams.IOStreams
}

// NewCmdSchema returns the `rules schema` command.
func NewCmdSchema(f *cmdutil.Factory, runF func(*SchemaOptions) error) *cobra.Command {
	opts := &SchemaOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of rules files, for editors",
		Long: strings.TrimSpace(`
Print the JSON Schema (draft-07) of rules files. Editors that understand JSON
Schema complete keys and flag mistakes as you type, including the limits a
schema can state (1,000 options per question, 64 for a multi question, 100
bytes per option id, 4,096 per expression); orgadvisor rules check checks
what a schema cannot (expressions, references, decide tables, the work of
the file's expressions).

With the YAML language server (VS Code's YAML extension, Neovim, Helix...),
save the schema next to your rules and name it on the file's first line:

  # yaml-language-server: $schema=./rules.schema.json`),
		Example: strings.Join([]string{
			"  $ orgadvisor rules schema > rules.schema.json",
			"  $ orgadvisor rules export |",
			"    sed '1i # yaml-language-server: $schema=./rules.schema.json' > my-rules.yaml",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			_, err := opts.IO.Out.Write(JSON)
			return err
		},
	}
}
