// Package root is the `orgadvisor` command: it holds the subcommands, the
// global flags and the help that explains exit status, environment and
// configuration.
package root

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmd/advise"
	"github.com/orgadvisor/orgadvisor/internal/cmd/batch"
	mcpcmd "github.com/orgadvisor/orgadvisor/internal/cmd/mcp"
	"github.com/orgadvisor/orgadvisor/internal/cmd/questions"
	"github.com/orgadvisor/orgadvisor/internal/cmd/roles"
	rulescmd "github.com/orgadvisor/orgadvisor/internal/cmd/rules"
	"github.com/orgadvisor/orgadvisor/internal/cmd/sweep"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

const long = `orgadvisor tells an organisation which technology leadership it needs: a CTO, a
CIO, both, or a fractional (virtual) CTO or CIO, with the reasons, the sources
behind them and what would change the answer.

Start with "orgadvisor advise": at a terminal it asks the questions; it also
takes the answers as flags, from a file or from the environment.

Configuration, highest precedence first:
  flags > environment variables > --answers file > config file > defaults

  The config file is --config FILE, else $ORGADVISOR_CONFIG, else
  $XDG_CONFIG_HOME/orgadvisor/config.yaml (~/.config/orgadvisor/config.yaml).
  It may hold: output, rules, no_color, no_input, accessible, pager, no_pager,
  and answers (a mapping of question ids to default answers). A relative rules
  path is relative to it.

Environment:
  ORGADVISOR_OUTPUT      advise's format: text, json, yaml, markdown or html
  ORGADVISOR_RULES       the rules file to use instead of the embedded rules
  ORGADVISOR_CONFIG      the config file
  ORGADVISOR_NO_COLOR    true: never colour the output (as NO_COLOR does)
  ORGADVISOR_NO_INPUT    true: never prompt
  ORGADVISOR_ACCESSIBLE  true: prompt in plain lines, for screen readers (the
                         default with TERM=dumb)
  ORGADVISOR_PAGER       the pager for output taller than the terminal, else
                         $PAGER, else "less -FRX"; cat for none
  ORGADVISOR_NO_PAGER    true: never page the output
  NO_COLOR, CLICOLOR=0   no colour (CLICOLOR=0 and TERM=dumb at a terminal);
  CLICOLOR_FORCE=1       colour even when the output is not a terminal
  ORGADVISOR_<QUESTION>  an answer, such as ORGADVISOR_EMPLOYEES=40; see
                         "orgadvisor questions" for every question's variable

Exit status:
  0    success
  1    failure: a failing casebook or too little coverage ("rules test"),
       warnings with "rules check --strict", changed advice with
       "rules diff --fail-on-change", a failed batch record
  2    bad input or usage: a bad flag, answer, answers file or rules file,
       missing required answers
  130  interrupted (Ctrl-C, or Ctrl-D at a prompt)`

// NewCmdRoot returns the command tree. The factory must already know the
// active rules path (see the factory package), because the rules bring
// advise's flags.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "orgadvisor <command> [flags]",
		Short: "Which technology leadership does an organisation need?",
		Long:  long,
		Example: strings.Join([]string{
			"  $ orgadvisor advise",
			"  $ orgadvisor advise --answers answers.yaml -o json --jq .recommendation",
			"  $ orgadvisor questions",
			"  $ orgadvisor roles cto cio",
			"  $ orgadvisor sweep --vary employees --product-driven=false",
			"  $ orgadvisor rules export > my-rules.yaml",
			"  $ orgadvisor advise --rules my-rules.yaml --help",
		}, "\n"),
		Version:       versionString(f),
		Args:          cobra.ArbitraryArgs,
		RunE:          cmdutil.UnknownCommand,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return applyGlobalFlags(cmd, f)
		},
	}
	cmd.SetVersionTemplate("orgadvisor {{.Version}}\n")
	cmd.SetFlagErrorFunc(cmdutil.FlagError)
	cmd.SetUsageFunc(cmdutil.UsageFunc(cmdutil.HelpWidth(f)))
	if ios := f.IOStreams; ios != nil {
		cmd.SetIn(ios.In)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
	}

	pf := cmd.PersistentFlags()
	pf.String("rules", "", "use the rules `file` instead of the embedded rules; its questions become advise's flags")
	pf.String("config", "", "read settings from the config `file`")
	pf.Bool("no-color", false, "never colour the output")
	pf.Bool("no-input", false, "never prompt; a missing required answer is an error")
	pf.Bool("accessible", false, "prompt in plain lines, for screen readers (the default with TERM=dumb)")
	pf.String("pager", "", "page long output at a terminal with `command` (default $PAGER, else \""+iostreams.DefaultPager+"\")")
	pf.Bool("no-pager", false, "never page the output")
	_ = cmd.MarkPersistentFlagFilename("rules", "yaml", "yml")
	_ = cmd.MarkPersistentFlagFilename("config", "yaml", "yml")

	cmd.AddCommand(advise.NewCmdAdvise(f, nil))
	cmd.AddCommand(questions.NewCmdQuestions(f, nil))
	cmd.AddCommand(rulescmd.NewCmdRules(f))
	cmd.AddCommand(roles.NewCmdRoles(f, nil))
	cmd.AddCommand(batch.NewCmdBatch(f, nil))
	cmd.AddCommand(sweep.NewCmdSweep(f, nil))
	cmd.AddCommand(mcpcmd.NewCmdMCP(f, nil))

	cmd.InitDefaultHelpCmd()
	cmd.InitDefaultCompletionCmd()
	finalize(cmd)
	return cmd
}

