// Package text holds the small helpers that shape words for people, shared
// by every command and renderer so that each exists once: one-line
// messages, plurals, and text laid out for a terminal, measured by the
// columns it takes (East Asian wide characters and emoji take two) and
// wrapped where Unicode's line-breaking algorithm (UAX #14) allows, both
// from github.com/rivo/uniseg.
package text

import (
	"fmt"
	"strings"

	"github.com/rivo/uniseg"
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

// Width is the number of columns s takes in a terminal: a wide character
// or an emoji takes two, a combining mark none. s must hold no escape
// codes.
func Width(s string) int { return uniseg.StringWidth(s) }

// PadRight pads s with spaces to width columns; a wider s is left as it is.
func PadRight(s string, width int) string {
	if n := width - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Wrap breaks s into lines of at most width columns: at spaces, and in
// text written without spaces (Chinese, Japanese) between two characters
// where Unicode's line-breaking algorithm allows it. A word is never
// broken inside, not even after its hyphen: "a full-" over "time CTO" reads
// as two words. Runs of white space, line breaks included, read as one
// space. An address (a word holding "://") is never
// broken, since a broken address can be neither copied nor followed: it
// goes on a line of its own when it does not fit, even one wider than
// width (a terminal then folds it softly, which keeps it whole). A piece
// wider than a line that Unicode allows no break in (a long flag name)
// also gets a line of its own rather than being split. Blank text is one
// empty line, and a width below 1 leaves s on one line.
func Wrap(s string, width int) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || width < 1 {
		return []string{s}
	}
	var lines []string
	var cur strings.Builder
	curW := 0  // the width of cur
	space := 0 // the spaces owed before the next piece on this line
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW, space = 0, 0
	}
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			space = 1
		}
		for _, piece := range pieces(word, width) {
			w := Width(piece)
			if cur.Len() > 0 && curW+space+w > width {
				flush()
			}
			if cur.Len() > 0 {
				cur.WriteString(strings.Repeat(" ", space))
				curW += space
			}
			cur.WriteString(piece)
			curW += w
			space = 0
		}
	}
	if cur.Len() > 0 {
		flush()
	}
	return lines
}

// pieces splits a word where a line may break inside it: at the
// line-break opportunities Unicode gives between two wide characters
// (Chinese, Japanese, emoji), or between one and the text beside it, the
// scripts that do not separate words with spaces. The opportunities it
// gives inside a word of a script that does (after a hyphen, a dash or a
// slash) are not taken; an address stays whole.
func pieces(word string, width int) []string {
	if IsAddress(word) {
		return []string{word}
	}
	var out []string
	state := -1
	for word != "" {
		var seg string
		seg, word, _, state = uniseg.FirstLineSegmentInString(word, state)
		if n := len(out); n > 0 && !wideEdge(out[n-1], seg) {
			out[n-1] += seg
			continue
		}
		out = append(out, seg)
	}
	return out
}

// wideEdge reports whether the last character of before or the first of
// after is wide: a break between them is one of a script written without
// spaces.
func wideEdge(before, after string) bool {
	last := ""
	for g := uniseg.NewGraphemes(before); g.Next(); {
		last = g.Str()
	}
	first, _, _, _ := uniseg.FirstGraphemeClusterInString(after, -1)
	return Width(last) > 1 || Width(first) > 1
}

// IsAddress reports whether a word is a web address (it holds "://"),
// which Wrap never breaks.
func IsAddress(word string) bool { return strings.Contains(word, "://") }

// Indent wraps s to width columns with every line but the first indented by
// indent spaces (the first line's indent is the caller's), and joins the
// lines with newlines.
func Indent(s string, indent, width int) string {
	lines := Wrap(s, width-indent)
	return strings.Join(lines, "\n"+strings.Repeat(" ", indent))
}
