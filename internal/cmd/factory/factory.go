// Package factory builds the cmdutil.Factory of a real run: it reads the
// configuration and settles which rules file is active before the command
// tree is built, because a rules file brings its own `advise` flags.
package factory

import (
	"os"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
)

// New returns the factory for a run with the given arguments. The config
// file is `--config FILE`, else ORGADVISOR_CONFIG, else the default path.
// The rules file is `--rules FILE`, else ORGADVISOR_RULES, else the config
// file's `rules` (relative to the config file), else the embedded rules.
// A bad config file, like a bad rules file, is reported only by the commands
// that read it (f.ConfigErr), so that --help, --version and completion still
// work; the rules path then comes from `--rules` or the environment alone.
func New(ios *iostreams.IOStreams, version string, args []string) (*cmdutil.Factory, error) {
	cfgPath, ok := ScanFlag(args, "config")
	if !ok {
		cfgPath = os.Getenv(config.EnvConfig)
	}
	cfg, err := config.Load(cfgPath)
	f := &cmdutil.Factory{IOStreams: ios, Version: version, Config: cfg}
	if err != nil {
		f.Config, f.ConfigErr = config.Empty(), cmdutil.BadInput(err)
		cfg = f.Config
	}
	if p, ok := ScanFlag(args, "rules"); ok {
		f.RulesPath, f.RulesFrom = p, "`--rules`"
	} else {
		s := cfg.String(config.KeyRules, nil, "")
		f.RulesPath, f.RulesFrom = s.Value, s.From
	}
	return f, nil
}

// ScanFlag finds the value of a long flag in args before the command line
// is parsed: `--name VALUE` or `--name=VALUE`, the last one winning, up to a
// bare `--`. It reports false when the flag is absent or has no value.
func ScanFlag(args []string, name string) (string, bool) {
	value, found := "", false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			value, found = v, true
			continue
		}
		if a == "--"+name && i+1 < len(args) {
			value, found = args[i+1], true
			i++
		}
	}
	return value, found
}
