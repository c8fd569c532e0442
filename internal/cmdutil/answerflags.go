package cmdutil

import (
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/config"
)

// reservedFlag reports whether a flag name belongs to `advise` or the root
// command; a question whose id would clash with one gets the prefix
// "answer-".
func reservedFlag(name string) bool {
	switch name {
	case "help", "version", "output", "jq", "explain", "answers", "save-answers",
		"rules", "config", "no-color", "no-input":
		return true
	}
	return false
}

// reservedEnv reports whether ORGADVISOR_<name> is a setting's variable.
func reservedEnv(name string) bool {
	switch name {
	case "OUTPUT", "RULES", "CONFIG", "NO_COLOR", "NO_INPUT":
		return true
	}
	return false
}

// AnswerFlag is the `advise` flag of a question: its id with dashes
// (product_driven -> product-driven), or answer-<id> when that would clash
// with one of the command's own flags.
func AnswerFlag(id string) string {
	name := strings.ReplaceAll(id, "_", "-")
	if reservedFlag(name) {
		return "answer-" + name
	}
	return name
}

// AnswerEnv is the environment variable of a question:
// ORGADVISOR_<ID in capitals>, or ORGADVISOR_ANSWER_<ID> when that would
// clash with a setting's variable.
func AnswerEnv(id string) string {
	name := strings.ToUpper(id)
	if reservedEnv(name) {
		name = "ANSWER_" + name
	}
	return config.EnvPrefix + name
}
