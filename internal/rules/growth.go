package rules

import (
	"errors"
)

// GrowthFactor bounds a growth path: a number is followed up to this many
// times today's figure (and at least up to GrowthFactor itself, so that an
// organisation with no engineers yet still sees where its first ones lead).
const GrowthFactor = 10

// GrowthStep is one point of an organisation's growth path: an answer to a
// growth question (`change: growth`) at which the advice changes, every
// other answer held.
type GrowthStep struct {
	Question *Question
	// From is today's answer, At the answer at which the advice changes:
	// an int, an option id or a bool, typed as in Answers.
	From, At any
	// Result is the advice at At.
	Result *Result
}

// Growth follows each growth question of a complete profile upwards, one
// at a time, the other answers held, and returns every point at which the
// advice changes, in question order and then ascending. It is a Sweep
// along each question: a whole number from today's figure to GrowthFactor
// times it (within the question's max); a choice through the options after
// today's, in file order, passing over the options marked `unknown` (a
// question answered "not sure" has no path, as there is no telling where
// it stands); a yes/no question from no to yes. A question that does not
// apply (its ask_if is false) has no path. Questions without `change:
// growth` are never followed: a path never shrinks an organisation or
// changes its sector.
func (rs *Ruleset) Growth(p *Profile) ([]GrowthStep, error) {
	var out []GrowthStep
	for _, q := range rs.Questions {
		if q.Change != ChangeGrowth {
			continue
		}
		steps, err := rs.growthOf(q, p)
		var na *NotAskedError
		if errors.As(err, &na) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, steps...)
	}
	return out, nil
}

// growthOf is the growth path of one question: the sweep that its type
// follows from today's answer (growth), then every point, after today's,
// at which the advice differs from the point before, passing over the
// options marked unknown.
func (rs *Ruleset) growthOf(q *Question, p *Profile) ([]GrowthStep, error) {
	cur := p.Answers[q.ID]
	v, ok := q.def().growth(q, cur)
	if !ok {
		return nil, nil
	}
	values, _, err := rs.sweepValues(q, v)
	if err != nil {
		return nil, err
	}
	sw, err := rs.Sweep(p.Answers, v)
	if err != nil {
		return nil, err
	}
	// The advice at each value swept: the sweep lists where it changes.
	at := make([]*Result, 0, len(values))
	res, next := sw.Start.Result, 0
	for _, val := range values {
		if next < len(sw.Changes) && sw.Changes[next].Value == val {
			res = sw.Changes[next].Result
			next++
		}
		at = append(at, res)
	}
	var out []GrowthStep
	started := false
	var prev *Result
	for i, val := range values {
		if val == cur {
			started, prev = true, at[i]
			continue
		}
		if !started || unknownOption(q, val) {
			continue
		}
		if !sameAdvice(prev, at[i]) {
			out = append(out, GrowthStep{Question: q, From: cur, At: val, Result: at[i]})
		}
		prev = at[i]
	}
	return out, nil
}

// unknownOption reports whether v is an option of q marked unknown.
func unknownOption(q *Question, v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	i := optionIndex(q, s)
	return i >= 0 && q.Options[i].Unknown
}

// sameAdvice reports whether two results give the same label and levels.
func sameAdvice(a, b *Result) bool {
	if a.Label != b.Label || len(a.Roles) != len(b.Roles) {
		return false
	}
	for i := range a.Roles {
		if a.Roles[i].Level != b.Roles[i].Level {
			return false
		}
	}
	return true
}
