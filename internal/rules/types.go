package rules

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Every question type is one definition in this file: what a rules file
// may say of a question of the type, how its answers are parsed, described,
// written and drawn at random, the kind of value that holds them, how a
// questionnaire asks for them and how a command line gives them, and how
// the what-if search, a sweep and the growth path move through them. The
// rest of the program asks a question for these (Question.Want, FlagForm,
// PromptKind, AnswerSchema, Draw, ...) and never names a type.
//
// To add a type: write its definition below and add it to questionTypes;
// then add its name to the rules format's JSON schema
// (internal/cmd/rules/schema/rules.schema.json, whose tests check the list)
// and describe it in docs/rules-format.md. The tests in types_test.go try
// every type in the table. Nothing else names a type: the golden files
// write the loader's list of types as {types}, and serve's OpenAPI
// document and the reports ask the question.

// QuestionType is the type of a question's answer, as a rules file names it.
type QuestionType string

// The question types.
const (
	TypeBool   QuestionType = "bool"   // true or false
	TypeInt    QuestionType = "int"    // a whole number, optionally bounded
	TypeChoice QuestionType = "choice" // one option id
	TypeMulti  QuestionType = "multi"  // any number of option ids
)

// questionTypes is the table of question types: each name with its
// definition, in the order messages list them.
var questionTypes = [...]struct {
	name QuestionType
	def  answerType
}{
	{TypeBool, &boolType{}},
	{TypeInt, &intType{}},
	{TypeChoice, &choiceType{}},
	{TypeMulti, &multiType{}},
}

// def returns the definition of type t, or nil for a type that does not
// exist. (A scan: the types are few, and their names differ early.)
func (t QuestionType) def() answerType {
	for i := range questionTypes { // by index: ranging over the array by value would copy it
		if questionTypes[i].name == t {
			return questionTypes[i].def
		}
	}
	return nil
}

// TypeNames returns the names of the question types, in order.
func TypeNames() []string {
	out := make([]string, len(questionTypes))
	for i, e := range questionTypes {
		out[i] = string(e.name)
	}
	return out
}

// typesThat names the types whose traits has holds for, for messages:
// "int", "choice and multi".
func typesThat(has func(traits) bool) string {
	var names []string
	for _, e := range questionTypes {
		if has(e.def.traits()) {
			names = append(names, string(e.name))
		}
	}
	return andList(names)
}

// andList joins words as a sentence lists them: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// Kind is the form an answer takes: in Answers, in expressions and in the
// evaluation plan. Question types may be many; each holds its answers in
// one of these four kinds, and code that handles answers as values goes by
// the kind.
type Kind uint8

// The kinds of answer.
const (
	KindBool    Kind = iota + 1 // a bool
	KindInt                     // an int
	KindOption                  // a string: one option id
	KindOptions                 // a []string: option ids, in option order
)

// exprNoun says what an answer of kind k is in an expression, for a
// rule's author: "a whole number", "a list of options".
func (k Kind) exprNoun() string {
	switch k {
	case KindBool:
		return "true or false"
	case KindInt:
		return "a whole number"
	case KindOption:
		return "an option"
	case KindOptions:
		return "a list of options"
	}
	return "a value"
}

// PromptKind is the prompt that asks a question in a questionnaire.
type PromptKind uint8

// The prompts.
const (
	PromptConfirm     PromptKind = iota + 1 // yes or no
	PromptInput                             // text, typed and parsed as the answer
	PromptSelect                            // one of the options
	PromptMultiSelect                       // any of the options
)

// FlagForm is how an answer is written on a command line, for the flags
// that answer questions and their help.
type FlagForm struct {
	// Name names the flag's value in help: bool, int, choice, list.
	Name string
	// Placeholder stands for the value in help ("N", "VALUE", "LIST"); ""
	// for a flag that may be given alone.
	Placeholder string
	// Alone is the value of the flag given without one ("true"), and Off
	// the value that says no ("false"); both "" when the flag needs a value.
	Alone, Off string
	// List says the flag takes several values, comma-separated or by
	// giving the flag again.
	List bool
}

