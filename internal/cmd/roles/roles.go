// Package roles is `orgadvisor roles`: what a CTO, a CIO and their
// fractional forms are, and how they differ, side by side, with sources.
package roles

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
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
	Output *cmdutil.OutputFlags
	// Width is the line width of the text output.
	Width int
}

// NewCmdRoles returns the `roles` command.
func NewCmdRoles(f *cmdutil.Factory, runF func(*RolesOptions) error) *cobra.Command {
	opts := &RolesOptions{IO: f.IOStreams, Rules: f.ActiveRules}
	cmd := &cobra.Command{
		Use:   "roles [ROLE [ROLE]]",
		Short: "Explain the CTO, CIO, vCTO and vCIO roles side by side",
		Long: strings.TrimSpace(`
Explain what each technology leadership role is and how they differ: focus,
responsibilities, reporting line, skills, typical background, cost and when it
fits, each point with its sources, and where the sources disagree.

The roles are cto, cio, vcto and vcio. With no role it compares the CTO with
the CIO, then the vCTO with the vCIO; with one it describes that role; with
two it sets them side by side.`),
		Example: strings.Join([]string{
			"  $ orgadvisor roles",
			"  $ orgadvisor roles vcio",
			"  $ orgadvisor roles cto vcto",
			"  $ orgadvisor roles cio -o json --jq '.roles[0].reports_to[].text'",
		}, "\n"),
		ValidArgs: advisor.RoleGuideIDs(),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 2 {
				// Text output has two columns: a third role cannot be
				// laid out beside them.
				return cmdutil.BadInputf("roles compares at most two roles, got %d: %s", len(args), strings.Join(args, " "))
			}
			for _, a := range args {
				if !slices.Contains(advisor.RoleGuideIDs(), strings.ToLower(a)) {
					return cmdutil.BadInputf("unknown role %q; roles: %s", a, strings.Join(advisor.RoleGuideIDs(), ", "))
				}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Roles = args
			if err := opts.Output.Resolve(nil); err != nil {
				return err
			}
			if opts.Width == 0 {
				opts.Width = opts.IO.TerminalWidth()
			}
			if runF != nil {
				return runF(opts)
			}
			return rolesRun(opts)
		},
	}
	opts.Output = cmdutil.AddOutputFlags(cmd, []string{"text", "json", "yaml"})
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
	var b bytes.Buffer
	err = opts.Output.Write(&b, rep, opts.IO.IsStdoutTTY(), func(w io.Writer) error {
		return advisor.RenderRoleGuideText(w, rep, opts.Width, opts.IO.ColorEnabled())
	})
	if err != nil {
		return err
	}
	return opts.IO.WritePaged(b.Bytes())
}
