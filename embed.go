// Package orgadvisor holds the default knowledge of the orgadvisor command:
// the rules file embedded in the binary. The engine is in internal/rules,
// the command in cmd/orgadvisor.
package orgadvisor

import (
	_ "embed"
	"sync"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

//go:generate go run ./internal/rulesgen/gen -pkg orgadvisor -o embedded_gen.go rules.yaml

// DefaultRulesYAML is rules.yaml as shipped. embedded_gen.go holds what is
// computed from it at build time (go generate; TestEmbeddedGenerated fails
// when it is stale).
//
//go:embed rules.yaml
var DefaultRulesYAML []byte

// DefaultRulesName is the name positions in the embedded rules use.
const DefaultRulesName = "rules.yaml"

var (
	defaultOnce  sync.Once
	defaultRules *rules.Ruleset
)

// DefaultRules returns the embedded rules, loaded, checked and compiled
// when the binary was built (embedded_gen.go): a run restores them
// instead of loading rules.yaml, which took most of a one-shot advise. The
// error is always nil; it stays for the callers that load other rules.
func DefaultRules() (*rules.Ruleset, error) {
	defaultOnce.Do(func() { defaultRules = defaultSnapshot.Restore() })
	return defaultRules, nil
}