// traits are the facts of a question type that need no question.
type traits struct {
	kind Kind
	// adjective names the type in "a ... question": "yes/no".
	adjective string
	// noun says what an answer is, whatever the question's bounds or
	// options: "a whole number".
	noun string
	// What a rules file may give a question of the type: at most
	// maxOptions options (0: none), min and max (bounded), a unit, and
	// `change: growth` (grows).
	maxOptions           int
	bounded, unit, grows bool
	flag                 FlagForm
	prompt               PromptKind
}

// answerType is the definition of a question type.
type answerType interface {
	traits() traits
	// implied completes a question as loaded with what its type implies
	// when the file leaves it out.
	implied(q *Question)

	// zero is the answer an expression is checked against, and that a
	// missing required answer reads as.
	zero() any
	// parse turns a raw answer (see Ruleset.ParseAnswer) into a typed one.
	parse(q *Question, raw any) (any, error)
	// want names the answers q takes in wording w: "a whole number from
	// 1 to 100", "true or false" (by id) or "Yes or No" (in words).
	want(q *Question, w Wording) string
	// rangeText is q's bounds in help ("1 to 1000"), or "".
	rangeText(q *Question) string
	// text is a typed answer as a flag or an environment variable gives it.
	text(q *Question, v any) string
	// words is a typed answer for people: yes, 40, an option's label.
	words(q *Question, v any) string
	// example is an answer for help's examples.
	example(q *Question) any
	// schema is the JSON Schema of q's answers, with q's default; with
	// labels, options are also constants described by their labels.
	schema(q *Question, labels bool) map[string]any
	// draw is a random answer to q, for synthetic profiles.
	draw(q *Question, r *rand.Rand) any
	// coverage lists the answers that a casebook's coverage counts (the
	// options, yes and no), or nil when it counts none.
	coverage(q *Question) []Option
	// whatIf appends to cands the changes of answer cur to q that the
	// what-if search tries, nearest first.
	whatIf(rs *Ruleset, q *Question, cur any, cands []candidate) []candidate
	// sweep checks the range a sweep of q asks for and lists the answers
	// to try, in order, setting the range covered in sw.
	sweep(rs *Ruleset, q *Question, v Vary, sw *Sweep) ([]any, error)
	// growth is the sweep that follows q's answer cur upwards for the
	// growth path, or false when the answer has no path from cur.
	growth(q *Question, cur any) (Vary, bool)
}

// def returns the definition of q's type; nil for a type that does not
// exist (while a rules file with one loads). Load finds it once; a
// question made otherwise looks it up.
func (q *Question) def() answerType {
	if q.typ != nil {
		return q.typ
	}
	return q.Type.def()
}

// Kind returns the form that q's answers take.
func (q *Question) Kind() Kind {
	if t := q.def(); t != nil {
		return t.traits().kind
	}
	return 0
}

// Wording is how a message names a question's answers: by the ids that a
// command line, an answers file and a program give, or in the words a web
// page shows people. The engine builds each message once, in both
// (AnswerError.In), so that the two say the same thing.
type Wording uint8

const (
	// ByID names answers as they are given: true or false, option ids,
	// question ids. The command line's and the JSON API's wording.
	ByID Wording = iota
	// InWords names them as a form shows them: Yes or No, option labels,
	// a question's wording.
	InWords
)

// Number writes n in wording w: its digits by id, as a script or a flag
// gives it ("10000000"); in words with its thousands separated, as people
// read it ("10,000,000").
func (w Wording) Number(n int) string {
	if w == InWords {
		return groupThousands(n)
	}
	return strconv.Itoa(n)
}

// Want names the answers q takes, as the engine's messages say it: "true
// or false", "a whole number from 1 to 100", "one of a, b, c".
func (q *Question) Want() string { return q.WantIn(ByID) }

