// Package root is the `orgadvisor` command: it holds the subcommands, the
// global flags and the help that explains exit status, environment and
// configuration.
package root

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmd/advise"
	"github.com/orgadvisor/orgadvisor/internal/cmd/batch"
	mcpcmd "github.com/orgadvisor/orgadvisor/internal/cmd/mcp"
	"github.com/orgadvisor/orgadvisor/internal/cmd/questions"
	"github.com/orgadvisor/orgadvisor/internal/cmd/roles"
	rulescmd "github.com/orgadvisor/orgadvisor/internal/cmd/rules"
	"github.com/orgadvisor/orgadvisor/internal/cmd/serve"
	"github.com/orgadvisor/orgadvisor/internal/cmd/sweep"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
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
  serve's settings (addr, log_format, embed_origin, cors_origin,
  allowed_host, max_body, max_line, max_requests, read_header_timeout,
  read_timeout, write_timeout, idle_timeout, batch_timeout), and answers (a
  mapping of question ids to default answers, which serve never reads). A
  relative rules path is relative to it.

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
  ORGADVISOR_ADDR, ORGADVISOR_MAX_BODY, ...
                         serve's settings, one per flag (see serve --help)
  ORGADVISOR_<QUESTION>  an answer, such as ORGADVISOR_EMPLOYEES=40; see
                         "orgadvisor questions" for every question's variable

