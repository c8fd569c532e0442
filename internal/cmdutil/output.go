package cmdutil

import (
	"io"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/spf13/cobra"
)

// OutputFormat settles a command's output format, the same way for every
// command. format is the format asked for and from names where ("`--output`",
// ORGADVISOR_OUTPUT or a config file position); explicit is true when
// `--output` itself was given. An unknown format is bad input naming from
// and listing formats. With jq (a `--jq` expression) the output is JSON:
// an explicit other format is bad input.
func OutputFormat(format, from string, explicit, jq bool, formats []string) (string, error) {
	if !slices.Contains(formats, format) {
		return "", BadInputf("%s: unknown output format %q; formats: %s", from, format, strings.Join(formats, ", "))
	}
	if !jq {
		return format, nil
	}
	if explicit && format != "json" {
		return "", BadInputf("`--jq` filters JSON output; it cannot be used with `--output %s`", format)
	}
	return "json", nil
}

// OutputFlags are a command's `--output` (`-o`) and `--jq` flags, added the
// same way to every command that writes a document (advise, questions,
// roles), as the GitHub CLI's AddJSONFlags does. A command that gains
// `--jq` later adds it here, and docs/json.md lists it.
type OutputFlags struct {
	// Format is the output format once Resolve has settled it.
	Format string
	// JQ is the `--jq` expression, or "".
	JQ string

	cmd     *cobra.Command
	formats []string
	code    *gojq.Code
}

// AddOutputFlags adds `--output` with the given formats (the first is the
// default) and `--jq` to cmd.
func AddOutputFlags(cmd *cobra.Command, formats []string) *OutputFlags {
	o := &OutputFlags{cmd: cmd, formats: formats}
	list := strings.Join(formats[:len(formats)-1], ", ") + " or " + formats[len(formats)-1]
	cmd.Flags().StringVarP(&o.Format, "output", "o", formats[0], "output `format`: "+list)
	cmd.Flags().StringVar(&o.JQ, "jq", "", "filter the JSON output with a jq `expression` (implies --output json)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return o
}

// Resolve settles the format and compiles the `--jq` expression, so that
// both are refused before any work. setting, when not nil, is the output
// setting as the config layers give it (flag, ORGADVISOR_OUTPUT, config
// file); without it, the flag alone decides.
func (o *OutputFlags) Resolve(setting *config.Setting) error {
	value, from := o.Format, "`--output`"
	if setting != nil {
		value, from = setting.Value, setting.From
	}
	format, err := OutputFormat(value, from, o.cmd.Flags().Changed("output"), o.JQ != "", o.formats)
	if err != nil {
		return err
	}
	o.Format = format
	return o.Compile()
}

// Compile compiles the `--jq` expression, once; a bad one is bad input.
func (o *OutputFlags) Compile() error {
	if o.JQ == "" || o.code != nil {
		return nil
	}
	code, err := CompileJQ(o.JQ)
	o.code = code
	return err
}

// WriteJSON writes JSON data, filtered by `--jq` when given, to w; pretty
// colours jq's output as gh does at a terminal.
func (o *OutputFlags) WriteJSON(w io.Writer, data []byte, pretty bool) error {
	if err := o.Compile(); err != nil {
		return err
	}
	if o.code != nil {
		return JQ(w, data, o.code, pretty)
	}
	_, err := w.Write(data)
	return err
}

// Write writes doc in the settled format: JSON (filtered by `--jq`), YAML,
// or, for every other format, what text writes.
func (o *OutputFlags) Write(w io.Writer, doc any, pretty bool, text func(io.Writer) error) error {
	switch o.Format {
	case "json":
		data, err := encode.JSON(doc)
		if err != nil {
			return err
		}
		return o.WriteJSON(w, data, pretty)
	case "yaml":
		return encode.YAML(w, doc)
	}
	return text(w)
}
