package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Answers maps question ids to typed answers: bool for bool questions, int
// for int, string (an option id) for choice, and []string (option ids, in
// option order) for multi.
type Answers map[string]any

// Profile is a complete set of answers for one ruleset: every question has
// a value, given or assumed.
type Profile struct {
	Answers Answers
	// Assumed lists the questions that took their default, in file order.
	Assumed []string
	// Ignored lists the questions answered although their ask_if is
	// false: their answers were replaced by the default (and they are in
	// Assumed too).
	Ignored []string
	// Skipped lists the questions whose ask_if is false, in file order:
	// they do not apply and took their default (they are in Assumed too).
	Skipped []string
}

// AnswerError is a raw answer that does not fit its question.
type AnswerError struct {
	Question string
	// Message says what is wrong by id (ByID): "\"tech\" is not an
	// option; options: technology, finance, ...".
	Message string
	// words is Message in people's words (InWords), or "" when they are
	// the same.
	words string
}

func (e *AnswerError) Error() string { return e.Question + ": " + e.Message }

// In is the message in wording w: Message by id, or in people's words
// ("\"tech\" is not an option; did you mean “Technology: ...”?"), for a
// page that shows the question and its options.
func (e *AnswerError) In(w Wording) string {
	if w == InWords && e.words != "" {
		return e.words
	}
	return e.Message
}

// UnknownQuestionError is an answer to a question the rules do not ask.
type UnknownQuestionError struct {
	ID      string
	Suggest string // the nearest question id, if any is near
	Known   []string
	// suggestPrompt is the wording of the question Suggest names.
	suggestPrompt string
}

func (e *UnknownQuestionError) Error() string { return e.In(ByID) }

// In is the message in wording w: by id, with the nearest question's id or
// every question's; in words, with the nearest question's wording, or none
// (a page shows the questions).
func (e *UnknownQuestionError) In(w Wording) string {
	switch {
	case w == InWords && e.suggestPrompt != "":
		return fmt.Sprintf("%s is not one of the questions; the nearest is “%s”", quoteValue(e.ID), e.suggestPrompt)
	case w == InWords:
		return fmt.Sprintf("%s is not one of the questions", quoteValue(e.ID))
	case e.Suggest != "":
		return fmt.Sprintf("unknown question %s (did you mean %q?)", quoteValue(e.ID), e.Suggest)
	}
	return fmt.Sprintf("unknown question %s; questions: %s", quoteValue(e.ID), strings.Join(e.Known, ", "))
}

// MissingError lists every required question left unanswered.
type MissingError struct {
	Questions []*Question
}

func (e *MissingError) Error() string {
	ids := make([]string, len(e.Questions))
	for i, q := range e.Questions {
		ids[i] = q.ID
	}
	if len(ids) == 1 {
		return "missing required answer: " + ids[0]
	}
	return "missing required answers: " + strings.Join(ids, ", ")
}

// AnswersError holds several answer problems, in question order.
type AnswersError struct {
	Errs []error
}

func (e *AnswersError) Error() string {
	return JoinProblems(e.Errs, func(err error) string { return err.Error() })
}

// MaxProblems is how many problems a one-line message names before it
// counts the rest: a record with thousands of bad answers must not make a
// line of megabytes.
const MaxProblems = 5

// JoinProblems joins the messages of the first MaxProblems problems with
// "; " and counts the rest: "a; b; c; d; e (and 4 more problems)".
func JoinProblems[T any](problems []T, message func(T) string) string {
	n := min(len(problems), MaxProblems)
	msgs := make([]string, n)
	for i := range n {
		msgs[i] = message(problems[i])
	}
	s := strings.Join(msgs, "; ")
	switch more := len(problems) - n; {
	case more == 1:
		s += " (and 1 more problem)"
	case more > 1:
		s += fmt.Sprintf(" (and %d more problems)", more)
	}
	return s
}

// Unwrap gives errors.As access to each problem.
func (e *AnswersError) Unwrap() []error { return e.Errs }