Exit status:
  0    success (serve: stopped by SIGTERM; mcp: its input ended, or SIGTERM)
  1    failure: a failing casebook or too little coverage ("rules test"),
       warnings with "rules check --strict", changed advice with
       "rules diff --fail-on-change", a failed batch record
  2    bad input or usage: a bad flag, answer, answers file or rules file,
       missing required answers
  130  interrupted (Ctrl-C, or Ctrl-D at a prompt)`

// NewCmdRoot returns the whole command tree, every command built with the
// active rules. The factory must already know the active rules path (see the
// factory package), because the rules bring advise's flags. A run uses
// NewCmdRootFor, which loads the rules only when the command needs them.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	return newCmdRoot(f, false)
}

// NewCmdRootFor returns the command tree that runs args. advise and sweep
// take the questions of the rules as flags, so building them needs the
// rules: they are built so only when args run them, ask for their help or
// complete their flags, and otherwise stand as outlines that name and
// describe them in the root's help. Every other command loads the rules
// when it runs, if it needs them, and `--version` never does.
func NewCmdRootFor(f *cmdutil.Factory, args []string) *cobra.Command {
	cmd := newCmdRoot(f, true)
	if c := target(cmd, args); c != nil && c.Parent() == cmd {
		for _, ac := range answerCommands {
			if ac.name == c.Name() {
				full := ac.build(f)
				cmd.RemoveCommand(c)
				cmd.AddCommand(full)
				finalize(full)
			}
		}
	}
	return cmd
}

// answerCommands are the commands whose flags are the rules' questions.
var answerCommands = []struct {
	name  string
	build func(*cmdutil.Factory) *cobra.Command
}{
	{"advise", func(f *cmdutil.Factory) *cobra.Command { return advise.NewCmdAdvise(f, nil) }},
	{"sweep", func(f *cmdutil.Factory) *cobra.Command { return sweep.NewCmdSweep(f, nil) }},
}

// errOutline stands for the rules while an outline is built: nothing
// reports it, since an outline never runs.
var errOutline = errors.New("the rules are not loaded for an outline")

// target is the command that args run, or whose help or completions they
// ask for; nil when they name none.
func target(root *cobra.Command, args []string) *cobra.Command {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		args = args[1:]
	}
	c, rest, err := root.Find(args)
	if err == nil && c.Name() == "help" && c.Parent() == root {
		c, _, err = root.Find(rest)
	}
	if err != nil {
		return nil
	}
	return c
}

func newCmdRoot(f *cmdutil.Factory, outline bool) *cobra.Command {
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
			"  $ orgadvisor serve",
			"  $ orgadvisor rules export > my-rules.yaml",
			"  $ orgadvisor advise --rules my-rules.yaml --help",
		}, "\n"),
		Version:       versionString(f, false),
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
	addVersionFlag(cmd, f)

	pf := cmd.PersistentFlags()
	pf.String("rules", "", "use the rules `file` instead of the embedded rules; its questions become advise's flags")
	pf.String("config", "", "read settings from the config `file`")
	pf.Bool("no-color", false, "never colour the output")
	pf.Bool("no-input", false, "never prompt; a missing required answer is an error")
	pf.Bool("accessible", false, "prompt in plain lines, for screen readers (the default with TERM=dumb)")
	pf.String("pager", "", "page long output at a terminal with `command` (default $PAGER, else \""+iostreams.DefaultPager+"\")")
	pf.Bool("no-pager", false, "never page the output")
	cmdutil.MarkFileFlag(pf, "rules", cmdutil.RulesHint, "yaml", "yml")
	cmdutil.MarkFileFlag(pf, "config", "leave it out to use the default config file", "yaml", "yml")

	af := f
	if outline {
		af = &cmdutil.Factory{
			IOStreams: f.IOStreams, Version: f.Version, Config: f.Config, ConfigErr: f.ConfigErr,
			RulesPath: f.RulesPath, RulesFrom: f.RulesFrom,
			Rules: func() (*rules.Ruleset, []rules.Diagnostic, error) { return nil, nil, errOutline },
		}
	}
	for _, ac := range answerCommands {
		cmd.AddCommand(ac.build(af))
	}
	cmd.AddCommand(questions.NewCmdQuestions(f, nil))
	cmd.AddCommand(rulescmd.NewCmdRules(f))
	cmd.AddCommand(roles.NewCmdRoles(f, nil))
	cmd.AddCommand(batch.NewCmdBatch(f, nil))
	cmd.AddCommand(mcpcmd.NewCmdMCP(f, nil))
	cmd.AddCommand(serve.NewCmdServe(f, nil))

	cmd.InitDefaultHelpCmd()
	checkHelpTopics(cmd)
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

// checkHelpTopics makes `help TOPIC` refuse a topic that names no
// command, as running it would (cobra's help shows the nearest command's
// help and succeeds), and otherwise leaves the help to cobra.
func checkHelpTopics(root *cobra.Command) {
	for _, c := range root.Commands() {
		if c.Name() != "help" || c.Run == nil {
			continue
		}
		show := c.Run
		c.RunE = func(c *cobra.Command, args []string) error {
			if err := cmdutil.HelpTopic(c.Root(), args); err != nil {
				return err
			}
			show(c, args)
			return nil
		}
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
// and digest, computed when they were built (embedded_gen.go), and with
// active the active rules' when they differ, which loads them.
func versionString(f *cmdutil.Factory, active bool) string {
	v := f.Version
	if v == "" {
		v = "dev"
	}
	v += fmt.Sprintf("\nrules: embedded, version %d, sha256 %s", orgadvisor.DefaultRulesVersion, orgadvisor.DefaultRulesDigest[:12])
	if active && f.RulesPath != "" {
		if rs, _, err := f.ActiveRules(); err == nil && rs.Digest != orgadvisor.DefaultRulesDigest {
			v += fmt.Sprintf("\nactive rules: %s, version %d, sha256 %s", f.RulesPath, rs.Version, rs.Digest[:12])
		}
	}
	return v
}

// addVersionFlag gives the root cobra's --version (-v), whose setting
// completes the version with the active rules: loading them is left to the
// runs that print it.
func addVersionFlag(cmd *cobra.Command, f *cmdutil.Factory) {
	fl := cmd.Flags().VarPF(&versionFlag{cmd: cmd, f: f}, "version", "v", "version for "+cmd.DisplayName())
	fl.NoOptDefVal = "true"
	_ = cmd.Flags().SetAnnotation("version", cobra.FlagSetByCobraAnnotation, []string{"true"})
}

// versionFlag is a bool flag (cobra reads it with GetBool) that, once set,
// puts the whole version in the command's Version for cobra to print.
type versionFlag struct {
	cmd *cobra.Command
	f   *cmdutil.Factory
	set bool
}

func (v *versionFlag) String() string   { return strconv.FormatBool(v.set) }
func (v *versionFlag) Type() string     { return "bool" }
func (v *versionFlag) IsBoolFlag() bool { return true }

func (v *versionFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	v.set = b
	if b {
		v.cmd.Version = versionString(v.f, true)
	}
	return nil
}
