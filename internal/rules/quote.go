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
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// Quote quotes a value given by a user for a message, as the engine's own
// messages do: cut after 64 bytes, with its full length.
func Quote(s string) string { return quoteValue(s) }
