package rules

import (
	"errors"
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
	ts := &trials{s: s, p: p, pick: pick}
	if n := len(rs.Roles); n <= len(ts.roles) {
		ts.res.Roles = ts.roles[:n:n]
	} else {
		ts.res.Roles = make([]RoleResult, n)
	}
	ev := pick(s, p.Answers, nil)
	if err := s.levels(ev, &ts.res); err != nil {
		return nil, err
	}
	base := ts.res.Label
	// Each question's trials go one of three ways (trial). A change to a
	// question that a later ask_if reads can switch that later question on
	// or off: such trials re-resolve the answers, as Complete would, so
	// that the label claimed is the label the changed answers really get.
	// The others change one slot of the frame when the plan holds the
	// profile and every leaf is compiled, else a copy of the answers.
	var each trial
	if pe, ok := ev.(*planEval); ok && s.plan.native {
		ts.frame = pe
		each = slotTrial{ts}
	} else {
		ts.answers = make(Answers, len(p.Answers))
		for k, v := range p.Answers {
			ts.answers[k] = v
		}
		each = copyTrial{ts}
	}
	gates := askIfReads(rs)
	search := &WhatIfResult{}
	limit := 0  // the trials allowed so far: the current question's share
	var t trial // the current question's way
	labelOf := func(q *Question, v any) (string, error) {
		if search.Trials >= limit {
			search.Capped = true
			return "", errQuestionSpent
		}
		search.Trials++
		return t.label(q, v)
	}
	var out []Change
	cands := s.cands[:0] // kept with the state: no allocation once warm
	for i, q := range rs.Questions {
		// This question may use its share of the trials left, and what
		// earlier questions did not use.
		limit = search.Trials + (maxWhatIfTrials-search.Trials)/(len(rs.Questions)-i)
		if q.AskIf != nil {
			asked, err := ts.asked(q)
			if err != nil {
				return nil, err
			}
			if !asked {
				continue
			}
		}
		t = each
		if gates[q.ID] {
			t = gateTrial{ts}
		}
		cur := p.Answers[q.ID]
		cands = q.def().whatIf(rs, q, cur, cands[:0])
		last, dir := base, dirNone
		for i := range cands {
			c := &cands[i]
			l, err := labelOf(q, c.value)
			if err == errQuestionSpent {
				break
			}
			if err != nil {
				return nil, err
			}
			if c.dir != dir {
				last, dir = base, c.dir
			}
			if l != base && (dir == dirNone || l != last) {
				out = append(out, Change{Question: q.ID, From: cur, To: c.value, Label: l, Distance: c.dist})
			}
			last = l
		}
	}
	clear(cands) // hold no answers in the pool
	s.cands = cands[:0]
	sort.SliceStable(out, func(i, j int) bool { return out[i].Distance < out[j].Distance })
	search.Changes = out
	return search, nil
}

// A trial is a way for the what-if search to evaluate the profile with one
// answer changed. The three ways share the search's trials; each is a
// single pointer, so that picking one allocates nothing.
type trial interface {
	// label returns the label of the profile with question q's answer v.
	label(q *Question, v any) (string, error)
}

// trials is what the ways of one what-if search share.
type trials struct {
	s    *state
	p    *Profile
	pick picker
	// res is each trial's result: the roles' scores and levels, the label.
	// Its roles are in roles when they are few, as in newResult.
	res   Result
	roles [4]RoleResult
	// frame, for slot trials, is the plan evaluator whose frame holds the
	// profile between trials.
	frame *planEval
	// answers, for copy trials, is the copy of the profile's answers.
	answers Answers
}

// asked reports whether q's ask_if holds for the profile itself: on the
// frame when the slot trials keep the profile there, else on the VM.
func (t *trials) asked(q *Question) (bool, error) {
	if t.frame != nil {
		return t.frame.test(t.s.plan.askIf[q.index], "")
	}
	return t.s.test(q.AskIf, t.p.Answers, "")
}

// slotTrial changes one slot of the plan's frame: the cheapest way, for a
// plan that compiled every leaf.
type slotTrial struct{ *trials }

func (t slotTrial) label(q *Question, v any) (string, error) {
	pl, f := t.frame.plan, &t.frame.frame
	pl.setSlot(f, q.index, v)
	err := t.s.levels(t.frame, &t.res)
	pl.setSlot(f, q.index, t.p.Answers[q.ID])
	return t.res.Label, err
}

// copyTrial changes a copy of the answers, for the picker's evaluator to
// read.
type copyTrial struct{ *trials }

func (t copyTrial) label(q *Question, v any) (string, error) {
	t.answers[q.ID] = v
	err := t.s.levels(t.pick(t.s, t.answers, nil), &t.res)
	t.answers[q.ID] = t.p.Answers[q.ID]
	return t.res.Label, err
}

// gateTrial re-resolves the changed answers through the ask_if gates, as
// Complete would, and evaluates the result: for a question that some
// ask_if reads.
type gateTrial struct{ *trials }

func (t gateTrial) label(q *Question, v any) (string, error) {
	rs := t.s.rs
	given := make(Answers, len(t.p.Answers))
	for k, x := range t.p.Answers {
		given[k] = x
	}
	given[q.ID] = v
	tp := &Profile{Answers: make(Answers, len(rs.Questions))}
	if _, err := rs.resolve(given, len(rs.Questions), tp); err != nil {
		return "", err
	}
	err := t.s.levels(t.pick(t.s, tp.Answers, nil), &t.res)
	if t.frame != nil {
		t.frame.load(t.p.Answers, nil) // back to the profile, for slot trials
	}
	return t.res.Label, err
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

// candidate is a change of answer that the what-if search tries.
type candidate struct {
	value any
	// dist orders the changes found, nearest first (Change.Distance).
	dist float64
	// dir is the direction of a walk through numbers, nearest first, in
	// which a change is reported only where the label differs from the one
	// before: the nearest value per label and direction. Candidates with no
	// direction are each reported when they change the label.
	dir direction
}

// direction is a walk's direction from the answer.
type direction uint8

const (
	dirNone direction = iota
	dirDown
	dirUp
)
