// Package text holds the small helpers that shape words for people, shared
// by every command and renderer so that each exists once: one-line
// messages, plurals, and text laid out for a terminal, measured by the
// columns it takes (East Asian wide characters and emoji take two) and
// wrapped at spaces.
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

// Width is the number of terminal columns s takes.
func Width(s string) int { return uniseg.StringWidth(s) }

// Wrap breaks s into lines of at most width columns at spaces, runs of
// spaces and newlines counting as one space. A word wider than width gets a
// line of its own rather than being split. A width below 1 leaves s on one
// line.
func Wrap(s string, width int) []string {
	words := strings.Fields(s)
	if width < 1 {
		return []string{strings.Join(words, " ")}
	}
	var lines []string
	var cur strings.Builder
	curWidth := 0
	for _, w := range words {
		ww := Width(w)
		if curWidth > 0 && curWidth+1+ww > width {
			lines = append(lines, cur.String())
			cur.Reset()
			curWidth = 0
		}
		if curWidth > 0 {
			cur.WriteByte(' ')
			curWidth++
		}
		cur.WriteString(w)
		curWidth += ww
	}
	if curWidth > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// Indent wraps s to width columns with every line but the first indented by
// indent spaces (the first line's indent is the caller's), and joins the
// lines with newlines.
func Indent(s string, indent, width int) string {
	lines := Wrap(s, width-indent)
	return strings.Join(lines, "\n"+strings.Repeat(" ", indent))
}