// WantIn names the answers q takes in wording w: by id as Want does, or in
// words: "Yes or No", "one of “Early: ...”, “Scaling: ...”".
func (q *Question) WantIn(w Wording) string {
	if t := q.def(); t != nil {
		return t.want(q, w)
	}
	return string(q.Type)
}

// optionList lists q's options for a message: their ids, or in words
// their labels, each quoted (a label may hold a comma).
func optionList(q *Question, w Wording) string {
	if w == ByID {
		return strings.Join(q.OptionIDs(), ", ")
	}
	labels := make([]string, len(q.Options))
	for i, o := range q.Options {
		labels[i] = "“" + o.Label + "”"
	}
	return strings.Join(labels, ", ")
}

// Noun says what an answer to a question of type t is, whatever its
// bounds or options: "a whole number".
func (t QuestionType) Noun() string {
	if d := t.def(); d != nil {
		return d.traits().noun
	}
	return string(t)
}

// RangeText is the bounds of q's answers as help shows them ("1 to 1000",
// "at least 0", "at most 9"), or "" when they have none.
func (q *Question) RangeText() string {
	if t := q.def(); t != nil {
		return t.rangeText(q)
	}
	return ""
}

// Text returns a typed answer to q as a flag, an environment variable or
// an answers file gives it: "true", "40", an option id, a list
// comma-separated ("none" when empty).
func (q *Question) Text(v any) string {
	if t := q.def(); t != nil {
		return t.text(q, v)
	}
	return fmt.Sprint(v)
}

// Words returns a typed answer to q in people's words: yes or no, a
// number, an option's label, labels joined by commas ("none" when empty).
// A nil question gives the value's words without labels.
func (q *Question) Words(v any) string {
	if q != nil {
		if t := q.def(); t != nil {
			return t.words(q, v)
		}
	}
	return wordsOf(nil, v)
}

// Example returns an answer to q for help's examples, or nil when q has
// none (a choice without options).
func (q *Question) Example() any {
	if t := q.def(); t != nil {
		return t.example(q)
	}
	return nil
}

// AnswerSchema returns the JSON Schema of q's answers, as a value that
// encoding/json writes: its type, bounds, options (as an enum) and q's
// default. With labels, the options are also constants described by their
// labels (oneOf), which tell a client what each id means.
func (q *Question) AnswerSchema(labels bool) map[string]any {
	if t := q.def(); t != nil {
		return t.schema(q, labels)
	}
	return map[string]any{}
}

// FlagForm returns how a command line gives an answer to q.
func (q *Question) FlagForm() FlagForm {
	if t := q.def(); t != nil {
		return t.traits().flag
	}
	return FlagForm{Name: string(q.Type), Placeholder: "VALUE"}
}

// PromptKind returns the prompt that asks q.
func (q *Question) PromptKind() PromptKind {
	if t := q.def(); t != nil {
		return t.traits().prompt
	}
	return PromptInput
}

// Draw returns a random answer to q, typed: each option alike, each
// option of a list one time in four, a number log-uniformly within its
// bounds (0 to 100,000 when it has none), so that organisations of every
// size come up, most of them small.
func (q *Question) Draw(r *rand.Rand) any {
	if t := q.def(); t != nil {
		return t.draw(q, r)
	}
	return nil
}

// FormatBounds writes q's bounds (min and max) with the format for both,
// for a lower bound alone or for an upper bound alone, each taking the
// numbers in order as strings (%s), written in wording w (Wording.Number);
// "" when q has none. RangeText, Want and the prompt's hint use it, so
// that every rendering of a range reads the same bounds.
func (q *Question) FormatBounds(w Wording, both, atLeast, atMost string) string {
	switch {
	case q.Min != nil && q.Max != nil:
		return fmt.Sprintf(both, w.Number(*q.Min), w.Number(*q.Max))
	case q.Min != nil:
		return fmt.Sprintf(atLeast, w.Number(*q.Min))
	case q.Max != nil:
		return fmt.Sprintf(atMost, w.Number(*q.Max))
	}
	return ""
}