// ParseAnswer turns one raw answer into a typed one. Raw answers come from
// flags and CSV (strings), JSON (bool, float64, json.Number, []any) or YAML
// (bool, int, []any); nil means "not answered" and returns nil.
func (rs *Ruleset) ParseAnswer(id string, raw any) (any, error) {
	q := rs.questionByID[id]
	if q == nil {
		return nil, rs.unknownQuestion(id)
	}
	if raw == nil {
		return nil, nil
	}
	return convert(q, raw)
}

func (rs *Ruleset) unknownQuestion(id string) error {
	return rs.unknownQuestionError(id, true)
}

// maxSuggested is how many unknown ids of one set of answers get a "did you
// mean": a typo comes alone or in a few, messages show five problems, and a
// set with thousands of unknown keys (an MCP call or an answers file can
// hold them) should not pay an edit distance for each.
const maxSuggested = 64

func (rs *Ruleset) unknownQuestionError(id string, suggest bool) *UnknownQuestionError {
	known := make([]string, len(rs.Questions))
	for i, q := range rs.Questions {
		known[i] = q.ID
	}
	e := &UnknownQuestionError{ID: id, Known: known}
	// suggest also matches the flag spelling (dashes) of an id.
	if !suggest {
		return e
	}
	if near, ok := Nearest(strings.ReplaceAll(id, "-", "_"), known); ok {
		e.Suggest, e.suggestPrompt = near, rs.questionByID[near].Prompt
	}
	return e
}

// ParseAnswers turns raw answers keyed by question id into typed answers,
// reporting every problem at once (unknown ids first, then in question order).
func (rs *Ruleset) ParseAnswers(raw map[string]any) (Answers, error) {
	out := make(Answers, len(raw))
	var unknown, bad []error
	ids := make([]string, 0, len(raw))
	for id := range raw {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if rs.questionByID[id] == nil {
			unknown = append(unknown, rs.unknownQuestionError(id, len(unknown) < maxSuggested))
			continue
		}
		v, err := rs.ParseAnswer(id, raw[id])
		switch {
		case err == nil && v != nil:
			out[id] = v
		case err != nil:
			var ue *UnknownQuestionError
			if errors.As(err, &ue) {
				unknown = append(unknown, err)
			} else {
				bad = append(bad, err)
			}
		}
	}
	sort.SliceStable(bad, func(i, j int) bool {
		var a, b *AnswerError
		if !errors.As(bad[i], &a) || !errors.As(bad[j], &b) {
			return false
		}
		return rs.questionByID[a.Question].index < rs.questionByID[b.Question].index
	})
	errs := append(unknown, bad...)
	switch len(errs) {
	case 0:
		return out, nil
	case 1:
		return nil, errs[0]
	}
	return nil, &AnswersError{Errs: errs}
}

// Complete fills every unanswered question with its default and reports
// them as assumed. A question whose ask_if is false also takes its default,
// as it would if it had been asked for in a questionnaire; an answer given to
// it anyway is reported in Ignored. Missing required answers are reported
// together in one *MissingError. The given answers must already be typed
// (ParseAnswers).
func (rs *Ruleset) Complete(given Answers) (*Profile, error) {
	for id := range given {
		if rs.questionByID[id] == nil {
			return nil, rs.unknownQuestion(id)
		}
	}
	p := &Profile{Answers: make(Answers, len(rs.Questions))}
	missing, err := rs.resolve(given, len(rs.Questions), p)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, &MissingError{Questions: missing}
	}
	return p, nil
}

