package rules_test

import (
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

func TestConditionWords(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	expr := func(s string) *rules.Condition { return &rules.Condition{Op: rules.OpExpr, Expr: s} }
	const (
		software = `the answer to "Do you build software?"`
		phase    = `the answer to "Which phase?"`
		size     = `the answer to "How many people?"`
		regimes  = `the answers to "Which regimes apply?"`
	)
	for _, tt := range []struct {
		c    *rules.Condition
		want string
	}{
		{expr("builds_software"), software + " is yes"},
		{expr("not builds_software"), software + " is no"},
		{expr("!builds_software"), software + " is no"},
		{expr("phase == 'growth'"), phase + ` is "Growth stage"`},
		{expr("phase != 'seed'"), phase + ` is not "Seed stage"`},
		{expr("'seed' != phase"), phase + ` is not "Seed stage"`},
		{expr("team_size >= 10"), size + " is at least 10"},
		{expr("10 > team_size"), size + " is less than 10"},
		{expr("team_size <= 5 || team_size > 100"), size + " is at most 5, or " + size + " is more than 100"},
		{expr("team_size == 3"), size + " is 3"},
		{expr("'gdpr' in regimes"), regimes + ` include "GDPR"`},
		{expr("'pci' not in regimes"), regimes + ` do not include "PCI DSS"`},
		{expr("phase in ['seed', 'growth']"), phase + ` is "Seed stage" or "Growth stage"`},
		{expr("phase not in ['seed']"), phase + ` is not "Seed stage"`},
		{expr("phase not in ['seed', 'growth']"), phase + ` is neither "Seed stage" nor "Growth stage"`},
		{expr("builds_software and (team_size > 5 or phase == 'growth')"),
			software + " is yes, and (" + size + " is more than 5, or " + phase + ` is "Growth stage")`},
		{expr("builds_software && team_size > 5 && phase == 'growth'"),
			software + " is yes, and " + size + " is more than 5, and " + phase + ` is "Growth stage"`},
		{&rules.Condition{Op: rules.OpAny, Items: []*rules.Condition{expr("builds_software"), {Op: rules.OpAll, Items: []*rules.Condition{expr("team_size > 5"), expr("phase == 'growth'")}}}},
			software + " is yes, or (" + size + " is more than 5, and " + phase + ` is "Growth stage")`},
		// What it cannot read reads as the rules write it.
		{expr("len(regimes) >= 1"), "the rules' condition `len(regimes) >= 1` holds"},
		{expr("builds_software and len(regimes) >= 1"), "the rules' condition `builds_software and len(regimes) >= 1` holds"},
		{expr("phase >= 'growth'"), "the rules' condition `phase >= 'growth'` holds"},
		{expr("team_size"), "the rules' condition `team_size` holds"},
		{expr("unknown_question == 1"), "the rules' condition `unknown_question == 1` holds"},
		{&rules.Condition{Op: rules.OpNot, Items: []*rules.Condition{expr("builds_software")}}, "the rules' condition `not (builds_software)` holds"},
	} {
		if got := rs.ConditionWords(tt.c); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.c, got, tt.want)
		}
	}
}
