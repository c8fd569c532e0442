package rules

import (
	"sync"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// Level is how much of a role an organisation needs.
type Level string

// The levels, from least to most.
const (
	LevelNone       Level = "none"
	LevelFractional Level = "fractional"
	LevelFullTime   Level = "full-time"
)

// Rank orders levels: none 0, fractional 1, full-time 2.
func (l Level) Rank() int {
	switch l {
	case LevelFractional:
		return 1
	case LevelFullTime:
		return 2
	}
	return 0
}

// Source is a piece of evidence that rules cite.
type Source struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Ref is a seed file name or an address.
	Ref string `json:"ref"`
	// Kind is what the source is (article, marketing, vendor, law, research), if said.
	Kind string `json:"kind,omitempty"`
	Pos  Pos    `json:"-"`
}

// Option is one allowed answer of a choice or multi question.
type Option struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Unknown marks the option that means "not sure": it is never
	// suggested as a change, and a band question answered with it has no
	// growth path.
	Unknown bool `json:"unknown,omitempty"`
}

// ChangeKind says how an organisation comes to change a question's
// answer, which decides whether, and where, the report suggests it.
type ChangeKind string

// The kinds of change. A question with neither is never suggested as a
// change of answer (a sector, say, is not a lever).
const (
	// ChangeGrowth is an answer that grows with the organisation
	// (headcount, engineers, revenue bands): the report's growth path
	// follows it upwards, never downwards.
	ChangeGrowth ChangeKind = "growth"
	// ChangeDecision is an answer the organisation decides (a budget, a
	// hire, a programme): the report suggests its changes, nearest first.
	ChangeDecision ChangeKind = "decision"
)

// Question is one thing the advisor asks.
type Question struct {
	ID      string       `json:"id"`
	Type    QuestionType `json:"type"`
	Prompt  string       `json:"prompt"`
	Help    string       `json:"help"`
	Options []Option     `json:"options,omitempty"`
	// Min and Max bound the answers of a type that takes bounds (int)
	// when set.
	Min *int `json:"min,omitempty"`
	Max *int `json:"max,omitempty"`
	// Required questions have no default: they must be answered.
	Required bool `json:"required"`
	// Default is the typed answer used when the question is not answered.
	Default any `json:"default,omitempty"`
	// AskIf, when set, says when the question is worth asking; when it is
	// false the question is not asked and takes its default.
	AskIf *Condition `json:"-"`
	// Change is how the answer comes to change: ChangeGrowth, ChangeDecision
	// or "" (never suggested).
	Change ChangeKind `json:"change,omitempty"`
	// Short names the question in a few words for lists ("stage",
	// "budget for technology leadership"); "" when the file gives none.
	Short string `json:"short,omitempty"`
	// Unit is the noun that follows an answer in a sentence ("100 staff",
	// "$1-10 million revenue"), for int and choice questions; "" if none.
	Unit string `json:"unit,omitempty"`
	Pos  Pos    `json:"-"`

	index int
	// typ is Type's definition, found once by Load (or Restore): def.
	typ answerType
}

// OptionIDs returns the ids of the question's options, in order.
func (q *Question) OptionIDs() []string {
	ids := make([]string, len(q.Options))
	for i, o := range q.Options {
		ids[i] = o.ID
	}
	return ids
}

// HasOption reports whether id is one of the question's options.
func (q *Question) HasOption(id string) bool {
	for _, o := range q.Options {
		if o.ID == id {
			return true
		}
	}
	return false
}

// Role is a leadership role the rules score, such as cto or cio.
type Role struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	FractionalTitle string `json:"fractional_title"`
	// Label and FractionalLabel name the role in the recommendation label.
	Label           string `json:"label"`
	FractionalLabel string `json:"fractional_label"`
	// CoveredWhen says when someone in place already covers the role. With
	// CoveredBy, it is the condition that any of its entries holds.
	CoveredWhen *Condition `json:"-"`
	// CoveredBy lists who may already cover the role, first match wins.
	CoveredBy []Holder `json:"covered_by,omitempty"`
	// Candidates lists people in post who could grow into the role when it
	// is needed and nobody covers it, first match wins.
	Candidates []Holder `json:"candidates,omitempty"`
	Pos        Pos      `json:"-"`
}