// Ranged reports whether a sweep of q covers a range of numbers (FROM..TO)
// rather than every answer q takes.
func (q *Question) Ranged() bool { return q.Kind() == KindInt }

// Sweepable reports whether q can be swept: a list of options cannot.
func (q *Question) Sweepable() bool { return q.Kind() != KindOptions }

// optionIndex is the index of option id of q, or -1.
func optionIndex(q *Question, id string) int {
	for i, o := range q.Options {
		if o.ID == id {
			return i
		}
	}
	return -1
}

// badAnswer is an answer that does not fit q, saying what q takes, in
// each wording.
func badAnswer(q *Question, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	return &AnswerError{Question: q.ID, Message: what + "; want " + q.WantIn(ByID), words: what + "; want " + q.WantIn(InWords)}
}

// notAnOption is an option id that q does not have: by id, with the ids
// (and the nearest one); in words, with the nearest option's label, else
// every label.
func notAnOption(q *Question, id string) error {
	ids := q.OptionIDs()
	e := &AnswerError{Question: q.ID, Message: fmt.Sprintf("%s is not an option%s; options: %s", quoteValue(id), suggest(id, ids), optionList(q, ByID))}
	if near, ok := Nearest(id, ids); ok {
		e.words = fmt.Sprintf("%s is not an option; did you mean “%s”?", quoteValue(id), q.Options[optionIndex(q, near)].Label)
	} else {
		e.words = fmt.Sprintf("%s is not an option; options: %s", quoteValue(id), optionList(q, InWords))
	}
	return e
}

// withDefault adds q's default to the schema of its answers.
func withDefault(q *Question, s map[string]any) map[string]any {
	if !q.Required && q.Default != nil {
		s["default"] = q.Default
	}
	return s
}

// optionSchema gives q's options as an enum, which every client
// understands, and with labels as constants with their labels too, which
// tell what each id means.
func optionSchema(q *Question, labels bool) map[string]any {
	enum := make([]any, len(q.Options))
	for i, o := range q.Options {
		enum[i] = o.ID
	}
	s := map[string]any{"type": "string", "enum": enum}
	if labels {
		labelled := make([]any, len(q.Options))
		for i, o := range q.Options {
			labelled[i] = map[string]any{"const": o.ID, "description": o.Label}
		}
		s["oneOf"] = labelled
	}
	return s
}

// wordsOf is an answer in people's words, by its kind: yes or no, the
// number, the option's label (the id without q), the labels of a list.
func wordsOf(q *Question, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case int:
		return strconv.Itoa(x)
	case string:
		if q != nil {
			for _, o := range q.Options {
				if o.ID == x {
					return o.Label
				}
			}
		}
		return x
	case []string:
		if len(x) == 0 {
			return "none"
		}
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = wordsOf(q, s)
		}
		return strings.Join(out, ", ")
	case nil:
		return "none"
	}
	return fmt.Sprint(v)
}

// noRange refuses a range for a question whose sweep tries every answer.
func noRange(q *Question, v Vary) error {
	if v.From != nil || v.To != nil {
		return &AnswerError{Question: q.ID, Message: fmt.Sprintf("a range is for whole-number questions; a %s question is swept over every answer it takes", q.def().traits().adjective)}
	}
	return nil
}

// boolType: yes or no.
type boolType struct{}

func (*boolType) traits() traits {
	return traits{
		kind: KindBool, adjective: "yes/no", noun: "true or false", grows: true,
		flag: FlagForm{Name: "bool", Alone: "true", Off: "false"}, prompt: PromptConfirm,
	}
}

