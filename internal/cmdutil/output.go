package cmdutil

import (
	"slices"
	"strings"
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
