package rules

import (
	"fmt"
	"sort"
)

// Org is one organisation to compare two rulesets on: raw answers keyed
// by question id (each ruleset reads the answers to its own questions),
// and a name when it comes from a casebook.
type Org struct {
	Name    string
	Answers map[string]any
}

// Comparison is how the advice of one ruleset differs from another's over
// the same organisations: what a change to a rules file does.
type Comparison struct {
	// Orgs is how many organisations were compared; Changed how many got
	// another label.
	Orgs, Changed int
	// Transitions counts every pair of old and new labels met, changed or
	// not, most frequent first.
	Transitions []Transition
	// Levels counts the changes of each role's level, by role (the roles
	// of both rulesets, old's first), then most frequent first.
	Levels []LevelShift
}

// Transition is how many organisations went from one label to another,
// with up to the examples asked for when the label changed.
type Transition struct {
	From, To string
	Count    int
	Examples []DiffExample
}

// LevelShift is how many organisations saw one role's level go from one
// level to another. A role that one ruleset does not have has level "".
type LevelShift struct {
	Role     string
	From, To Level
	Count    int
}

// DiffExample is one organisation whose label changed and the rules whose
// contributions differ between the two rulesets.
type DiffExample struct {
	Org   Org
	Rules []RuleShift
}

// RuleShift is a rule whose contribution to a role's score differs: Old
// and New are its weights (0 when it does not fire, or does not exist).
type RuleShift struct {
	Rule        string
	Description string
	Role        string
	Old, New    float64
}

// Compare evaluates every organisation with both rulesets and counts how
// the advice changes, keeping up to examples organisations per changed
// transition. The answers must fit both rulesets (CheckCases, or a
// generated population); an organisation that does not is an error naming
// it.
func Compare(old, new *Ruleset, orgs []Org, examples int) (*Comparison, error) {
	c := &Comparison{Orgs: len(orgs)}
	type pair struct{ from, to string }
	trans := map[pair]*Transition{}
	roles := roleUnion(old, new)
	type shift struct {
		role     string
		from, to Level
	}
	shifts := map[shift]int{}
	for i := range orgs {
		o := &orgs[i]
		ro, err := old.evaluateRaw(o.Answers)
		if err != nil {
			return nil, fmt.Errorf("%s: old rules: %w", o.describe(i), err)
		}
		rn, err := new.evaluateRaw(o.Answers)
		if err != nil {
			return nil, fmt.Errorf("%s: new rules: %w", o.describe(i), err)
		}
		k := pair{ro.Label, rn.Label}
		t := trans[k]
		if t == nil {
			t = &Transition{From: k.from, To: k.to}
			trans[k] = t
		}
		t.Count++
		if k.from != k.to {
			c.Changed++
			if len(t.Examples) < examples {
				t.Examples = append(t.Examples, DiffExample{Org: *o, Rules: ruleShifts(ro, rn)})
			}
		}
		for _, id := range roles {
			from, to := levelOf(ro, id), levelOf(rn, id)
			if from != to {
				shifts[shift{id, from, to}]++
			}
		}
	}
	for _, t := range trans {
		c.Transitions = append(c.Transitions, *t)
	}
	sort.Slice(c.Transitions, func(i, j int) bool {
		a, b := c.Transitions[i], c.Transitions[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	rank := map[string]int{}
	for i, id := range roles {
		rank[id] = i
	}
	for s, n := range shifts {
		c.Levels = append(c.Levels, LevelShift{Role: s.role, From: s.from, To: s.to, Count: n})
	}
	sort.Slice(c.Levels, func(i, j int) bool {
		a, b := c.Levels[i], c.Levels[j]
		switch {
		case a.Role != b.Role:
			return rank[a.Role] < rank[b.Role]
		case a.Count != b.Count:
			return a.Count > b.Count
		case a.From != b.From:
			return a.From.Rank() < b.From.Rank()
		}
		return a.To.Rank() < b.To.Rank()
	})
	return c, nil
}

func (o *Org) describe(i int) string {
	if o.Name != "" {
		return fmt.Sprintf("case %q", o.Name)
	}
	return fmt.Sprintf("profile %d", i+1)
}

// evaluateRaw types, completes and evaluates the answers to the ruleset's
// own questions.
func (rs *Ruleset) evaluateRaw(raw map[string]any) (*Result, error) {
	a := make(Answers, len(rs.Questions))
	for _, q := range rs.Questions {
		v, ok := raw[q.ID]
		if !ok || v == nil {
			continue
		}
		t, err := convert(q, v)
		if err != nil {
			return nil, err
		}
		a[q.ID] = t
	}
	p, err := rs.Complete(a)
	if err != nil {
		return nil, err
	}
	return rs.Evaluate(p, EvalOptions{})
}

// roleUnion lists the role ids of both rulesets, a's first.
func roleUnion(a, b *Ruleset) []string {
	var out []string
	seen := map[string]bool{}
	for _, rs := range []*Ruleset{a, b} {
		for _, r := range rs.Roles {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r.ID)
			}
		}
	}
	return out
}

func levelOf(res *Result, role string) Level {
	for _, rr := range res.Roles {
		if rr.Role.ID == role {
			return rr.Level
		}
	}
	return ""
}

// ruleShifts lists the rules whose contribution to some role differs
// between two results: by role, then in file order, old's rules first.
func ruleShifts(ro, rn *Result) []RuleShift {
	type key struct{ rule, role string }
	weights := func(res *Result) (map[key]float64, []key, map[string]string) {
		m := map[key]float64{}
		var order []key
		desc := map[string]string{}
		for _, rr := range res.Roles {
			for _, c := range rr.Contributions {
				k := key{c.Rule.ID, rr.Role.ID}
				if _, ok := m[k]; !ok {
					order = append(order, k)
				}
				m[k] += c.Weight
				desc[c.Rule.ID] = c.Rule.Description
			}
		}
		return m, order, desc
	}
	wo, oo, do := weights(ro)
	wn, on, dn := weights(rn)
	var out []RuleShift
	seen := map[key]bool{}
	for _, k := range append(oo, on...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		if wo[k] != wn[k] {
			d := dn[k.rule]
			if d == "" {
				d = do[k.rule]
			}
			out = append(out, RuleShift{Rule: k.rule, Description: d, Role: k.role, Old: wo[k], New: wn[k]})
		}
	}
	return out
}
