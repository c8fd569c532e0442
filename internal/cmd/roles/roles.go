// Package roles is `orgadvisor roles`: what a CTO, a CIO and their
// fractional forms are, and how they differ, side by side, with sources.
package roles

import (
	"bytes"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// RolesOptions is what `roles` needs.
type RolesOptions struct {
	IO *iostreams.IOStreams
	// Rules are the active rules, whose sources the guide cites.
	Rules func() (*rules.Ruleset, []rules.Diagnostic, error)
	// Roles are the role ids asked for; empty means all.
	Roles  []string
	Output string
	JQ     string
	// Width is the line width of the text output.
	Width int
}

// NewCmdRoles returns the `roles` command.
func NewCmdRoles(f *cmdutil.Factory, runF func(*RolesOptions) error) *cobra.Command {
	opts := &RolesOptions{IO: f.IOStreams, Rules: f.ActiveRules}
	cmd := &cobra.Command{
		Use:   "roles [cto|cio|vcto|vcio]...",
		Short: "Explain the CTO, CIO, vCTO and vCIO roles side by side",
		Long: strings.TrimSpace(`
Explain what each technology leadership role is and how they differ: focus,
responsibilities, reporting line, skills, typical background, cost and when it
fits, each point with its sources, and where the sources disagree.

With no role it compares the CTO with the CIO, then the vCTO with the vCIO.
With one role it describes that role; with several it sets them side by side
in pairs.`),
		Example: strings.Join([]string{
			"  $ orgadvisor roles",
			"  $ orgadvisor roles vcio",
			"  $ orgadvisor roles cto vcto",
			"  $ orgadvisor roles -o json --jq '.roles[] | {id, reports_to: [.reports_to[].text]}'",
		}, "\n"),
		ValidArgs: advisor.RoleGuideIDs(),
		Args: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				if !slices.Contains(advisor.RoleGuideIDs(), strings.ToLower(a)) {
					return cmdutil.BadInputf("unknown role %q; roles: %s", a, strings.Join(advisor.RoleGuideIDs(), ", "))
				}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Roles = args
			format, err := cmdutil.OutputFormat(opts.Output, "`--output`", cmd.Flags().Changed("output"), opts.JQ != "", formats())
			if err != nil {
				return err
			}
			opts.Output = format
			if opts.Width == 0 {
				opts.Width = opts.IO.TerminalWidth()
			}
			if runF != nil {
				return runF(opts)
			}
			return rolesRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "text", "output `format`: text, json or yaml")
	cmd.Flags().StringVar(&opts.JQ, "jq", "", "filter the JSON output with a jq `expression`")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func rolesRun(opts *RolesOptions) error {
	rs, _, err := opts.Rules()
	if err != nil {
		return err
	}
	rep, err := advisor.NewRoleGuideReport(rs, opts.Roles)
	if err != nil {
		return cmdutil.BadInput(err)
	}
	var code *gojq.Code
	if opts.JQ != "" {
		if code, err = cmdutil.CompileJQ(opts.JQ); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	switch opts.Output {
	case "json":
		err = cmdutil.WriteJSON(&b, rep, code, opts.IO.IsStdoutTTY())
	case "yaml":
		err = encode.YAML(&b, rep)
	default:
		err = advisor.RenderRoleGuideText(&b, rep, opts.Width, opts.IO.ColorEnabled())
	}
	if err != nil {
		return err
	}
	_, err = opts.IO.Out.Write(b.Bytes())
	return err
}

func formats() []string { return []string{"text", "json", "yaml"} }
