package rules

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// maxQuoted bounds how much of a given value a message quotes: a 10 MiB
// cell must not make a 10 MiB error line.
const maxQuoted = 64

// quoteValue quotes s for a message, cut after maxQuoted bytes (on a rune
// boundary) with its full length, as in "aaaa"... (10485760 bytes).
func quoteValue(s string) string {
	head, cut := shorten(s)
	if !cut {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(head), len(s))
}

// Quote quotes a value given by a user for a message, as the engine's own
// messages do: cut after 64 bytes, with its full length.
func Quote(s string) string { return quoteValue(s) }

// quoteNumber shows a number's text (a JSON number) for a message as it
// was written, unquoted, cut as quoteValue cuts, as in 1111...1...
// (1048576 bytes).
func quoteNumber(s string) string {
	head, cut := shorten(s)
	if !cut {
		return s
	}
	return fmt.Sprintf("%s... (%d bytes)", head, len(s))
}

// shorten is s cut after maxQuoted bytes, on a rune boundary, and whether
// it was cut.
func shorten(s string) (string, bool) {
	if len(s) <= maxQuoted {
		return s, false
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}