func (*boolType) implied(*Question) {}
func (*boolType) zero() any         { return false }
func (*boolType) want(_ *Question, w Wording) string {
	if w == InWords {
		return "Yes or No"
	}
	return "true or false"
}
func (*boolType) rangeText(*Question) string      { return "" }
func (*boolType) text(_ *Question, v any) string  { return fmt.Sprint(v) }
func (*boolType) words(q *Question, v any) string { return wordsOf(q, v) }
func (*boolType) example(*Question) any           { return true }

func (*boolType) parse(q *Question, raw any) (any, error) {
	switch v := raw.(type) {
	case bool:
		return v, nil
	case string:
		if b, ok := ParseBool(v); ok {
			return b, nil
		}
		return nil, notBool(q, quoteValue(v))
	}
	return nil, notBool(q, describeRaw(raw))
}

// notBool is an answer to a yes/no question that is neither: "\"maybe\"
// is not true or false; want true or false", in words "\"maybe\" is not
// Yes or No".
func notBool(q *Question, given string) error {
	return &AnswerError{Question: q.ID, Message: given + " is not true or false; want " + q.WantIn(ByID), words: given + " is not " + q.WantIn(InWords)}
}

func (*boolType) schema(q *Question, _ bool) map[string]any {
	return withDefault(q, map[string]any{"type": "boolean"})
}

func (*boolType) draw(_ *Question, r *rand.Rand) any { return r.IntN(2) == 1 }

func (*boolType) coverage(*Question) []Option {
	return []Option{{ID: "true", Label: "yes"}, {ID: "false", Label: "no"}}
}

// whatIf tries the other answer.
func (*boolType) whatIf(_ *Ruleset, _ *Question, cur any, cands []candidate) []candidate {
	return append(cands, candidate{value: !cur.(bool), dist: 1})
}

// sweep tries false, then true.
func (*boolType) sweep(_ *Ruleset, q *Question, v Vary, _ *Sweep) ([]any, error) {
	if err := noRange(q, v); err != nil {
		return nil, err
	}
	return []any{false, true}, nil
}

// growth goes from no to yes.
func (*boolType) growth(q *Question, cur any) (Vary, bool) { return Vary{Question: q.ID}, !cur.(bool) }

// intType: a whole number, bounded by min and max when the file gives them.
type intType struct{}

func (*intType) traits() traits {
	return traits{
		kind: KindInt, adjective: "whole-number", noun: "a whole number",
		bounded: true, unit: true, grows: true,
		flag: FlagForm{Name: "int", Placeholder: "N"}, prompt: PromptInput,
	}
}

func (*intType) implied(*Question) {}
func (*intType) zero() any         { return 0 }

func (*intType) parse(q *Question, raw any) (any, error) {
	n, err := toInt(raw)
	if err != "" {
		return nil, notAWholeNumber(q, raw, err)
	}
	if (q.Min != nil && n < *q.Min) || (q.Max != nil && n > *q.Max) {
		// In words, the number as the bounds are written: 20,000,000.
		return nil, &AnswerError{
			Question: q.ID,
			Message:  numberAsGiven(raw, n) + " is out of range; want " + q.WantIn(ByID),
			words:    wordsAsGiven(raw, n) + " is out of range; want " + q.WantIn(InWords),
		}
	}
	return n, nil
}

// notAWholeNumber is a whole-number answer that is not one; in words, text that
// groups thousands with dots or spaces ("1.200", "1 200") is told how to
// write them, since a dot is a decimal point to some and a separator to
// others, and a guess could be wrong by a factor of a thousand.
func notAWholeNumber(q *Question, raw any, what string) error {
	e := badAnswer(q, "%s", what).(*AnswerError)
	if s, ok := raw.(string); ok && groupedOtherwise(s) {
		e.words = what + "; separate thousands with commas (1,200) or not at all (1200)"
	}
	return e
}

func (t *intType) want(q *Question, w Wording) string { return boundedWant(t.traits().noun, q, w) }

