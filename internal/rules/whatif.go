package rules

import (
	"errors"
	"math"
	"sort"
)

// maxWhatIfTrials bounds the evaluations of one what-if search. Each
// candidate change is one evaluation, and a file within the limits can
// have 18,000 (18 questions of 1,000 options) at up to a few milliseconds
// each: 31 s for one advise. The default rules make about 40.
const maxWhatIfTrials = 1000

// WhatIfResult is the outcome of a what-if search.
type WhatIfResult struct {
	// Changes are the changes found, nearest first.
	Changes []Change
	// Trials is the number of candidate changes evaluated.
	Trials int
	// Capped says the search stopped at its limit of trials before trying
	// every candidate: there may be more changes than Changes.
	Capped bool
}

// errQuestionSpent stops the trials of one question when its share of
// the search's trials is spent.
var errQuestionSpent = errors.New("the question's share of what-if trials is spent")

// Change is one single-answer change that would change the recommendation.
type Change struct {
	Question string
	From     any
	To       any
	// Label is the recommendation the change leads to.
	Label string
	// Distance orders changes, nearest first: the relative change of a
	// number, the steps between options of a choice, 1 for a bool or for
	// adding or removing one option of a multi.
	Distance float64
}

// WhatIf finds the single-answer changes that change the recommendation
// label of a complete profile, nearest first. It tries every other value of
// a bool or choice, adding or removing one option of a multi, and for int
// questions the boundary values of the numeric comparisons in the rules
// (`employees >= 50` gives 49 and 50), keeping the nearest value per
// direction for each label reached. Questions whose ask_if is false are
// skipped.
func (rs *Ruleset) WhatIf(p *Profile) ([]Change, error) {
	res, err := rs.whatIf(p, planFirst)
	if err != nil {
		return nil, err
	}
	return res.Changes, nil
}

// WhatIfSearch is WhatIf, saying also how many trials it made and whether
// it stopped at its limit (maxWhatIfTrials). The trials are shared among
// the questions, in order, each question's nearest candidates first, so
// that a question with many options leaves trials for the others.
func (rs *Ruleset) WhatIfSearch(p *Profile) (*WhatIfResult, error) {
	return rs.whatIf(p, planFirst)
}

// whatIf is WhatIfSearch with the evaluator that pick chooses (tests
// compare the plan with the VM).
func (rs *Ruleset) whatIf(p *Profile, pick picker) (*WhatIfResult, error) {
	s := rs.getState()
	defer rs.putState(s)
	pl := s.plan
	res := &Result{Roles: make([]RoleResult, len(rs.Roles))}
	ev := pick(s, p.Answers, nil)
	if err := s.levels(ev, res); err != nil {
		return nil, err
	}
	base := res.Label
	// When every leaf is compiled, a trial changes one slot of the frame;
	// otherwise it changes a copy of the answers, which the VM reads.
	pe, onFrame := ev.(*planEval)
	onFrame = onFrame && pl.native
	var trial Answers
	if !onFrame {
		trial = make(Answers, len(p.Answers))
		for k, v := range p.Answers {
			trial[k] = v
		}
	}
	// A change to a question that a later ask_if reads can switch that
	// later question on or off: such trials go through resolve, as
	// Complete would, so the label claimed is the label the changed
	// answers really get.
	gates := askIfReads(rs)
	search := &WhatIfResult{}
	limit := 0 // the trials allowed so far: the current question's share
	labelOf := func(q *Question, v any) (string, error) {
		if search.Trials >= limit {
			search.Capped = true
			return "", errQuestionSpent
		}
		search.Trials++
		if gates[q.ID] {
			given := make(Answers, len(p.Answers))
			for k, x := range p.Answers {
				given[k] = x
			}
			given[q.ID] = v
			tp := &Profile{Answers: make(Answers, len(rs.Questions))}
			if _, err := rs.resolve(given, len(rs.Questions), tp); err != nil {
				return "", err
			}
			err := s.levels(pick(s, tp.Answers, nil), res)
			if onFrame {
				pe.load(p.Answers, nil) // back to the profile
			}
			return res.Label, err
		}
		if onFrame {
			pl.setSlot(&pe.frame, q.index, v)
			err := s.levels(pe, res)
			pl.setSlot(&pe.frame, q.index, p.Answers[q.ID])
			return res.Label, err
		}
		trial[q.ID] = v
		err := s.levels(pick(s, trial, nil), res)
		trial[q.ID] = p.Answers[q.ID]
		return res.Label, err
	}
	var out []Change
	for i, q := range rs.Questions {
		// This question may use its share of the trials left, and what
		// earlier questions did not use.
		limit = search.Trials + (maxWhatIfTrials-search.Trials)/(len(rs.Questions)-i)
		if q.AskIf != nil {
			// On the frame it holds the profile's own answers here.
			var asked bool
			var err error
			if onFrame {
				asked, err = pe.test(pl.askIf[q.index], "")
			} else {
				asked, err = s.test(q.AskIf, p.Answers, "")
			}
			if err != nil {
				return nil, err
			}
			if !asked {
				continue
			}
		}
		cur := p.Answers[q.ID]
		try := func(v any, dist float64) error {
			l, err := labelOf(q, v)
			if err == nil && l != base {
				out = append(out, Change{Question: q.ID, From: cur, To: v, Label: l, Distance: dist})
			}
			return err
		}
		var err error
		switch q.Type {
		case TypeBool:
			err = try(!cur.(bool), 1)
		case TypeChoice:
			// Nearest options first: ci-1, ci+1, ci-2, ...
			ci := optionIndex(q, cur.(string))
			for d := 1; err == nil && (ci-d >= 0 || ci+d < len(q.Options)); d++ {
				for _, j := range []int{ci - d, ci + d} {
					if j >= 0 && j < len(q.Options) {
						if err = try(q.Options[j].ID, float64(d)); err != nil {
							break
						}
					}
				}
			}
		case TypeMulti:
			err = rs.tryMulti(q, cur.([]string), try)
		case TypeInt:
			err = rs.tryInt(q, cur.(int), labelOf, base, &out)
		}
		if err != nil && err != errQuestionSpent {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Distance < out[j].Distance })
	search.Changes = out
	return search, nil
}

