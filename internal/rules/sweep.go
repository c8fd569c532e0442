package rules

import (
	"fmt"
	"strings"
)

// Vary names the answer a sweep varies: a question and, for a whole-number
// question, the range to cover. A nil end is the question's own bound, else
// the lowest (or highest) number its rules compare it with, past which the
// advice cannot change (0 at the lowest when that is lower).
type Vary struct {
	Question string
	From, To *int
}

// Sweep is the advice over the range of one answer, the other answers
// held: where it starts and every value at which it changes.
type Sweep struct {
	Question *Question
	// From and To are the range covered, for a whole-number question.
	From, To int
	// Start is the first value and its advice.
	Start SweepPoint
	// Changes are the values at which the label or a role's level differs
	// from the value before, in order.
	Changes []SweepPoint
}

// SweepPoint is one value of the varied answer and the advice there.
type SweepPoint struct {
	// Value is the typed answer: an int, an option id or a bool.
	Value  any
	Result *Result
	// PrevLabel is the label at the value before (the start has none).
	PrevLabel string
	// Levels lists the roles whose level differs from the value before.
	Levels []LevelChange
	// Started and Stopped are the rules that fire here and not at the
	// value before, and the reverse, in file order.
	Started, Stopped []*Rule
}

// LevelChange is one role's level before and after a change.
type LevelChange struct {
	Role     *Role
	From, To Level
}

// NotAskedError is a sweep of a question that the other answers switch
// off (its ask_if is false): it takes its default whatever it is given.
type NotAskedError struct {
	Question *Question
}

func (e *NotAskedError) Error() string {
	return fmt.Sprintf("%s is not asked with these answers (it is asked when %s), so varying it changes nothing",
		e.Question.ID, strings.Join(strings.Fields(e.Question.AskIf.String()), " "))
}

// Sweep evaluates the given answers with one of them varied over its
// range, holding the others, and returns where the advice changes. A
// whole-number question is tried at the start of its range and at each
// number its rules compare it with, and the numbers either side (the
// boundaries the what-if search uses), so every change is found exactly
// without sampling, as long as the rules compare it with constants; a
// choice question at every option, in order; a bool at false then true.
// Multi questions cannot be swept. The given answers are typed
// (ParseAnswers) and need not be complete: the others take their defaults,
// and a missing required answer is a *MissingError.
//
// Errors about the sweep itself are an *UnknownQuestionError, an
// *AnswerError for a range the question does not allow, and a
// *NotAskedError.
func (rs *Ruleset) Sweep(given Answers, v Vary) (*Sweep, error) {
	q := rs.questionByID[v.Question]
	if q == nil {
		return nil, rs.unknownQuestion(v.Question)
	}
	values, sw, err := rs.sweepValues(q, v)
	if err != nil {
		return nil, err
	}
	a := make(Answers, len(given)+1)
	for k, x := range given {
		a[k] = x
	}
	if asked, err := rs.Asked(q, a); err != nil {
		return nil, err
	} else if !asked {
		return nil, &NotAskedError{Question: q}
	}
	var prev *Result
	for i, val := range values {
		a[q.ID] = val
		p, err := rs.Complete(a)
		if err != nil {
			return nil, err
		}
		res, err := rs.Evaluate(p, EvalOptions{})
		if err != nil {
			return nil, err
		}
		pt := SweepPoint{Value: val, Result: res}
		if i == 0 {
			sw.Start = pt
			prev = res
			continue
		}
		pt.PrevLabel = prev.Label
		for j := range res.Roles {
			if from, to := prev.Roles[j].Level, res.Roles[j].Level; from != to {
				pt.Levels = append(pt.Levels, LevelChange{Role: res.Roles[j].Role, From: from, To: to})
			}
		}
		if res.Label != prev.Label || len(pt.Levels) > 0 {
			pt.Started, pt.Stopped = firedDiff(res.Fired, prev.Fired), firedDiff(prev.Fired, res.Fired)
			sw.Changes = append(sw.Changes, pt)
		}
		prev = res
	}
	return sw, nil
}

// sweepValues checks the range asked for and lists the values to try, as
// q's type sweeps its answers.
func (rs *Ruleset) sweepValues(q *Question, v Vary) ([]any, *Sweep, error) {
	sw := &Sweep{Question: q}
	values, err := q.def().sweep(rs, q, v, sw)
	if err != nil {
		return nil, nil, err
	}
	return values, sw, nil
}

// firedDiff lists the rules in a that are not in b, in a's order.
func firedDiff(a, b []*Rule) []*Rule {
	in := make(map[*Rule]bool, len(b))
	for _, r := range b {
		in[r] = true
	}
	var out []*Rule
	for _, r := range a {
		if !in[r] {
			out = append(out, r)
		}
	}
	return out
}