// boundedWant is a number's noun with q's bounds in wording w: "a whole
// number from 1 to 100000", in words "... from 1 to 100,000".
func boundedWant(noun string, q *Question, w Wording) string {
	return noun + q.FormatBounds(w, " from %s to %s", " of at least %s", " of at most %s")
}

// rangeText keeps the digits: help's flag table and `questions` are read
// by scripts too.
func (*intType) rangeText(q *Question) string {
	return q.FormatBounds(ByID, "%s to %s", "at least %s", "at most %s")
}

func (*intType) text(_ *Question, v any) string  { return fmt.Sprint(v) }
func (*intType) words(q *Question, v any) string { return wordsOf(q, v) }
func (*intType) coverage(*Question) []Option     { return nil }

// example is 40, within q's bounds.
func (*intType) example(q *Question) any {
	n := 40
	if q.Min != nil && n < *q.Min {
		n = *q.Min
	}
	if q.Max != nil && n > *q.Max {
		n = *q.Max
	}
	return n
}

func (*intType) schema(q *Question, _ bool) map[string]any {
	s := map[string]any{"type": "integer"}
	if q.Min != nil {
		s["minimum"] = *q.Min
	}
	if q.Max != nil {
		s["maximum"] = *q.Max
	}
	return withDefault(q, s)
}

// draw is log-uniform within q's bounds, at most 100,000 above the lower.
func (*intType) draw(q *Question, r *rand.Rand) any {
	lo := 0
	if q.Min != nil {
		lo = *q.Min
	}
	hi := max(lo, 0) + 100_000
	if q.Max != nil {
		hi = min(*q.Max, hi)
	}
	if hi <= lo {
		return lo
	}
	span := float64(hi-lo) + 1
	n := lo + int(math.Exp(r.Float64()*math.Log(span))) - 1
	return min(max(n, lo), hi)
}

// whatIf walks the numbers that the rules compare the answer with (and
// those either side) below and above it, nearest first, within q's
// bounds: in each direction, a change is reported at each new label met.
// The distance is the relative change.
func (*intType) whatIf(rs *Ruleset, q *Question, cur any, cands []candidate) []candidate {
	n := cur.(int)
	bs := rs.boundaries[q.ID] // ascending
	for i := len(bs) - 1; i >= 0; i-- {
		if b := bs[i]; b < n && (q.Min == nil || b >= *q.Min) && (q.Max == nil || b <= *q.Max) {
			cands = append(cands, candidate{value: b, dist: relative(b, n), dir: dirDown})
		}
	}
	for _, b := range bs {
		if b > n && (q.Min == nil || b >= *q.Min) && (q.Max == nil || b <= *q.Max) {
			cands = append(cands, candidate{value: b, dist: relative(b, n), dir: dirUp})
		}
	}
	return cands
}

// relative is the change from n to b relative to n (to 1 for 0):
// |b-n| / max(|n|, 1).
func relative(b, n int) float64 {
	d, base := float64(b-n), float64(n)
	if d < 0 {
		d = -d
	}
	if base < 0 {
		base = -base
	}
	if base < 1 {
		base = 1
	}
	return d / base
}

// sweep covers a range: by default from q's min (else the lowest number
// its rules compare it with, or 0 when that is higher) to q's max (else the
// highest such number, or 0 when that is lower). It tries the start, then
// each number in the range that the rules compare q with, or either side:
// every change is found exactly, without sampling.
func (*intType) sweep(rs *Ruleset, q *Question, v Vary, sw *Sweep) ([]any, error) {
	bad := func(format string, args ...any) error {
		return &AnswerError{Question: q.ID, Message: fmt.Sprintf(format, args...)}
	}
	bs := rs.boundaries[q.ID]
	lo, hi := 0, 0
	if len(bs) > 0 {
		lo, hi = min(0, bs[0]), max(0, bs[len(bs)-1])
	}
	if q.Min != nil {
		lo = *q.Min
	}
	if q.Max != nil {
		hi = *q.Max
	}
	hi = max(hi, lo)
	for _, end := range []*int{v.From, v.To} {
		if end != nil && ((q.Min != nil && *end < *q.Min) || (q.Max != nil && *end > *q.Max)) {
			return nil, bad("%d is out of range; want %s", *end, q.Want())
		}
	}
	if v.From != nil {
		lo = *v.From
	}
	if v.To != nil {
		hi = *v.To
	}
	if lo > hi {
		return nil, bad("the range %d..%d is empty: it must go from the lower number to the higher", lo, hi)
	}
	sw.From, sw.To = lo, hi
	out := []any{lo}
	for _, b := range bs {
		if b > lo && b <= hi {
			out = append(out, b)
		}
	}
	return out, nil
}