// Holder is someone who may be in post for a role: when the condition
// holds, Who names them for people ("your technical founder"). An empty Who
// in CoveredBy is the role's own title-holder.
type Holder struct {
	When *Condition `json:"-"`
	Who  string     `json:"who,omitempty"`
	Pos  Pos        `json:"-"`
}

// Citation is one source a rule or a dispute cites, with the passage it
// rests on when given.
type Citation struct {
	Source string `json:"source"`
	// Quote is a short verbatim passage of the source that supports the claim.
	Quote string `json:"quote,omitempty"`
}

// BasisJudgement is Rule.Basis for a claim that no source records: the
// rule authors' judgement, said as such.
const BasisJudgement = "judgement"

// Weight is what a rule adds to one role's score when it fires.
type Weight struct {
	Role  string  `json:"role"`
	Value float64 `json:"weight"`
}

// Dispute records that other sources take another view of a rule.
type Dispute struct {
	Sources   []string   `json:"sources"`
	Citations []Citation `json:"citations,omitempty"`
	View      string     `json:"view"`
}

// Rule weighs one aspect of an organisation.
type Rule struct {
	ID          string     `json:"id"`
	Description string     `json:"description"`
	When        *Condition `json:"-"`
	Add         []Weight   `json:"add"`
	Notes       []string   `json:"notes,omitempty"`
	// Sources are the ids of the sources cited; Citations the same, in
	// order, each with its quote.
	Sources   []string   `json:"sources"`
	Citations []Citation `json:"citations,omitempty"`
	// Basis is BasisJudgement when the rule's claim is judgement, not a
	// source's: such a rule may cite no source.
	Basis      string    `json:"basis,omitempty"`
	DisputedBy []Dispute `json:"disputed_by,omitempty"`
	// Supersedes names rules that say the same as this one at a lower
	// threshold ("5 or more engineers" for "10 or more"): when this rule
	// fires with them, the short report gives this one only. It changes
	// no score.
	Supersedes []string `json:"supersedes,omitempty"`
	Pos        Pos      `json:"-"`
}

// Row is one row of a role's decide table.
type Row struct {
	// When is nil for the catch-all row.
	When    *Condition `json:"-"`
	Level   Level      `json:"level"`
	Because string     `json:"because"`
	// Summary is Because in one short line, for the short report; "" when
	// the file gives none.
	Summary string `json:"summary,omitempty"`
	Pos     Pos    `json:"-"`
}

// ConditionOp is the kind of a condition node.
type ConditionOp string

// The condition kinds.
const (
	OpExpr ConditionOp = "expr" // a leaf expression
	OpAll  ConditionOp = "all"  // every item is true
	OpAny  ConditionOp = "any"  // at least one item is true
	OpNot  ConditionOp = "not"  // the single item is false
)

// Condition is an expression or a tree of all/any/not over expressions.
type Condition struct {
	Op    ConditionOp
	Expr  string // for OpExpr
	Items []*Condition
	Pos   Pos

	// scoreMarks are the numbers a decide row's expression compares a
	// role's score with: role "" is the row's own role (`score`), else the
	// role named (`scores.cio`).
	scoreMarks []scoreMark

	// program is the compiled expression: set by Load, or on first use
	// (prog) in a ruleset restored from a snapshot, which sets tree, scope
	// and lazy instead.
	program *vm.Program
	// src locates Expr in the file, for the positions of messages.
	src *exprSource
	// reads lists the question ids the expression reads.
	reads []string

	tree       ast.Node
	scope      scope
	lazy       *Ruleset
	once       sync.Once
	compileErr error
}

// at returns the file position of a character of the expression, or the
// condition's own position when it is not known.
func (c *Condition) at(from int) Pos {
	if from < 0 {
		return c.Pos
	}
	return c.atIn(c.src.positions(), from)
}

// String renders the condition in a compact, readable form.
func (c *Condition) String() string {
	if c == nil {
		return "true"
	}
	switch c.Op {
	case OpExpr:
		return c.Expr
	case OpNot:
		return "not (" + c.Items[0].String() + ")"
	}
	s := string(c.Op) + "("
	for i, it := range c.Items {
		if i > 0 {
			s += ", "
		}
		s += it.String()
	}
	return s + ")"
}

// scoreMark is one comparison of a role's score with a number.
type scoreMark struct {
	role  string
	value float64
}

// Labels names the recommendation when no role, or every role full-time, is needed.
type Labels struct {
	None        string `json:"none"`
	AllFullTime string `json:"all_full_time"`
}
