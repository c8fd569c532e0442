package rules

// Coverage counts, over a set of evaluations (a casebook's cases), how
// often each rule fired and each decide row chose a level, and which
// answers the evaluations used: what `opa test --coverage` gives policy
// authors, for rules files. Build one with NewCoverage, feed it with Add.
type Coverage struct {
	// Evaluations is how many results were added.
	Evaluations int
	// Rules holds one entry per rule, in file order.
	Rules []RuleCoverage
	// Rows holds one entry per decide row, by role in role order, then
	// in table order.
	Rows []RowCoverage
	// Options holds one entry per answer a question can take: each option
	// of a choice or multi question, true and false of a bool question, in
	// question order. Whole-number questions have none.
	Options []OptionCoverage

	rs      *Ruleset
	rowAt   []int // per role, the index in Rows of its first row
	optAt   map[string]map[string]int
	ruleIdx map[*Rule]int
}

// RuleCoverage is how many evaluations fired one rule.
type RuleCoverage struct {
	Rule *Rule
	Hits int
}

// RowCoverage is how many evaluations one decide row chose the level of.
type RowCoverage struct {
	Role *Role
	// Index is the row's place in its table, from 0.
	Index int
	Row   *Row
	Hits  int
}

// OptionCoverage is how many evaluations answered a question with one
// option (for a multi question: included it).
type OptionCoverage struct {
	Question *Question
	Option   Option
	Hits     int
}

// NewCoverage returns an empty coverage of the ruleset.
func (rs *Ruleset) NewCoverage() *Coverage {
	c := &Coverage{rs: rs, optAt: map[string]map[string]int{}, ruleIdx: map[*Rule]int{}}
	for i, r := range rs.Rules {
		c.Rules = append(c.Rules, RuleCoverage{Rule: r})
		c.ruleIdx[r] = i
	}
	for _, role := range rs.Roles {
		c.rowAt = append(c.rowAt, len(c.Rows))
		for i, row := range rs.Decide[role.ID] {
			c.Rows = append(c.Rows, RowCoverage{Role: role, Index: i, Row: row})
		}
	}
	for _, q := range rs.Questions {
		opts := q.def().coverage(q)
		if opts == nil {
			continue
		}
		c.optAt[q.ID] = map[string]int{}
		for _, o := range opts {
			c.optAt[q.ID][o.ID] = len(c.Options)
			c.Options = append(c.Options, OptionCoverage{Question: q, Option: o})
		}
	}
	return c
}

// Add counts one evaluation: the profile evaluated and its result.
func (c *Coverage) Add(p *Profile, res *Result) {
	c.Evaluations++
	for _, r := range res.Fired {
		if i, ok := c.ruleIdx[r]; ok {
			c.Rules[i].Hits++
		}
	}
	for i, rr := range res.Roles {
		if i < len(c.rowAt) {
			c.Rows[c.rowAt[i]+rr.Row].Hits++
		}
	}
	for id, at := range c.optAt {
		switch v := p.Answers[id].(type) {
		case bool:
			if v {
				c.Options[at["true"]].Hits++
			} else {
				c.Options[at["false"]].Hits++
			}
		case string:
			if i, ok := at[v]; ok {
				c.Options[i].Hits++
			}
		case []string:
			for _, o := range v {
				if i, ok := at[o]; ok {
					c.Options[i].Hits++
				}
			}
		}
	}
}

// RulesCovered counts the rules fired at least once.
func (c *Coverage) RulesCovered() int {
	n := 0
	for _, r := range c.Rules {
		if r.Hits > 0 {
			n++
		}
	}
	return n
}

// RowsCovered counts the decide rows chosen at least once.
func (c *Coverage) RowsCovered() int {
	n := 0
	for _, r := range c.Rows {
		if r.Hits > 0 {
			n++
		}
	}
	return n
}

// OptionsCovered counts the options used at least once.
func (c *Coverage) OptionsCovered() int {
	n := 0
	for _, o := range c.Options {
		if o.Hits > 0 {
			n++
		}
	}
	return n
}

// RulePercent is the share of rules fired, in percent.
func (c *Coverage) RulePercent() float64 { return percent(c.RulesCovered(), len(c.Rules)) }

// RowPercent is the share of decide rows chosen, in percent: the figure
// `rules test --min-coverage` checks.
func (c *Coverage) RowPercent() float64 { return percent(c.RowsCovered(), len(c.Rows)) }

// OptionPercent is the share of options used, in percent.
func (c *Coverage) OptionPercent() float64 { return percent(c.OptionsCovered(), len(c.Options)) }

// percent is part of whole as a percentage; 100 when whole is 0, as
// nothing is left uncovered.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 100
	}
	return 100 * float64(part) / float64(whole)
}