// growth goes from today's figure to GrowthFactor times it (at least to
// GrowthFactor), within q's max.
func (*intType) growth(q *Question, cur any) (Vary, bool) {
	from := cur.(int)
	to := GrowthFactor
	switch {
	case from > math.MaxInt/GrowthFactor:
		to = math.MaxInt
	case from*GrowthFactor > to:
		to = from * GrowthFactor
	}
	if q.Max != nil {
		to = min(to, *q.Max)
	}
	if to <= from {
		return Vary{}, false
	}
	return Vary{Question: q.ID, From: &from, To: &to}, true
}

// choiceType: one of the question's options.
type choiceType struct{}

func (*choiceType) traits() traits {
	return traits{
		kind: KindOption, adjective: "choice", noun: "one option",
		maxOptions: maxOptions, unit: true, grows: true,
		flag: FlagForm{Name: "choice", Placeholder: "VALUE"}, prompt: PromptSelect,
	}
}

func (*choiceType) implied(*Question) {}
func (*choiceType) zero() any         { return "" }

func (*choiceType) parse(q *Question, raw any) (any, error) {
	s, ok := raw.(string)
	if !ok {
		return nil, badAnswer(q, "%s is not an option", describeRaw(raw))
	}
	s = strings.TrimSpace(s)
	if !q.HasOption(s) {
		return nil, notAnOption(q, s)
	}
	return s, nil
}

func (*choiceType) want(q *Question, w Wording) string { return "one of " + optionList(q, w) }
func (*choiceType) rangeText(*Question) string         { return "" }
func (*choiceType) text(_ *Question, v any) string     { return fmt.Sprint(v) }
func (*choiceType) words(q *Question, v any) string    { return wordsOf(q, v) }
func (*choiceType) example(q *Question) any {
	if len(q.Options) == 0 {
		return nil
	}
	return q.Options[0].ID
}
func (*choiceType) coverage(q *Question) []Option { return q.Options }

func (*choiceType) schema(q *Question, labels bool) map[string]any {
	return withDefault(q, optionSchema(q, labels))
}

func (*choiceType) draw(q *Question, r *rand.Rand) any { return q.Options[r.IntN(len(q.Options))].ID }

// whatIf tries the other options, nearest first (ci-1, ci+1, ci-2, ...):
// the distance is the number of steps between them.
func (*choiceType) whatIf(_ *Ruleset, q *Question, cur any, cands []candidate) []candidate {
	ci := optionIndex(q, cur.(string))
	for d := 1; ci-d >= 0 || ci+d < len(q.Options); d++ {
		for _, j := range [2]int{ci - d, ci + d} {
			if j >= 0 && j < len(q.Options) {
				cands = append(cands, candidate{value: q.Options[j].ID, dist: float64(d)})
			}
		}
	}
	return cands
}

// sweep tries every option, in order.
func (*choiceType) sweep(_ *Ruleset, q *Question, v Vary, _ *Sweep) ([]any, error) {
	if err := noRange(q, v); err != nil {
		return nil, err
	}
	out := make([]any, 0, len(q.Options))
	for _, o := range q.Options {
		out = append(out, o.ID)
	}
	return out, nil
}

