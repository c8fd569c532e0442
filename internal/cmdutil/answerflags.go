package cmdutil

import (
	"fmt"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/rules"
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

// RangeText is the bounds of a whole-number question as help shows them
// ("1 to 1000", "at least 0", "at most 9"), or "" when it has none.
func RangeText(q *rules.Question) string {
	switch {
	case q.Type != rules.TypeInt:
		return ""
	case q.Min != nil && q.Max != nil:
		return fmt.Sprintf("%d to %d", *q.Min, *q.Max)
	case q.Min != nil:
		return fmt.Sprintf("at least %d", *q.Min)
	case q.Max != nil:
		return fmt.Sprintf("at most %d", *q.Max)
	}
	return ""
}

// DefaultText is a question's default as help shows it: the value as a flag
// takes it (a list comma-separated), or "none".
func DefaultText(q *rules.Question) string {
	switch d := q.Default.(type) {
	case []string:
		if len(d) == 0 {
			return "none"
		}
		return strings.Join(d, ",")
	case nil:
		return "none"
	}
	return fmt.Sprint(q.Default)
}
