package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// suggest returns ` (did you mean "x"?)` for the candidate nearest to name,
// or "" when none is near enough to be a likely typo.
func suggest(name string, candidates []string) string {
	if best, ok := Nearest(name, candidates); ok {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Nearest returns the candidate nearest to name when it is near enough to
// be a typo of it: the rule of every "did you mean" orgadvisor prints, for
// names in a rules file and flags alike.
func Nearest(name string, candidates []string) (string, bool) {
	best, bestDist := "", -1
	n := utf8.RuneCountInString(name)
	for _, c := range candidates {
		if diff := n - utf8.RuneCountInString(c); diff > n/3+1 || -diff > n/3+1 {
			continue // too far apart to be a typo, and slow to measure when name is huge
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len([]rune(name))/3 + 1
	if bestDist < 0 || bestDist > limit {
		return "", false
	}
	return best, true
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