// askIfReads returns the questions that some ask_if reads.
func askIfReads(rs *Ruleset) map[string]bool {
	out := map[string]bool{}
	var walk func(c *Condition)
	walk = func(c *Condition) {
		if c == nil {
			return
		}
		for _, id := range c.reads {
			out[id] = true
		}
		for _, it := range c.Items {
			walk(it)
		}
	}
	for _, q := range rs.Questions {
		walk(q.AskIf)
	}
	return out
}

func optionIndex(q *Question, id string) int {
	for i, o := range q.Options {
		if o.ID == id {
			return i
		}
	}
	return -1
}

func (rs *Ruleset) tryMulti(q *Question, cur []string, try func(any, float64) error) error {
	has := map[string]bool{}
	for _, c := range cur {
		has[c] = true
	}
	for _, o := range q.Options {
		next := make([]string, 0, len(cur)+1)
		for _, p := range q.Options {
			if (p.ID == o.ID) != has[p.ID] {
				next = append(next, p.ID)
			}
		}
		if err := try(next, 1); err != nil {
			return err
		}
	}
	return nil
}

// tryInt walks the boundary values below and above the current value,
// nearest first, and reports each new label met in that direction.
func (rs *Ruleset) tryInt(q *Question, cur int, labelOf func(*Question, any) (string, error), base string, out *[]Change) error {
	var below, above []int
	for _, b := range rs.boundaries[q.ID] {
		if (q.Min != nil && b < *q.Min) || (q.Max != nil && b > *q.Max) {
			continue
		}
		switch {
		case b < cur:
			below = append(below, b)
		case b > cur:
			above = append(above, b)
		}
	}
	// below is ascending: walk it from the nearest down.
	for i, j := 0, len(below)-1; i < j; i, j = i+1, j-1 {
		below[i], below[j] = below[j], below[i]
	}
	for _, dir := range [][]int{below, above} {
		last := base
		for _, v := range dir {
			l, err := labelOf(q, v)
			if err != nil {
				return err
			}
			if l != last && l != base {
				*out = append(*out, Change{Question: q.ID, From: cur, To: v, Label: l, Distance: math.Abs(float64(v-cur)) / math.Max(math.Abs(float64(cur)), 1)})
			}
			last = l
		}
	}
	return nil
}