// Asked reports whether a question would be asked given the answers so
// far: its ask_if is absent, or true for the earlier answers as Complete
// would resolve them (an earlier question that does not apply reads as its
// default, an unanswered one as its default or, if required, its type's zero
// value). The questionnaire and Complete thus agree on what applies.
func (rs *Ruleset) Asked(q *Question, a Answers) (bool, error) {
	if q.AskIf == nil {
		return true, nil
	}
	p := &Profile{Answers: make(Answers, q.index)}
	if _, err := rs.resolve(a, q.index, p); err != nil {
		return false, err
	}
	s := rs.getState()
	defer rs.putState(s)
	// On the plan's frame, as resolve does, when the plan compiles the
	// ask_if and every earlier answer is in canonical form.
	if n := s.plan.askIf[q.index]; n.fn != nil {
		onFrame := true
		for j := range q.index {
			onFrame = onFrame && s.plan.holds(&s.onPlan.frame, j, p.Answers[rs.Questions[j].ID])
		}
		if onFrame {
			return n.fn(&s.onPlan.frame), nil
		}
	}
	return s.test(q.AskIf, p.Answers, "question "+q.ID+" ask_if")
}

// resolve decides, in file order, the value of every question before upto
// into p: the given answer, or the default when it is unanswered or its
// ask_if is false (an answer given anyway goes to p.Ignored). ask_if reads
// only earlier questions, all resolved by then. A missing required answer is
// returned in missing and reads as its type's zero value meanwhile.
//
// An ask_if runs on the plan's frame when the plan compiles it and every
// answer resolved before it is in canonical form, else on the VM.
func (rs *Ruleset) resolve(given Answers, upto int, p *Profile) (missing []*Question, err error) {
	var s *state
	onFrame := false // the frame holds every answer resolved so far
	for i, q := range rs.Questions[:upto] {
		v, answered := given[q.ID]
		answered = answered && v != nil
		if q.AskIf != nil {
			if s == nil {
				s = rs.getState()
				defer rs.putState(s)
				onFrame = true
				for j := range i {
					onFrame = onFrame && s.plan.holds(&s.onPlan.frame, j, p.Answers[rs.Questions[j].ID])
				}
			}
			var asked bool
			if n := s.plan.askIf[i]; onFrame && n.fn != nil {
				asked = n.fn(&s.onPlan.frame)
			} else if asked, err = s.test(q.AskIf, p.Answers, ""); err != nil {
				var re *RuntimeError
				if errors.As(err, &re) && re.Context == "" {
					re.Context = "question " + q.ID + " ask_if"
				}
				return nil, err
			}
			if !asked {
				p.Skipped = append(p.Skipped, q.ID)
				if answered {
					p.Ignored = append(p.Ignored, q.ID)
				}
				answered = false
			}
		}
		switch {
		case answered:
			p.Answers[q.ID] = v
		case q.Required:
			missing = append(missing, q)
			p.Answers[q.ID] = zeroValue(q)
		default:
			p.Answers[q.ID] = q.Default
			p.Assumed = append(p.Assumed, q.ID)
		}
		if onFrame {
			onFrame = s.plan.holds(&s.onPlan.frame, i, p.Answers[q.ID])
		}
	}
	return missing, nil
}

// ParseBool reads the words for yes and no that every answer and setting
// takes: true/false, yes/no, y/n, on/off and 1/0, in any case.
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1", "on":
		return true, true
	case "false", "no", "n", "0", "off":
		return false, true
	}
	return false, false
}

// convert turns a raw value into the typed answer of q, as q's type reads it.
func convert(q *Question, raw any) (any, error) {
	t := q.def()
	if t == nil {
		return nil, badAnswer(q, "unsupported question type %q", q.Type)
	}
	return t.parse(q, raw)
}

// splitList splits "a,b" or "a;b" (CSV cells use ;) into items.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
}

