// Package advisor turns the engine's results into advice: the questionnaire
// that collects answers, the Report that every output format renders, and
// the renderers themselves.
package advisor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Schema is the value of Report.Schema. Fields are only ever added within
// one schema version; a rename or removal would be a new version.
const Schema = "orgadvisor/recommendation/v1"

// Report is the recommendation for one organisation, as every output format
// shows it. Its JSON form is the stable, documented interface for scripts
// (docs/json.md).
type Report struct {
	Schema string `json:"schema"`
	// Recommendation is the label: none, cto, cio, vcto, vcio, both,
	// cto+vcio, vcto+cio or vcto+vcio with the default rules.
	Recommendation string `json:"recommendation"`
	// Headline says the recommendation in plain words.
	Headline string      `json:"headline"`
	Roles    RoleReports `json:"roles"`
	// Answers are the answers used, keyed by question id, in question order.
	Answers OrderedAnswers `json:"answers"`
	// Assumed lists the questions answered by their default.
	Assumed []string `json:"assumed"`
	// Ignored lists questions answered although they do not apply (their
	// ask_if is false): their defaults were used instead.
	Ignored []string `json:"ignored"`
	// Skipped lists the questions that do not apply (their ask_if is
	// false), in question order: they took their default, so they are in
	// Assumed too, but nobody was asked them.
	Skipped []string `json:"skipped"`
	// Fired lists the rules that applied, in file order.
	Fired []FiredRule `json:"fired"`
	// WhatIf lists single-answer changes that change the recommendation,
	// nearest first.
	WhatIf []WhatIfChange `json:"what_if"`
	// WhatIfIncomplete says the what-if search stopped at its limit of
	// trials (a rules file with thousands of candidate changes): there
	// may be changes it did not try. Left out when the search was whole.
	WhatIfIncomplete bool `json:"what_if_incomplete,omitempty"`
	// Growth is the growth path: the answers to the growth questions
	// (headcount, engineers, revenue) at which the advice would change as
	// the organisation grows, up to ten times today's figure, each
	// question's in ascending order. Empty unless Options.Growth.
	Growth []GrowthPoint `json:"growth"`
	// Notes is the advice of the fired rules, in order, without repeats.
	Notes []string `json:"notes"`
	// Disputes are points where sources disagree, with both views.
	Disputes []Dispute `json:"disputes"`
	Rules    RulesInfo `json:"rules"`
	// Trace is every leaf condition evaluated; only with --explain.
	Trace []TraceStep `json:"trace,omitempty"`
}

// RoleReport is one role's outcome.
type RoleReport struct {
	ID    string      `json:"-"`
	Title string      `json:"title"`
	Level rules.Level `json:"level"`
	// Label is the role's part of the recommendation ("cto", "vcto") or "".
	Label string  `json:"label"`
	Score float64 `json:"score"`
	// Covered is true when someone in place already covers the role.
	Covered bool `json:"covered"`
	// CoveredBy names who covers it, in words ("your technical founder"),
	// when covered.
	CoveredBy string `json:"covered_by,omitempty"`
	// Candidate names someone in post who could grow into a needed role
	// that nobody covers ("your IT director"), if any.
	Candidate string `json:"candidate,omitempty"`
	// Action is what to do: "hire", "engage" (fractional), "keep" (covered
	// and needed) or "none".
	Action  string `json:"action"`
	Because string `json:"because"`
	// Summary is Because in one line, when the rules give one.
	Summary string `json:"summary,omitempty"`
	// DecideRow is the 1-based row of the decide table that chose the level.
	DecideRow     int            `json:"decide_row"`
	Contributions []Contribution `json:"contributions"`
}

// Contribution is one fired rule's weight in a role's score.
type Contribution struct {
	Rule   string  `json:"rule"`
	Weight float64 `json:"weight"`
}

// RoleReports is the roles in file order; it marshals as a JSON object keyed
// by role id, keeping that order.
type RoleReports []RoleReport