// finalize makes every usage error of the tree bad input (exit 2): a group
// command given an unknown subcommand says so instead of showing its help
// with success, and argument errors from cobra's own validators become
// typed errors.
func finalize(c *cobra.Command) {
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = cobra.ArbitraryArgs
		c.RunE = cmdutil.UnknownCommand
	}
	if orig := c.Args; orig != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			err := orig(cmd, args)
			var ie *cmdutil.InputError
			if err != nil && !errors.As(err, &ie) {
				return cmdutil.BadInput(err)
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		finalize(sub)
	}
}

// applyGlobalFlags applies --no-color, --no-input, --accessible, --pager and
// --no-pager, with their environment variables and config file settings. A bad config file or
// setting is an error for every command but help and completion, which
// read no configuration (--help and --version never get here).
func applyGlobalFlags(cmd *cobra.Command, f *cmdutil.Factory) error {
	if needsNoConfig(cmd) {
		return nil
	}
	if f.ConfigErr != nil {
		return f.ConfigErr
	}
	if fl := cmd.Flags().Lookup("rules"); fl != nil && fl.Changed && fl.Value.String() == "" {
		return cmdutil.ErrEmptyRules
	}
	cfg := f.Config
	if cfg == nil {
		cfg = config.Empty()
	}
	noColor, err := cfg.Bool(config.KeyNoColor, cmd.Flags().Lookup("no-color"))
	if err != nil {
		return cmdutil.BadInput(err)
	}
	noInput, err := cfg.Bool(config.KeyNoInput, cmd.Flags().Lookup("no-input"))
	if err != nil {
		return cmdutil.BadInput(err)
	}
	noPager, err := cfg.Bool(config.KeyNoPager, cmd.Flags().Lookup("no-pager"))
	if err != nil {
		return cmdutil.BadInput(err)
	}
	// accessible is left as the streams found it (on with TERM=dumb) unless
	// it is set.
	accessible := cfg.String(config.KeyAccessible, cmd.Flags().Lookup("accessible"), "")
	if accessible.From != "" {
		if _, ok := config.ParseBool(accessible.Value); !ok {
			return cmdutil.BadInputf("%s: %q is not true or false", accessible.From, accessible.Value)
		}
	}
	if ios := f.IOStreams; ios != nil {
		if noColor {
			ios.SetColorDisabled(true)
		}
		if noInput {
			ios.SetNeverPrompt(true)
		}
		if accessible.From != "" {
			on, _ := config.ParseBool(accessible.Value)
			ios.SetAccessiblePrompter(on)
		}
		ios.SetPager(pager(cfg, cmd, noPager))
	}
	return nil
}

// pager is the command that pages long output, and where it was set: the
// pager setting (`--pager`, ORGADVISOR_PAGER, the config file), else
// $PAGER, else less, but not at a dumb terminal, where less cannot draw;
// none with no_pager.
func pager(cfg *config.Config, cmd *cobra.Command, off bool) (command, from string) {
	if off {
		return "", ""
	}
	if s := cfg.String(config.KeyPager, cmd.Flags().Lookup("pager"), ""); s.Value != "" {
		return s.Value, s.From
	}
	if p := os.Getenv("PAGER"); p != "" {
		return p, "PAGER"
	}
	if os.Getenv("TERM") == "dumb" {
		return "", ""
	}
	return iostreams.DefaultPager, ""
}

// needsNoConfig reports whether cmd is help, completion or one of cobra's
// hidden completion requests.
func needsNoConfig(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return true
		}
	}
	return false
}

// versionString is the program's version with the embedded rules' version
// and digest, and the active rules' when they differ.
func versionString(f *cmdutil.Factory) string {
	v := f.Version
	if v == "" {
		v = "dev"
	}
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		return v + "\nrules: embedded, invalid: " + err.Error()
	}
	v += fmt.Sprintf("\nrules: embedded, version %d, sha256 %s", rs.Version, rs.Digest[:12])
	if f.RulesPath != "" {
		if active, _, err := f.ActiveRules(); err == nil && active.Digest != rs.Digest {
			v += fmt.Sprintf("\nactive rules: %s, version %d, sha256 %s", f.RulesPath, active.Version, active.Digest[:12])
		}
	}
	return v
}
