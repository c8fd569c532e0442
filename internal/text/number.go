package text

import (
	"regexp"
	"strings"

	"github.com/dustin/go-humanize"
)

// Number writes a whole number as people read it, its thousands separated
// by commas: "999", "1,200", "-10,000,000". Scripts, flags and JSON keep
// the bare digits; Number is for text that people read.
func Number(n int) string { return humanize.Comma(int64(n)) }

// groupedRE is a whole number written as Number writes it: one to three
// digits, then groups of three each after a comma.
var groupedRE = regexp.MustCompile(`^[-+]?[0-9]{1,3}(,[0-9]{3})+$`)

// Ungroup reads back the separators Number writes, for what people type
// where Number's text was shown to them (the terminal prompt, the web
// form): "1,200" is "1200". Only commas between groups of three digits
// are taken ("1,200", "-10,000,000"); anything else ("12,00", "1.200",
// "1 200", "1,2") is s unchanged, trimmed, for the strict parse to refuse:
// a dot or a space is a decimal point or a thousands separator depending
// on where the reader lives, and a guess could be wrong by a factor of a
// thousand.
func Ungroup(s string) string {
	s = strings.TrimSpace(s)
	if groupedRE.MatchString(s) {
		return strings.ReplaceAll(s, ",", "")
	}
	return s
}

// otherGroupedRE is a whole number grouped by dots or spaces, as much of
// Europe writes it: "1.200", "10 000 000".
var otherGroupedRE = regexp.MustCompile(`^[-+]?[0-9]{1,3}([. \x{a0}\x{202f}][0-9]{3})+$`)

// GroupedOtherwise reports whether s looks like a whole number with its
// thousands separated by dots or spaces ("1.200", "1 200"), which Ungroup
// does not read, so that a message can say how to write it instead.
func GroupedOtherwise(s string) bool { return otherGroupedRE.MatchString(strings.TrimSpace(s)) }