// growth goes through the options after today's, in file order; an
// answer of "not sure" has no path.
func (*choiceType) growth(q *Question, cur any) (Vary, bool) {
	i := optionIndex(q, cur.(string))
	return Vary{Question: q.ID}, i >= 0 && !q.Options[i].Unknown
}

// multiType: any of the question's options, as a list in option order.
type multiType struct{}

func (*multiType) traits() traits {
	return traits{
		kind: KindOptions, adjective: "multiple-choice", noun: "any options",
		maxOptions: maxMultiOptions,
		flag:       FlagForm{Name: "list", Placeholder: "LIST", List: true}, prompt: PromptMultiSelect,
	}
}

func (*multiType) zero() any { return []string{} }

// implied: an optional list without a default defaults to no option.
func (*multiType) implied(q *Question) {
	if !q.Required {
		q.Default = []string{}
	}
}

// parse takes a list, or a text of options separated by commas or
// semicolons (CSV cells use ;); "none" is the empty list unless it is an
// option.
func (*multiType) parse(q *Question, raw any) (any, error) {
	var items []string
	switch v := raw.(type) {
	case string:
		items = splitList(v)
	case []string:
		items = v
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, badAnswer(q, "list item %s is not an option", describeRaw(x))
			}
			items = append(items, s)
		}
	default:
		return nil, badAnswer(q, "%s is not a list of options", describeRaw(raw))
	}
	chosen := map[string]bool{}
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || (it == "none" && !q.HasOption("none")) {
			continue
		}
		if !q.HasOption(it) {
			return nil, notAnOption(q, it)
		}
		chosen[it] = true
	}
	out := make([]string, 0, len(chosen))
	for _, o := range q.Options {
		if chosen[o.ID] {
			out = append(out, o.ID)
		}
	}
	return out, nil
}

func (*multiType) want(q *Question, w Wording) string { return "any of " + optionList(q, w) }
func (*multiType) rangeText(*Question) string         { return "" }
func (*multiType) words(q *Question, v any) string    { return wordsOf(q, v) }
func (*multiType) example(q *Question) any {
	if len(q.Options) == 0 {
		return nil
	}
	return []string{q.Options[0].ID}
}
func (*multiType) coverage(q *Question) []Option { return q.Options }

func (*multiType) text(_ *Question, v any) string {
	if xs, ok := v.([]string); ok {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, ",")
	}
	return fmt.Sprint(v)
}

func (*multiType) schema(q *Question, labels bool) map[string]any {
	return withDefault(q, map[string]any{"type": "array", "items": optionSchema(q, labels), "uniqueItems": true})
}

// draw takes each option one time in four.
func (*multiType) draw(q *Question, r *rand.Rand) any {
	out := []string{}
	for _, o := range q.Options {
		if r.IntN(4) == 0 {
			out = append(out, o.ID)
		}
	}
	return out
}

// whatIf adds or removes one option at a time, in option order.
func (*multiType) whatIf(_ *Ruleset, q *Question, cur any, cands []candidate) []candidate {
	has := map[string]bool{}
	for _, c := range cur.([]string) {
		has[c] = true
	}
	for _, o := range q.Options {
		next := make([]string, 0, len(has)+1)
		for _, x := range q.Options {
			if (x.ID == o.ID) != has[x.ID] {
				next = append(next, x.ID)
			}
		}
		cands = append(cands, candidate{value: next, dist: 1})
	}
	return cands
}

// sweep: a list of options cannot be swept.
func (*multiType) sweep(_ *Ruleset, q *Question, v Vary, _ *Sweep) ([]any, error) {
	if err := noRange(q, v); err != nil {
		return nil, err
	}
	return nil, &AnswerError{Question: q.ID, Message: "a question that takes several options cannot be swept; vary a number, a choice or a yes/no question"}
}

// growth: a list of options does not grow (Load refuses `change: growth`).
func (*multiType) growth(*Question, any) (Vary, bool) { return Vary{}, false }
