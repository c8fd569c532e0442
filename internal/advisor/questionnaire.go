package advisor

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// ErrInputClosed is returned by a Prompter when its input ends (the
// terminal is gone) rather than the user pressing Ctrl-C or Ctrl-D. It
// wraps ErrCancel, so it exits 130 unless Ask turns it into a
// bad-input error because required answers are still missing.
var ErrInputClosed = fmt.Errorf("input closed: %w", ErrCancel)

// Ask runs the questionnaire: it asks, in file order, every question that
// given does not answer and whose ask_if holds for the answers so far, with
// the prompt that fits its type, and returns given merged with the answers
// asked, all typed. Questions it does not ask are left out, so that
// rs.Complete fills them with their defaults and reports them as assumed.
//
// Prompts carry "(3 of 12)"-style progress, where the total counts the
// questions asked so far and those that could still be asked (mayAsk): it
// never grows, and falls only when an answer rules later questions out.
//
// Ask writes nothing to standard output: prompts go to the Prompter, and the
// one-line introduction to errOut. When the user interrupts it returns
// ErrCancel; when the input closes while required questions are
// unanswered it returns a bad-input error naming them.
func Ask(rs *rules.Ruleset, given rules.Answers, p Prompter, errOut io.Writer) (rules.Answers, error) {
	answers := make(rules.Answers, len(rs.Questions))
	for id, v := range given {
		if v != nil {
			answers[id] = v
		}
	}
	asked := 0
	for i, q := range rs.Questions {
		if _, ok := answers[q.ID]; ok {
			continue
		}
		ask, err := rs.Asked(q, answers)
		if err != nil {
			return nil, askIfError(q, err)
		}
		if !ask {
			continue
		}
		// This question is among those that may be asked.
		remaining, err := mayAsk(rs, rs.Questions[i:], answers)
		if err != nil {
			return nil, err
		}
		if asked == 0 && errOut != nil {
			fmt.Fprintln(errOut, "Answer each question; type ? for help, Ctrl-C to stop.")
		}
		msg := fmt.Sprintf("(%d of %d) %s", asked+1, asked+remaining, q.Prompt)
		asked++
		v, err := askOne(rs, q, msg, p)
		if err != nil {
			if errors.Is(err, ErrInputClosed) {
				return nil, inputClosed(rs, answers)
			}
			if errors.Is(err, ErrCancel) {
				return nil, ErrCancel
			}
			return nil, fmt.Errorf("asking %s: %w", q.ID, err)
		}
		answers[q.ID] = v
	}
	return answers, nil
}

// mayAsk counts the unanswered questions of qs that could still be asked:
// those without ask_if, those whose ask_if reads a question that could
// itself still be asked (and so might yet switch it on), and those whose
// ask_if holds for the answers as they stand. Answering a question moves it
// from this count to the questions asked, and can only rule others out, so
// the total shown never grows.
func mayAsk(rs *rules.Ruleset, qs []*rules.Question, answers rules.Answers) (int, error) {
	open := map[string]bool{}
	for _, q := range qs {
		if _, ok := answers[q.ID]; ok {
			continue
		}
		may := q.AskIf == nil || slices.ContainsFunc(q.AskIf.Reads(), func(id string) bool { return open[id] })
		if !may {
			// Every question it reads is answered or ruled out (and
			// read as its default): ask_if is decided.
			ask, err := rs.Asked(q, answers)
			if err != nil {
				return 0, askIfError(q, err)
			}
			may = ask
		}
		if may {
			open[q.ID] = true
		}
	}
	return len(open), nil
}

// askIfError reports an ask_if that failed while it ran: a problem of the
// rules file, so bad input.
func askIfError(q *rules.Question, err error) error {
	var re *rules.RuntimeError
	if errors.As(err, &re) {
		return BadInputf("%s: question %s: ask_if: %v", re.Pos, q.ID, re.Err)
	}
	return BadInputf("question %s: ask_if: %v", q.ID, err)
}

