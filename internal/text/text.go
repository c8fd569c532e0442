// Package text holds the small helpers that shape words for people, shared
// by every command and renderer so that each exists once.
package text

import (
	"fmt"
	"strings"
)

// OneLine folds every run of white space, new lines included, into one
// space: an error or a reason fit for a one-line message.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Plural is word for one, word+"s" otherwise; it serves the regular nouns
// of orgadvisor's messages (answer, error, record, rule).
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Count is n with its noun: "1 error", "3 errors".
func Count(n int, word string) string { return fmt.Sprintf("%d %s", n, Plural(n, word)) }
