package answers

import (
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// EnvPrefix starts every environment variable of orgadvisor: settings
// (ORGADVISOR_OUTPUT) and answers (ORGADVISOR_EMPLOYEES).
const EnvPrefix = "ORGADVISOR_"

// ReservedFlag reports whether a flag name belongs to `advise`, `sweep` or
// the root command; a question whose id would clash with one gets the prefix
// "answer-".
func ReservedFlag(name string) bool {
	switch name {
	case "help", "version", "output", "jq", "explain", "answers", "save-answers",
		"rules", "config", "no-color", "no-input", "accessible", "pager", "no-pager", "vary":
		return true
	}
	return false
}

// ReservedEnv reports whether ORGADVISOR_<name> is a setting's variable.
// config's tests check that every setting of the config file is here.
func ReservedEnv(name string) bool {
	switch name {
	case "OUTPUT", "RULES", "CONFIG", "NO_COLOR", "NO_INPUT", "ACCESSIBLE", "PAGER", "NO_PAGER",
		// serve's
		"ADDR", "LOG_FORMAT", "EMBED_ORIGIN", "CORS_ORIGIN", "ALLOWED_HOST", "MAX_BODY", "MAX_LINE", "MAX_REQUESTS",
		"READ_HEADER_TIMEOUT", "READ_TIMEOUT", "WRITE_TIMEOUT", "IDLE_TIMEOUT", "BATCH_TIMEOUT":
		return true
	}
	return false
}

// Flag is the `advise` flag of a question: its id with dashes
// (product_driven -> product-driven), or answer-<id> when that would clash
// with one of the command's own flags.
func Flag(id string) string {
	name := strings.ReplaceAll(id, "_", "-")
	if ReservedFlag(name) {
		return "answer-" + name
	}
	return name
}

// Env is the environment variable of a question:
// ORGADVISOR_<ID in capitals>, or ORGADVISOR_ANSWER_<ID> when that would
// clash with a setting's variable.
func Env(id string) string {
	name := strings.ToUpper(id)
	if ReservedEnv(name) {
		name = "ANSWER_" + name
	}
	return EnvPrefix + name
}

// DefaultText is a question's default as help shows it: the value as a flag
// takes it (a list comma-separated), or "none".
func DefaultText(q *rules.Question) string {
	if q.Default == nil {
		return "none"
	}
	return q.Text(q.Default)
}
