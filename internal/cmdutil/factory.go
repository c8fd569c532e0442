package cmdutil

import (
	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Factory gives commands what they share, so tests can replace it.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Version is the program's version.
	Version string
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
