package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// groupThousands writes n with its thousands separated by commas, as
// people read it: "999", "1,200", "-10,000,000". It is hand-written
// rather than go-humanize's Comma (which the module uses elsewhere)
// because this package depends only on expr, yaml and the standard
// library; a test holds it to humanize.Comma.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(s) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(s[:head])
	for i := head; i < len(s); i += 3 {
		b.WriteByte(',')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// groupedRE is a whole number written as groupThousands writes it: one to
// three digits, then groups of three each after a comma.
var groupedRE = regexp.MustCompile(`^[-+]?[0-9]{1,3}(,[0-9]{3})+$`)

// Ungroup reads back the separators InWords.Number writes, for what
// people type where that text was shown to them (the terminal prompt, the
// web form): "1,200" is "1200". Only commas between groups of three
// digits are taken ("1,200", "-10,000,000"); anything else ("12,00",
// "1.200", "1 200", "1,2") is s unchanged, trimmed, for the strict parse
// to refuse: a dot or a space is a decimal point or a thousands separator
// depending on where the reader lives, and a guess could be wrong by a
// factor of a thousand.
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

// groupedOtherwise reports whether s looks like a whole number with its
// thousands separated by dots or spaces ("1.200", "1 200"), which Ungroup
// does not read, so that a message can say how to write it instead.
func groupedOtherwise(s string) bool { return otherGroupedRE.MatchString(strings.TrimSpace(s)) }
