package rules

import (
	"fmt"
	"strings"
	"testing"
)

// A rule may supersede the rules that say the same at a lower threshold;
// the chain is followed, and it changes no score.
func TestSupersedes(t *testing.T) {
	src := strings.Replace(growthRules,
		"  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s]}\n",
		"  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: [s50]}\n"+
			"  - {id: s1000, description: d, when: staff >= 1000, add: {it: 1}, sources: [s], supersedes: [s200]}\n", 1)
	rs := mustLoad(t, src)
	if got := fmt.Sprint(rs.Superseded("s1000"), rs.Superseded("s200"), rs.Superseded("s50"), rs.Superseded("nope")); got != "[s200 s50] [s50] [] []" {
		t.Errorf("superseded: %s", got)
	}
	res, err := rs.Evaluate(profile(t, rs, map[string]any{"staff": 1200}), EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Roles[0].Score; got != 4 {
		t.Errorf("score %v, want 4 (1 + 2 + 1): supersedes changes no score", got)
	}
}

func TestSupersedesErrors(t *testing.T) {
	const line = "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s]}\n"
	tests := []struct {
		name, new, want string
	}{
		{"unknown rule", "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: [s5O]}\n",
			`test.yaml:58:93: rule s200 supersedes unknown rule "s5O" (did you mean "s50"?)`},
		{"itself", "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: [s200]}\n",
			"test.yaml:58:93: rule s200 supersedes itself"},
		{"a loop", "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: [devs2]}\n" +
			"  - {id: devs2, description: d, when: devs >= 9, add: {it: 1}, sources: [s], supersedes: [s200]}\n",
			"rule devs2 supersedes s200, which supersedes devs2 in turn"},
		{"empty", "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: []}\n",
			"test.yaml:58:92: rule s200: supersedes names no rule; leave it out instead"},
		{"not a list", "  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s], supersedes: s50}\n",
			"test.yaml:58:92: rule s200: supersedes must be a list, not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(growthRules, line, tt.new, 1)
			if src == growthRules {
				t.Fatalf("the replacement does not apply")
			}
			if got := loadErrors(t, src); !strings.Contains(got, tt.want) {
				t.Errorf("errors:\n%s\nwant a line containing %q", got, tt.want)
			}
		})
	}
}
