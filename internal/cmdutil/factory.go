package cmdutil

import (
	"fmt"
	"sync"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Factory gives commands what they share, so tests can replace it.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Version is the program's version.
	Version string
	// Config is the configuration file and environment; nil means none.
	Config *config.Config
	// ConfigErr is why the config file could not be read (Config is then
	// the environment alone). Commands that read the configuration report
	// it; help, version and completion do not need it.
	ConfigErr error
	// RulesPath is the active rules file, "" for the embedded default
	// rules. It is known before the command tree is built, because a rules
	// file brings its own `advise` flags: `--rules` in the arguments, else
	// ORGADVISOR_RULES, else the config file's `rules`.
	RulesPath string
	// RulesFrom names where RulesPath was set: "`--rules`",
	// "ORGADVISOR_RULES" or a config file position; "" for the default.
	RulesFrom string
	// Rules returns the active rules and their warnings. When nil,
	// ActiveRules loads RulesPath.
	Rules func() (*rules.Ruleset, []rules.Diagnostic, error)

	once     sync.Once
	rs       *rules.Ruleset
	warnings []rules.Diagnostic
	err      error
}

// ActiveRules returns the active rules, loading them once. A load error is
// a bad-input error that says where the rules path was set when that was
// not the `--rules` flag.
func (f *Factory) ActiveRules() (*rules.Ruleset, []rules.Diagnostic, error) {
	if f.Rules != nil {
		return f.Rules()
	}
	f.once.Do(func() {
		if f.RulesPath == "" && f.RulesFrom == "`--rules`" {
			f.err = ErrEmptyRules
			return
		}
		f.rs, f.warnings, f.err = LoadRules(f.RulesPath)
		if f.err != nil && f.RulesFrom != "" && f.RulesFrom != "`--rules`" {
			f.err = BadInput(fmt.Errorf("%w (rules file set by %s)", f.err, f.RulesFrom))
		}
	})
	return f.rs, f.warnings, f.err
}

// ErrEmptyRules is an empty `--rules`: a mistake (an unset variable, say),
// not a way to ask for the embedded rules, which leaving the flag out does.
var ErrEmptyRules = EmptyFileName("`--rules`", RulesHint)

// RulesHint is what to do instead of giving `--rules` an empty name.
const RulesHint = "leave it out to use the embedded rules"

// RulesName is how reports name the active rules: the path, or "embedded".
func (f *Factory) RulesName() string {
	if f.RulesPath == "" {
		return "embedded"
	}
	return f.RulesPath
}

// LoadRules loads the active rules: the embedded default when path is "",
// else the file at path. Every problem becomes a bad-input error (exit 2)
// whose one line names the first problem's file:line:col.
func LoadRules(path string) (*rules.Ruleset, []rules.Diagnostic, error) {
	if path == "" {
		rs, err := orgadvisor.DefaultRules()
		if err != nil {
			return nil, nil, BadInput(err)
		}
		return rs, nil, nil
	}
	rs, warnings, err := rules.LoadFile(path)
	if err != nil {
		return nil, nil, BadInput(err)
	}
	return rs, warnings, nil
}