// inputClosed is the error for input that ends mid-questionnaire: bad input
// (exit 2) when required answers are missing, as when there is no terminal
// at all, and otherwise an interruption (exit 130).
func inputClosed(rs *rules.Ruleset, answers rules.Answers) error {
	var missing []string
	for _, q := range rs.Questions {
		if _, ok := answers[q.ID]; !ok && q.Required {
			missing = append(missing, q.ID)
		}
	}
	if len(missing) == 0 {
		return ErrInputClosed
	}
	return BadInputf("input closed before the questionnaire ended; missing required %s: %s",
		text.Plural(len(missing), "answer"), strings.Join(missing, ", "))
}

// askOne asks q with the prompt its type calls for and returns the typed
// answer. A required question has no default, at the prompt as anywhere
// else: the prompt is told there is none, so that Enter alone does not
// answer it.
func askOne(rs *rules.Ruleset, q *rules.Question, msg string, p Prompter) (any, error) {
	switch q.PromptKind() {
	case rules.PromptConfirm:
		var def *bool
		if b, ok := q.Default.(bool); ok && !q.Required {
			def = &b
		}
		return p.Confirm(msg, q.Help, def)
	case rules.PromptInput:
		def := ""
		if q.Default != nil && !q.Required {
			def = q.Text(q.Default)
		}
		validate := func(s string) error {
			_, err := parseTyped(rs, q, s)
			return err
		}
		text, err := p.Input(msg+rangeHint(q), q.Help, def, validate)
		if err != nil {
			return nil, err
		}
		return parseTyped(rs, q, text)
	case rules.PromptSelect:
		def := -1
		if !q.Required {
			def = 0
			if s, ok := q.Default.(string); ok {
				def = max(0, slices.Index(q.OptionIDs(), s))
			}
		}
		i, err := p.Select(msg, q.Help, promptOptions(q), def)
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= len(q.Options) {
			return nil, fmt.Errorf("option %d out of range", i)
		}
		return q.Options[i].ID, nil
	case rules.PromptMultiSelect:
		var defs []int // nil: none, the answer must be given
		if !q.Required {
			defs = []int{}
		}
		if ids, ok := q.Default.([]string); ok && !q.Required {
			for i, o := range q.Options {
				if slices.Contains(ids, o.ID) {
					defs = append(defs, i)
				}
			}
		}
		idx, err := p.MultiSelect(msg, q.Help, promptOptions(q), defs)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			if i < 0 || i >= len(q.Options) {
				return nil, fmt.Errorf("option %d out of range", i)
			}
		}
		// Answers list options in option order, whatever order they were picked in.
		chosen := make([]string, 0, len(idx))
		for i, o := range q.Options {
			if slices.Contains(idx, i) {
				chosen = append(chosen, o.ID)
			}
		}
		return chosen, nil
	}
	return nil, fmt.Errorf("question %s: unsupported type %q", q.ID, q.Type)
}

// parseTyped checks typed text with the same rules as every other answer,
// so the reason shown on a re-ask says what flags and files are told, in
// the words the prompt shows (bounds as "100,000"). A number may be typed
// with the thousands separators its hint shows ("1,200"), as in the web
// form; flags and files keep to digits.
func parseTyped(rs *rules.Ruleset, q *rules.Question, s string) (any, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("an answer is required: type " + q.Type.Noun())
	}
	if q.Kind() == rules.KindInt {
		s = rules.Ungroup(s)
	}
	v, err := rs.ParseAnswer(q.ID, s)
	if err != nil {
		var ae *rules.AnswerError
		if errors.As(err, &ae) {
			// The question is on screen: its id would only add noise.
			return nil, errors.New(ae.In(rules.InWords))
		}
		return nil, err
	}
	return v, nil
}

// rangeHint tells the user the bounds of a question's answers, if it has
// any, in words: " [1-100,000]".
func rangeHint(q *rules.Question) string {
	return q.FormatBounds(rules.InWords, " [%s-%s]", " [%s or more]", " [at most %s]")
}

// promptOptions returns q's options as prompts show them: the label, or
// the id when a label is empty, kept distinct so that an answer matched by
// its text maps back to one option.
func promptOptions(q *rules.Question) []rules.Option {
	opts := make([]rules.Option, len(q.Options))
	seen := map[string]bool{}
	for i, o := range q.Options {
		l := o.Label
		if l == "" {
			l = o.ID
		}
		if seen[l] {
			l += " (" + o.ID + ")"
		}
		seen[l] = true
		opts[i] = rules.Option{ID: o.ID, Label: l}
	}
	return opts
}