// toInt converts a raw number; the error is a phrase for a message.
func toInt(raw any) (int, string) {
	var f float64
	switch v := raw.(type) {
	case int:
		return v, ""
	case int64:
		if v != int64(int(v)) {
			return 0, fmt.Sprintf("%d is out of range", v)
		}
		return int(v), ""
	case uint64:
		if v > uint64(math.MaxInt) {
			return 0, fmt.Sprintf("%d is out of range", v)
		}
		return int(v), ""
	case float64:
		f = v
	case json.Number:
		return numberToInt(string(v))
	case string:
		s := strings.TrimSpace(v)
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return toInt(i)
		} else if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Sprintf("%s is out of range", quoteValue(v))
		}
		return 0, fmt.Sprintf("%s is not a whole number", quoteValue(v))
	case bool:
		return 0, fmt.Sprintf("%t is not a whole number", v)
	default:
		return 0, describeRaw(raw) + " is not a whole number"
	}
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0, fmt.Sprintf("%v is not a finite number", f)
	case f != math.Trunc(f):
		return 0, fmt.Sprintf("%v is not a whole number", f)
	case f > 1<<53 || f < -(1<<53):
		return 0, fmt.Sprintf("%v is out of range", f)
	}
	return int(f), ""
}

// numberToInt converts a JSON number's text (json.Number) exactly; the
// error is a phrase for a message that shows the number as it was written
// (thirty digits, 1e400), never as a float64 prints it
// (1.2345678901234568e+29). A float64 would also round
// 1.0000000000000000001 to the whole number 1 and 1e-400 to 0.
func numberToInt(s string) (int, string) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return toInt(i)
	}
	n, kind := wholeNumber(s)
	switch kind {
	case notANumber:
		return 0, quoteValue(s) + " is not a whole number"
	case notWhole:
		return 0, quoteNumber(s) + " is not a whole number"
	case outOfRange:
		return 0, quoteNumber(s) + " is out of range"
	}
	return toInt(n)
}

// numberKind is what wholeNumber found a number's text to be.
type numberKind int

const (
	whole numberKind = iota
	notWhole
	outOfRange
	notANumber
)

// wholeNumber reads a JSON number's text exactly, by its digits: whether
// it is a whole number, and its value when it is one that fits an int64.
// No float64 rounds it, and a huge exponent costs nothing (math/big would
// compute 10^exponent).
func wholeNumber(s string) (int64, numberKind) {
	if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') || !json.Valid([]byte(s)) {
		return 0, notANumber
	}
	sign, mant := "", s
	if s[0] == '-' {
		sign, mant = "-", s[1:]
	}
	exp := 0
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		e, err := strconv.Atoi(mant[i+1:])
		if err != nil { // beyond an int: a huge exponent either way
			e = math.MaxInt32
			if mant[i+1] == '-' {
				e = math.MinInt32
			}
		}
		exp, mant = max(math.MinInt32, min(math.MaxInt32, e)), mant[:i]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	// The number is 0.digits times 10^point.
	digits := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) + exp - (len(intPart) + len(frac) - len(digits))
	digits = strings.TrimRight(digits, "0")
	switch {
	case digits == "":
		return 0, whole
	case len(digits) > point:
		return 0, notWhole
	case point > 19:
		return 0, outOfRange
	}
	n, err := strconv.ParseInt(sign+digits+strings.Repeat("0", point-len(digits)), 10, 64)
	if err != nil {
		return 0, outOfRange
	}
	return n, whole
}

// numberAsGiven is a whole number n as its raw answer wrote it: the text
// of a JSON number (1e3 stays 1e3), else n.
func numberAsGiven(raw any, n int) string {
	if v, ok := raw.(json.Number); ok {
		return quoteNumber(string(v))
	}
	return strconv.Itoa(n)
}

// wordsAsGiven is numberAsGiven in people's words: a JSON number's text as
// written, else n with its thousands separated (20,000,000).
func wordsAsGiven(raw any, n int) string {
	if _, ok := raw.(json.Number); ok {
		return numberAsGiven(raw, n)
	}
	return groupThousands(n)
}

// describeRaw names a raw value's kind for messages.
func describeRaw(raw any) string {
	switch v := raw.(type) {
	case string:
		return quoteValue(v)
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return quoteNumber(string(v))
	case float64, int, int64:
		return fmt.Sprint(v)
	case []any, []string:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	}
	return fmt.Sprintf("a %T", raw)
}