// MarshalJSON writes the roles as an object in file order.
func (rr RoleReports) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range rr {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshalValue(r.ID)
		v, err := marshalValue(r)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalValue is json.Marshal without HTML escaping, as the whole report
// is written (json.Marshal would turn & and < into \u0026 and \u003c here
// only, whatever the outer encoder is told).
func marshalValue(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Get returns the report of a role by id.
func (rr RoleReports) Get(id string) (RoleReport, bool) {
	for _, r := range rr {
		if r.ID == id {
			return r, true
		}
	}
	return RoleReport{}, false
}

// OrderedAnswers is answers in question order; it marshals as a JSON object.
type OrderedAnswers []Answer

// Answer is one question's answer.
type Answer struct {
	ID    string
	Value any
}

// MarshalJSON writes the answers as an object in question order.
func (oa OrderedAnswers) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, a := range oa {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshalValue(a.ID)
		v, err := marshalValue(a.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// FiredRule is a rule that applied, with its evidence.
type FiredRule struct {
	ID          string             `json:"id"`
	Description string             `json:"description"`
	Add         map[string]float64 `json:"add"`
	Sources     []SourceRef        `json:"sources"`
	// Basis is "judgement" when the rule's claim is the rule authors'
	// judgement rather than a source's.
	Basis      string        `json:"basis,omitempty"`
	Notes      []string      `json:"notes,omitempty"`
	DisputedBy []DisputeView `json:"disputed_by,omitempty"`
}

// SourceRef is a cited source.
type SourceRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Ref   string `json:"ref"`
	Kind  string `json:"kind,omitempty"`
	// Quote is the passage of the source the claim rests on, when given.
	Quote string `json:"quote,omitempty"`
}

// DisputeView is the other view of a rule, with its sources.
type DisputeView struct {
	View    string      `json:"view"`
	Sources []SourceRef `json:"sources"`
}

// Dispute is a point where sources disagree: the view the rule takes and
// the other view, each with its sources.
type Dispute struct {
	Rule        string      `json:"rule"`
	View        string      `json:"view"`
	Sources     []SourceRef `json:"sources"`
	OtherView   string      `json:"other_view"`
	OtherSource []SourceRef `json:"other_sources"`
}

// WhatIfChange is one answer change that would change the recommendation.
type WhatIfChange struct {
	Question string `json:"question"`
	From     any    `json:"from"`
	To       any    `json:"to"`
	// Recommendation is the label the change leads to.
	Recommendation string `json:"recommendation"`
}

// GrowthPoint is one point of the growth path: at this answer to a growth
// question, the other answers held, the recommendation would change.
type GrowthPoint struct {
	Question string `json:"question"`
	// At is the answer, typed as in Answers.
	At any `json:"at"`
	// Recommendation is the label there.
	Recommendation string `json:"recommendation"`
}

// RulesInfo says which rules file was used.
type RulesInfo struct {
	// Path is the rules file's path, or "embedded" for the default rules.
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Version int    `json:"version"`
}

// TraceStep is one leaf condition evaluated.
type TraceStep struct {
	Context string `json:"context"`
	Expr    string `json:"expr"`
	Pos     string `json:"pos"`
	Value   bool   `json:"value"`
}

// Options controls what NewReport includes.
type Options struct {
	// RulesPath is shown as the rules file ("embedded" when empty).
	RulesPath string
	// WhatIf computes the what-if changes (they cost many evaluations).
	WhatIf bool
	// Trace includes every leaf condition evaluated.
	Trace bool
	// Growth computes the growth path (a sweep along each growth
	// question: a few dozen evaluations).
	Growth bool
}

// GrowthPath is the report's form of a growth path (Ruleset.Growth).
func GrowthPath(steps []rules.GrowthStep) []GrowthPoint {
	out := make([]GrowthPoint, 0, len(steps))
	for _, s := range steps {
		out = append(out, GrowthPoint{Question: s.Question.ID, At: s.At, Recommendation: s.Result.Label})
	}
	return out
}

// NewReport builds the report of an evaluation.
func NewReport(rs *rules.Ruleset, p *rules.Profile, res *rules.Result, changes []rules.Change, opt Options) *Report {
	r := &Report{
		Schema:         Schema,
		Recommendation: res.Label,
		Assumed:        append([]string{}, p.Assumed...),
		Ignored:        append([]string{}, p.Ignored...),
		Skipped:        append([]string{}, p.Skipped...),
		Growth:         []GrowthPoint{},
		Fired:          []FiredRule{},
		WhatIf:         []WhatIfChange{},
		Notes:          []string{},
		Disputes:       []Dispute{},
		Rules:          RulesInfo{Path: opt.RulesPath, SHA256: rs.Digest, Version: rs.Version},
	}
	if r.Rules.Path == "" {
		r.Rules.Path = "embedded"
	}
	for _, q := range rs.Questions {
		r.Answers = append(r.Answers, Answer{ID: q.ID, Value: p.Answers[q.ID]})
	}
	for _, rr := range res.Roles {
		rep := RoleReport{
			ID: rr.Role.ID, Title: rr.Role.Title, Level: rr.Level, Score: rr.Score,
			Covered: rr.Covered, Because: rr.Because, Summary: rowSummary(rs, rr), DecideRow: rr.Row + 1,
			Candidate: rr.Candidate, Contributions: []Contribution{},
		}
		if rr.Covered {
			rep.CoveredBy = rr.CoveredBy
			if rep.CoveredBy == "" {
				rep.CoveredBy = titleHolder(rr.Role.Title)
			}
		}
		switch rr.Level {
		case rules.LevelFullTime:
			rep.Label, rep.Action = rr.Role.Label, "hire"
		case rules.LevelFractional:
			rep.Label, rep.Action = rr.Role.FractionalLabel, "engage"
		default:
			rep.Action = "none"
		}
		if rr.Covered && rr.Level != rules.LevelNone {
			rep.Action = "keep"
		}
		for _, c := range rr.Contributions {
			rep.Contributions = append(rep.Contributions, Contribution{Rule: c.Rule.ID, Weight: c.Weight})
		}
		r.Roles = append(r.Roles, rep)
	}
	seenNote := map[string]bool{}
	for _, rule := range res.Fired {
		fr := FiredRule{ID: rule.ID, Description: rule.Description, Add: map[string]float64{}, Sources: citedRefs(rs, rule.Citations), Basis: rule.Basis, Notes: rule.Notes}
		for _, w := range rule.Add {
			fr.Add[w.Role] = w.Value
		}
		for _, n := range rule.Notes {
			if !seenNote[n] {
				seenNote[n] = true
				r.Notes = append(r.Notes, n)
			}
		}
		for _, d := range rule.DisputedBy {
			other := citedRefs(rs, d.Citations)
			fr.DisputedBy = append(fr.DisputedBy, DisputeView{View: d.View, Sources: other})
			r.Disputes = append(r.Disputes, Dispute{
				Rule: rule.ID, View: rule.Description, Sources: fr.Sources,
				OtherView: d.View, OtherSource: other,
			})
		}
		r.Fired = append(r.Fired, fr)
	}
	for _, c := range changes {
		r.WhatIf = append(r.WhatIf, WhatIfChange{Question: c.Question, From: c.From, To: c.To, Recommendation: c.Label})
	}
	for _, s := range res.Trace {
		r.Trace = append(r.Trace, TraceStep{Context: s.Context, Expr: s.Expr, Pos: s.Pos.String(), Value: s.Value})
	}
	r.Headline = Headline(rs, r.Roles)
	return r
}

// rowSummary is the one-line reason of the decide row that chose a
// role's level, if the rules give one.
func rowSummary(rs *rules.Ruleset, rr rules.RoleResult) string {
	if rows := rs.Decide[rr.Role.ID]; rr.Row >= 0 && rr.Row < len(rows) {
		return rows[rr.Row].Summary
	}
	return ""
}

func citedRefs(rs *rules.Ruleset, cites []rules.Citation) []SourceRef {
	out := make([]SourceRef, 0, len(cites))
	for _, c := range cites {
		if s := rs.Source(c.Source); s != nil {
			out = append(out, SourceRef{ID: s.ID, Title: s.Title, Ref: s.Ref, Kind: s.Kind, Quote: c.Quote})
		}
	}
	return out
}

// Headline says the recommendation in plain words: a clause per role that
// needs doing, the weightiest first (a full-time role before a part-time
// one; at one level, a hire or an engagement before keeping someone in
// post; otherwise the rules' role order), and clauses of the same verb
// said once, their objects joined with "and": "Hire a full-time Chief
// Information Officer; engage a fractional CTO", "Engage a fractional CTO
// and a fractional CIO".
func Headline(rs *rules.Ruleset, roles RoleReports) string {
	var clauses []headlineClause
	for _, r := range roles {
		if c, ok := roleClause(roleByID(rs, r.ID), r); ok {
			clauses = append(clauses, c)
		}
	}
	if len(clauses) == 0 {
		for _, r := range roles {
			if r.Covered {
				return "No further technology executive is needed now."
			}
		}
		return "No technology executive is needed now."
	}
	slices.SortStableFunc(clauses, func(a, b headlineClause) int {
		if a.level != b.level {
			return b.level - a.level
		}
		return a.kind - b.kind
	})
	var parts []string
	for i := 0; i < len(clauses); {
		j := i + 1
		for j < len(clauses) && clauses[i].verb != "" && clauses[j].verb == clauses[i].verb {
			j++
		}
		parts = append(parts, joinClauses(clauses[i:j]))
		i = j
	}
	return upperFirst(strings.Join(parts, "; ")) + "."
}

// headlineClause is one role's part of the headline: verb, then object,
// then the object's own ending (tail). Several clauses of one verb are said
// as one, their objects joined; an ending they share is said once, as
// tails. A clause with no verb has a subject of its own ("your technical
// founder acts as ...") and is said alone.
type headlineClause struct {
	// level is the role's Level.Rank(); kind orders the clauses of one
	// level: a new hire or engagement before keeping someone.
	level, kind  int
	verb, object string
	tail, tails  string
}

// The kinds of clause, in the order the headline says them at one level.
const (
	kindHire = iota
	kindGrow
	kindEngage
	kindKeep
	kindActsAs
)

// roleClause is a role's clause of the headline; false when the role needs
// nothing done.
func roleClause(role *rules.Role, r RoleReport) (headlineClause, bool) {
	c := headlineClause{level: r.Level.Rank()}
	switch r.Action {
	case "hire":
		if r.Candidate != "" {
			c.kind, c.verb, c.object = kindGrow, "grow", r.Candidate+" into a full-time "+role.Title
			c.tail, c.tails = ", or hire one", ", or hire them"
		} else {
			c.kind, c.verb, c.object = kindHire, "hire", "a full-time "+role.Title
		}
	case "engage":
		c.kind, c.verb, c.object = kindEngage, "engage", "a "+role.FractionalTitle
		if r.Candidate != "" {
			c.tail = " to guide " + r.Candidate
			c.tails = c.tail
		}
	case "keep":
		// Someone is in place: a full-time need is theirs to keep; a
		// part-time need is more than covered by them. Someone who is
		// not the title-holder (a technical founder, a CTO running IT)
		// acts as one.
		who := r.CoveredBy
		if who == "" {
			who = titleHolder(role.Title)
		}
		c.kind = kindKeep
		switch {
		case r.Level == rules.LevelFullTime && r.actsAs():
			c.kind, c.object = kindActsAs, who+" acts as your "+role.Title+": keep them in the role"
		case r.Level == rules.LevelFullTime:
			c.verb, c.object = "keep", "your "+role.Title
		case r.actsAs():
			c.kind, c.object = kindActsAs, who+" does the part-time work of a "+role.Title+": keep them in it"
		default:
			c.verb, c.object = "keep", "your "+role.Title
			c.tail, c.tails = " (the role needs only part-time work today)", " (the roles need only part-time work today)"
		}
	default:
		return c, false
	}
	return c, true
}

// joinClauses says clauses of one verb as one: "engage a fractional CTO
// and a fractional CIO"; "keep your CTO and your CIO (the roles need only
// part-time work today)" when their objects share an ending; else each
// object with its own ending, set off by commas so that an ending reads
// with its own object: "engage a fractional CTO, and a fractional CIO to
// guide your IT director".
func joinClauses(cs []headlineClause) string {
	c := cs[0]
	if len(cs) == 1 {
		if c.verb == "" {
			return c.object
		}
		return c.verb + " " + c.object + c.tail
	}
	shared, anyTail := true, false
	for _, o := range cs {
		shared = shared && o.tail == c.tail
		anyTail = anyTail || o.tail != ""
	}
	objects := make([]string, len(cs))
	for i, o := range cs {
		objects[i] = o.object
		if !shared {
			objects[i] += o.tail
		}
	}
	switch {
	case shared:
		return c.verb + " " + joinAnd(objects) + c.tails
	case anyTail:
		return c.verb + " " + joinWith(objects, ", and ")
	}
	return c.verb + " " + joinAnd(objects)
}

// titleHolder names the holder of a role's title, as covered_by says it
// when an entry has no who.
func titleHolder(title string) string { return "your " + title }

// actsAs reports whether someone without the role's title covers it (a
// technical founder acting as the CTO).
func (r RoleReport) actsAs() bool {
	return r.CoveredBy != "" && r.CoveredBy != titleHolder(r.Title)
}

// InPlace says briefly who covers a role, for the roles' lines of the short
// report: "in place" for the title-holder; else who does the work, since
// "in place" on the CIO's line would say that there is a CIO: "your
// technical founder acts as one", "your CTO does this part-time", "covered
// by your CTO" (when the role needs nothing). "" when nobody covers it.
func InPlace(r RoleReport) string {
	switch {
	case !r.Covered:
		return ""
	case !r.actsAs():
		return "in place"
	case r.Level == rules.LevelFullTime:
		return r.CoveredBy + " acts as one"
	case r.Level == rules.LevelFractional:
		return r.CoveredBy + " does this part-time"
	}
	return "covered by " + r.CoveredBy
}

// ActionText is a role's action with, when someone covers the role, what
// that means, in the words of the text report's lines and the headline:
// "keep", "keep: your CTO does this part-time", "keep: the role needs only
// part-time work today", "none: your Chief Technology Officer is in post".
// It says the action once, for the Markdown and HTML tables.
func ActionText(r RoleReport) string {
	note := ""
	switch {
	case !r.Covered:
	case r.actsAs():
		note = InPlace(r)
	case r.Level == rules.LevelFractional:
		note = "the role needs only part-time work today"
	case r.Level == rules.LevelNone:
		note = r.CoveredBy + " is in post"
	}
	if note == "" {
		return r.Action
	}
	return r.Action + ": " + note
}

// CoveredText says what a role already in place means for its need.
func CoveredText(r RoleReport) string {
	if r.actsAs() && r.Level != rules.LevelNone {
		// Someone without the title does the job: a technical founder.
		return "in place: " + r.CoveredBy + " acts as one"
	}
	switch r.Level {
	case rules.LevelFullTime:
		return "in place: keep"
	case rules.LevelFractional:
		return "in place: part-time work today"
	}
	return "in place: little of this role's work on these answers"
}

func roleByID(rs *rules.Ruleset, id string) *rules.Role {
	for _, r := range rs.Roles {
		if r.ID == id {
			return r
		}
	}
	return &rules.Role{ID: id, Title: id, FractionalTitle: "fractional " + id}
}

// String is a short form for debugging.
func (r *Report) String() string {
	return fmt.Sprintf("%s: %s", r.Recommendation, r.Headline)
}
