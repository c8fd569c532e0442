package advisor

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// How much the short report shows; --explain shows everything.
const (
	// topReasons is how many reasons the short report gives.
	topReasons = 3
	// topChanges is how many changes of answer it suggests, growth and
	// decisions together; topGrowth how many of them the growth path may
	// take when there are decisions to show too.
	topChanges = 5
	topGrowth  = 3
	// topNotes is how many notes of the main reasons it gives.
	topNotes = 2
)

// marksMeaning says what a role's marks are, for the legend of the HTML
// page's bars and the Markdown's column "Level can change at".
const marksMeaning = "the scores at which a role's level can change (other answers, such as the budget, also count)"

// whatIfIncomplete is said when the what-if search stopped at its limit.
const whatIfIncomplete = "The rules allow too many changes to try them all: the search stopped at its limit, and others may exist"

// reportView is a report laid out for people: what the text, Markdown and
// HTML forms show, in one order, in people's words (question wording,
// option labels, source titles), with the sources numbered. The three
// renderers draw the same view, so they say the same things.
type reportView struct {
	Headline string
	// Label is the recommendation's id ("cto+vcio"), for --explain.
	Label   string
	Explain bool
	// Full shows every reason, change, note and disputed point (Explain
	// or DetailFull).
	Full  bool
	Roles []roleView
	// Scale is the score at the right end of every bar, the same for
	// every report of the same rules; 0 means no bars (the rules compare
	// no score with a number, so a bar would mean nothing).
	Scale float64
	// Reasons are the main reasons (every reason with Full), largest
	// weight first; MoreReasons counts those left out.
	Reasons     []reasonView
	MoreReasons int
	// Growth is the growth path and Decide the changes the organisation
	// controls, nearest first; MoreChanges counts those left out. Others,
	// with Explain only, are the other single changes (a sector, a
	// smaller headcount): not advice, but what the rules respond to.
	Growth, Decide, Others []changeView
	MoreChanges            int
	// Unchanged says that nothing suggested changes the advice, NoGrowth
	// that growing does not; else "".
	Unchanged, NoGrowth string
	Incomplete          bool
	// Notes are the notes of the main reasons (all notes with Full).
	Notes     []string
	MoreNotes int
	// Disputes are listed with Full; DisputeCount always.
	Disputes     []disputeView
	DisputeCount int
	// Assumed are the questions that applied and took their default;
	// Ignored those answered although they do not apply.
	Assumed, Ignored []answerView
	// Answers are every answer, in question order.
	Answers []answerView
	Sources []sourceView
	Rules   RulesInfo
	Trace   []TraceStep
	Links   []Link
	// Reader is who reads the report; FullReport the address of the
	// full report, for a web page.
	Reader     Reader
	FullReport string
}

// roleView is one role: its level, its score and why.
type roleView struct {
	ID, Title string
	Level     rules.Level
	// Action says what to do: hire, engage, keep or none; ActionText
	// says it with what someone in place means for it (ActionText).
	Action, ActionText string
	// Reason is the one-line reason (the row's summary, else because);
	// Because the whole one.
	Reason, Because string
	// Covered says who is in place and what that means for the need, or
	// "" (CoveredText); InPlace says it briefly (InPlace).
	Covered, InPlace string
	Score            float64
	// Marks are the scores at which the role's level can change.
	Marks []float64
}

// reasonView is one reason with its numbered sources.
type reasonView struct {
	Text string
	// Stance says which way the reason points when that is not towards
	// the advice ("Against a CIO", "Towards a CIO" in a report that needs
	// no CIO); "" for a reason for a role the advice needs, and with
	// Explain, which gives the weights.
	Stance string
	Refs   []int
	// Judgement says the claim is the authors' own, not a source's.
	Judgement bool
	// Weights says what the reason adds to each role (Explain).
	Weights string
	Quotes  []quoteView
}

// Sentence is the reason as the short report says it: after its stance,
// if any ("Against a CIO: under 50 staff, ...").
func (rv reasonView) Sentence() string {
	if rv.Stance == "" {
		return rv.Text
	}
	return rv.Stance + ": " + lowerFirst(rv.Text)
}

// JudgementWords says that the claim is the authors' judgement: in part
// when the reason also cites sources (which support part of it), else
// whole; "" when it is a source's claim.
func (rv reasonView) JudgementWords() string {
	switch {
	case !rv.Judgement:
		return ""
	case len(rv.Refs) > 0:
		return "(partly our judgement)"
	}
	return "(our judgement: no source records this)"
}

// quoteView is the passage of a source a reason rests on.
type quoteView struct {
	Ref  int
	Text string
}

// changeView is one change of answer and the advice it leads to.
type changeView struct {
	// What is the change in words ("At about 250 staff", "Budget for
	// technology leadership: “Tight: under about $100k”").
	What string
	// Growth says it is a point of the growth path.
	Growth bool
	// Advice is the recommendation in words ("a full-time CTO and CIO"),
	// Label its id.
	Advice, Label string
}

// Line is the change as one sentence: "At about 250 staff: a full-time
// CTO and CIO", or with an arrow after an option label, which may hold a
// colon of its own.
func (c changeView) Line() string {
	if c.Growth {
		return c.What + ": " + c.Advice
	}
	return c.What + " → " + c.Advice
}

// disputeView is a point where the sources disagree.
type disputeView struct {
	View      string
	Refs      []int
	Other     string
	OtherRefs []int
}

// answerView is one answer in words.
type answerView struct {
	ID string
	// Question is the prompt; Short the question in a few words (the
	// prompt when the rules give none).
	Question, Short string
	// Answer is the option's label, yes/no, a number or a list.
	Answer string
	// Brief is Answer up to the first colon of a label ("Established").
	Brief string
	// Assumed and Ignored mark a default taken, and an answer given to a
	// question that does not apply; Skipped a question not asked.
	Assumed, Ignored, Skipped bool
}

// sourceView is a numbered source.
type sourceView struct {
	N         int
	ID, Title string
	// Kind is what it is, in words ("vendor page"), or "".
	Kind string
	// URL is its address, or "" when it has none (a file name is not
	// shown to people).
	URL string
}

// kindWords says what a source is, for people.
var kindWords = map[string]string{
	"article":   "article",
	"marketing": "marketing piece",
	"vendor":    "vendor page",
	"law":       "law",
	"research":  "research",
}

// newView lays out a report. opt.Rules gives the questions' words and the
// roles; without them the view falls back on ids.
func newView(r *Report, opt RenderOptions) *reportView {
	rs := opt.Rules
	v := &reportView{Headline: r.Headline, Label: r.Recommendation, Explain: opt.Explain, Full: opt.Explain || opt.Detail == DetailFull,
		Rules: r.Rules, Incomplete: r.WhatIfIncomplete, Links: opt.Links, Reader: opt.Reader}
	if opt.Reader == ReaderWeb {
		v.FullReport = opt.FullReport
	}
	if opt.Explain {
		v.Trace = r.Trace
	}
	sources := &sourceNumbers{num: map[string]int{}}

	maxMark := 0.0
	for _, role := range r.Roles {
		rv := roleView{ID: role.ID, Title: role.Title, Level: role.Level, Action: role.Action, ActionText: ActionText(role), Because: role.Because, Reason: role.Summary, Score: role.Score}
		if rv.Reason == "" || opt.Explain {
			rv.Reason = role.Because
		}
		if role.Covered {
			rv.Covered, rv.InPlace = CoveredText(role), InPlace(role)
		}
		if rs != nil {
			rv.Marks = rs.ScoreMarks(role.ID)
		}
		for _, m := range rv.Marks {
			maxMark = math.Max(maxMark, m)
		}
		v.Roles = append(v.Roles, rv)
	}
	if maxMark > 0 {
		v.Scale = niceCeil(maxMark * 10 / 7)
	}

	shown := reasonOrder(r.Fired)
	if !v.Full {
		shown = mainReasons(r, foldSuperseded(r.Fired, rs), topReasons)
	}
	v.MoreReasons = len(r.Fired) - len(shown)
	for _, f := range shown {
		rv := reasonView{Text: f.Description, Refs: sources.cite(f.Sources), Judgement: f.Basis == rules.BasisJudgement}
		if !opt.Explain {
			rv.Stance = stance(f, r.Roles, rs)
		}
		if opt.Explain {
			rv.Weights = formatWeights(f.Add, r.Roles)
			for _, s := range f.Sources {
				if s.Quote != "" {
					rv.Quotes = append(rv.Quotes, quoteView{Ref: sources.num[s.ID], Text: s.Quote})
				}
			}
		}
		v.Reasons = append(v.Reasons, rv)
	}
	// The notes of the main reasons: each reason's first, then their
	// second ones, and so on.
	seenNote := map[string]bool{}
	for i, more := 0, true; more; i++ {
		more = false
		for _, f := range shown {
			if i < len(f.Notes) {
				more = true
				if n := f.Notes[i]; !seenNote[n] {
					seenNote[n] = true
					v.Notes = append(v.Notes, n)
				}
			}
		}
	}
	if v.Full {
		v.Notes = r.Notes
	} else if len(v.Notes) > topNotes {
		v.Notes = v.Notes[:topNotes]
	}
	v.MoreNotes = len(r.Notes) - len(v.Notes)

	v.changes(r, rs)

	v.DisputeCount = len(r.Disputes)
	if v.Full {
		for _, d := range r.Disputes {
			v.Disputes = append(v.Disputes, disputeView{View: d.View, Refs: sources.cite(d.Sources), Other: d.OtherView, OtherRefs: sources.cite(d.OtherSource)})
		}
	}

	for _, a := range r.Answers {
		q := questionOf(rs, a.ID)
		av := answerView{ID: a.ID, Question: a.ID, Short: a.ID, Answer: FormatValue(a.Value, q, true),
			Assumed: slices.Contains(r.Assumed, a.ID), Ignored: slices.Contains(r.Ignored, a.ID), Skipped: slices.Contains(r.Skipped, a.ID)}
		av.Brief = briefAnswer(a.Value, q)
		if c, ok := countWords(a.Value, q); ok {
			// "1,200", as the report writes every headcount.
			av.Answer, av.Brief = c, c
		}
		if q != nil {
			av.Question, av.Short = q.Prompt, questionName(q)
		}
		v.Answers = append(v.Answers, av)
		switch {
		case av.Ignored:
			v.Ignored = append(v.Ignored, av)
		case av.Assumed && !av.Skipped:
			v.Assumed = append(v.Assumed, av)
		}
	}
	v.Sources = sources.list
	return v
}

// stance says which way a reason points when it gives no weight towards
// a role the advice needs: "Against a CIO" (a negative weight), "Towards
// a CIO" (a positive weight to a role not needed: not enough for one),
// both joined with "; ". "" when it supports a role the advice needs, the
// reading a reader gives a reason by default.
func stance(f FiredRule, roles RoleReports, rs *rules.Ruleset) string {
	var towards, against []string
	for _, role := range roles {
		w, ok := f.Add[role.ID]
		if !ok || w == 0 {
			continue
		}
		name := role.Title
		if rs != nil {
			for _, r := range rs.Roles {
				if r.ID == role.ID {
					name = roleName(r)
				}
			}
		}
		switch {
		case w > 0 && role.Level != rules.LevelNone:
			return ""
		case w > 0:
			towards = append(towards, name)
		default:
			against = append(against, name)
		}
	}
	var parts []string
	if len(towards) > 0 {
		parts = append(parts, "towards a "+joinAnd(towards))
	}
	if len(against) > 0 {
		parts = append(parts, "against a "+joinAnd(against))
	}
	return upperFirst(strings.Join(parts, "; "))
}

// foldSuperseded leaves out the fired rules that another fired rule
// supersedes (the rules file's supersedes: "5 or more engineers" when
// "10 or more" fired too), so that one reason does not take two of the
// few places. The rule shown ranks as the strongest of the rules it
// stands for: a merger (1) that supersedes acquisitions (1.5) ranks as
// acquisitions did, rather than drop out of the main reasons. The
// report's own weights are not changed. Without the rules, nothing is
// left out.
func foldSuperseded(fired []FiredRule, rs *rules.Ruleset) []FiredRule {
	if rs == nil {
		return fired
	}
	byID := map[string]FiredRule{}
	for _, f := range fired {
		byID[f.ID] = f
	}
	hidden := map[string]bool{}
	var out []FiredRule
	for _, f := range fired {
		var add map[string]float64
		for _, id := range rs.Superseded(f.ID) {
			g, ok := byID[id]
			if !ok {
				continue
			}
			hidden[id] = true
			if add == nil {
				add = maps.Clone(f.Add)
			}
			for role, w := range g.Add {
				if math.Abs(w) > math.Abs(add[role]) {
					add[role] = w
				}
			}
		}
		if add != nil {
			f.Add = add
		}
		out = append(out, f)
	}
	return slices.DeleteFunc(out, func(f FiredRule) bool { return hidden[f.ID] })
}

// mainReasons picks at most n of the fired reasons: in turn, the next
// weightiest reason towards each role that is needed, most needed first,
// so that every role the advice names has its reasons (and no more: a
// reason towards a role not needed is left to --explain); when no role is
// needed, the weightiest reasons. They are given weightiest first.
func mainReasons(r *Report, fired []FiredRule, n int) []FiredRule {
	all := reasonOrder(fired)
	roles := slices.Clone(r.Roles)
	slices.SortStableFunc(roles, func(a, b RoleReport) int { return b.Level.Rank() - a.Level.Rank() })
	roles = slices.DeleteFunc(roles, func(role RoleReport) bool { return role.Level == rules.LevelNone })
	if len(roles) > 0 {
		all = slices.DeleteFunc(all, func(f FiredRule) bool {
			return !slices.ContainsFunc(roles, func(role RoleReport) bool { return f.Add[role.ID] > 0 })
		})
	}
	if len(all) <= n {
		return all
	}
	var queues [][]FiredRule
	for _, role := range roles {
		var q []FiredRule
		for _, f := range all {
			// A reason for a needed role weighs towards it; one that
			// only weighs elsewhere, or against it, is for --explain.
			if f.Add[role.ID] > 0 {
				q = append(q, f)
			}
		}
		slices.SortStableFunc(q, func(a, b FiredRule) int {
			return cmpFloat(math.Abs(b.Add[role.ID]), math.Abs(a.Add[role.ID]))
		})
		queues = append(queues, q)
	}
	if len(queues) == 0 {
		return all[:n]
	}
	// Among reasons of equal weight, the one that cites the fewest sources
	// not cited yet goes first: the same evidence, a shorter list of
	// sources to read.
	picked, cited := map[string]bool{}, map[string]bool{}
	newSources := func(f FiredRule) int {
		k := 0
		for _, s := range f.Sources {
			if !cited[s.ID] {
				k++
			}
		}
		return k
	}
	for more := true; more && len(picked) < n; {
		more = false
		for i, role := range roles {
			q := slices.DeleteFunc(queues[i], func(f FiredRule) bool { return picked[f.ID] })
			queues[i] = q
			if len(q) == 0 || len(picked) >= n {
				continue
			}
			best := 0
			for j := 1; j < len(q) && math.Abs(q[j].Add[role.ID]) == math.Abs(q[0].Add[role.ID]); j++ {
				if newSources(q[j]) < newSources(q[best]) {
					best = j
				}
			}
			picked[q[best].ID] = true
			for _, s := range q[best].Sources {
				cited[s.ID] = true
			}
			more = true
		}
	}
	var out []FiredRule
	for _, f := range all {
		if picked[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// changes fills the growth path and the decisions. Without the rules, the
// questions' kinds are unknown: every change goes to Others.
func (v *reportView) changes(r *Report, rs *rules.Ruleset) {
	var growth []changeView
	var decide []decision
	for _, g := range r.Growth {
		q := questionOf(rs, g.Question)
		growth = append(growth, changeView{What: growthWords(q, g.Question, g.At), Growth: true, Advice: changedAdvice(rs, r, g.Recommendation), Label: g.Recommendation})
	}
	// Decisions that lead to the same advice by the same question are one
	// line: "Standards to meet: add “HIPAA” or “PCI DSS” → ...".
	type key struct{ question, verb, label string }
	var keys []key
	for _, c := range r.WhatIf {
		q := questionOf(rs, c.Question)
		if q == nil || q.Change != rules.ChangeDecision || toUnknown(q, c.From, c.To) || putsInPost(rs, r, c) {
			if v.Explain {
				d := changeOf(q, c.Question, c.From, c.To)
				v.Others = append(v.Others, changeView{What: d.words(), Advice: changedAdvice(rs, r, c.Recommendation), Label: c.Recommendation})
			}
			continue
		}
		d := changeOf(q, c.Question, c.From, c.To)
		k := key{c.Question, d.verb, c.Recommendation}
		if i := slices.Index(keys, k); i >= 0 && !v.Explain {
			decide[i].answers = append(decide[i].answers, d.answers...)
			continue
		}
		keys = append(keys, k)
		d.advice, d.label = changedAdvice(rs, r, c.Recommendation), c.Recommendation
		decide = append(decide, d)
	}
	if v.Full {
		v.Growth = growth
		for _, d := range decide {
			v.Decide = append(v.Decide, d.view())
		}
	} else {
		// The next point of each question's path first (the headcount,
		// then the engineers...), then the points after them.
		var next, later []changeView
		seen := map[string]bool{}
		for i, g := range r.Growth {
			if seen[g.Question] {
				later = append(later, growth[i])
			} else {
				seen[g.Question] = true
				next = append(next, growth[i])
			}
		}
		growth = append(next, later...)
		nGrowth := min(len(growth), topGrowth)
		if len(decide) < topChanges-nGrowth {
			nGrowth = min(len(growth), topChanges-len(decide))
		}
		nDecide := min(len(decide), topChanges-nGrowth)
		v.Growth = growth[:nGrowth]
		for _, d := range decide[:nDecide] {
			v.Decide = append(v.Decide, d.view())
		}
		v.MoreChanges = len(growth) + len(decide) - nGrowth - nDecide
	}
	marked := false
	if rs != nil {
		for _, q := range rs.Questions {
			marked = marked || q.Change != ""
		}
	}
	switch {
	case !marked:
		v.Unchanged = "These rules mark no answer as one that grows or that you decide, so none is suggested."
	case len(growth) == 0 && len(decide) == 0 && r.WhatIfIncomplete:
		v.Unchanged = "None of the changes tried changes the recommendation."
	case len(growth) == 0 && len(decide) == 0:
		v.Unchanged = fmt.Sprintf("Growing to %d times today's size changes nothing, and no single decision changes the recommendation.", rules.GrowthFactor)
	case len(growth) == 0 && rs != nil:
		v.NoGrowth = fmt.Sprintf("No change up to %d times today's size.", rules.GrowthFactor)
	}
}

// putsInPost reports whether a change of answer puts someone in post who
// covers a role that nobody covers today ("leaders in post: add a CTO").
// That is no decision to suggest beside the advice: for a role the advice
// needs, it is the advice itself (hire a CTO, then keep them); for a role
// it does not need, it contradicts it (hire a CTO nobody needs, so that
// the CIO needs less). JSON's what_if and --explain keep such changes.
func putsInPost(rs *rules.Ruleset, r *Report, c WhatIfChange) bool {
	reads := false
	for _, role := range rs.Roles {
		conds := []*rules.Condition{role.CoveredWhen}
		for _, h := range role.CoveredBy {
			conds = append(conds, h.When)
		}
		for _, cond := range conds {
			reads = reads || slices.Contains(cond.Reads(), c.Question)
		}
	}
	if !reads {
		return false
	}
	given := rules.Answers{}
	for _, a := range r.Answers {
		given[a.ID] = a.Value
	}
	given[c.Question] = c.To
	p, err := rs.Complete(given)
	if err != nil {
		return false
	}
	res, err := rs.Evaluate(p, rules.EvalOptions{})
	if err != nil {
		return false
	}
	for _, after := range res.Roles {
		if before, ok := r.Roles.Get(after.Role.ID); ok && after.Covered && !before.Covered {
			return true
		}
	}
	return false
}

// toUnknown reports whether a change answers "not sure": to an option
// marked unknown, or adding one to a multi answer.
func toUnknown(q *rules.Question, from, to any) bool {
	isUnknown := func(id string) bool {
		for _, o := range q.Options {
			if o.ID == id {
				return o.Unknown
			}
		}
		return false
	}
	switch t := to.(type) {
	case string:
		return isUnknown(t)
	case []string:
		f, _ := from.([]string)
		for _, id := range t {
			if !slices.Contains(f, id) && isUnknown(id) {
				return true
			}
		}
	}
	return false
}

// growthWords says a point of the growth path: "At about 250 staff", "At
// $50-250 million revenue", or with the question's words when it has no
// unit.
func growthWords(q *rules.Question, id string, at any) string {
	if q == nil {
		return id + " " + FormatValue(at, nil, false)
	}
	answer := FormatValue(at, q, true)
	if c, ok := countWords(at, q); ok {
		answer = "about " + c
	}
	if q.Unit != "" {
		return "At " + lowerFirst(answer) + " " + q.Unit
	}
	return upperFirst(questionName(q)) + ": " + quoteAnswer(q, answer)
}

// decision is a change of one answer in words: the question, whether an
// option is added or dropped (multi), and the answers to change to, any of
// which leads to the same advice.
type decision struct {
	name, verb    string
	answers       []string
	advice, label string
}

// changeOf says a change of one answer: "Leadership budget", "", [“Tight:
// under about $100k”]; "Standards to meet", "add", [“HIPAA”].
func changeOf(q *rules.Question, id string, from, to any) decision {
	if q == nil {
		return decision{name: id, answers: []string{FormatValue(to, nil, false) + " instead of " + FormatValue(from, nil, false)}}
	}
	d := decision{name: upperFirst(questionName(q))}
	if q.Kind() == rules.KindOptions {
		f, _ := from.([]string)
		t, _ := to.([]string)
		for _, o := range q.Options {
			switch in, was := slices.Contains(t, o.ID), slices.Contains(f, o.ID); {
			case in && !was:
				d.verb = "add"
				d.answers = append(d.answers, "“"+labelHead(o.Label)+"”")
			case was && !in:
				d.verb = "drop"
				d.answers = append(d.answers, "“"+labelHead(o.Label)+"”")
			}
		}
		return d
	}
	answer := FormatValue(to, q, true)
	if c, ok := countWords(to, q); ok {
		answer = c
		if q.Unit != "" {
			answer += " " + q.Unit
		}
	}
	d.answers = []string{quoteAnswer(q, answer)}
	return d
}

// words says the change: "Standards to meet: add “HIPAA” or “PCI DSS”".
func (d decision) words() string {
	s := d.name + ": "
	if d.verb != "" {
		s += d.verb + " "
	}
	return s + joinWith(d.answers, " or ")
}

func (d decision) view() changeView {
	return changeView{What: d.words(), Advice: d.advice, Label: d.label}
}

// questionName is the question in a few words, else its prompt without
// its question mark.
func questionName(q *rules.Question) string {
	if q.Short != "" {
		return q.Short
	}
	return strings.TrimSuffix(q.Prompt, "?")
}

// quoteAnswer quotes an option's label, which may be a phrase of its own.
func quoteAnswer(q *rules.Question, answer string) string {
	if q.Kind() == rules.KindOption {
		return "“" + answer + "”"
	}
	return answer
}

// briefAnswer is an answer in words, an option's label cut at its first
// colon ("Established" for "Established: a steady, mature organisation").
func briefAnswer(v any, q *rules.Question) string {
	switch x := v.(type) {
	case string:
		return labelHead(FormatValue(x, q, true))
	case []string:
		if len(x) == 0 {
			return "none"
		}
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = labelHead(FormatValue(s, q, true))
		}
		return strings.Join(out, ", ")
	}
	return FormatValue(v, q, true)
}

// labelHead is a label up to its first colon, comma or bracket:
// "Established", "Not sure" (of "Not sure, or prefer not to say"), "HIPAA"
// (of "HIPAA (US health information)").
func labelHead(label string) string {
	if i := strings.IndexAny(label, ":,("); i > 0 {
		return strings.TrimSpace(label[:i])
	}
	return label
}

// AdviceWords says a recommendation label in words: "a full-time CTO and
// a fractional CIO", "a fractional CTO and CIO", "no role needed"; the
// label itself when it is not made of the roles of rs.
func AdviceWords(rs *rules.Ruleset, label string) string {
	if rs == nil {
		return label
	}
	if label == rs.Labels.None {
		return "no role needed"
	}
	full, frac, ok := labelRoles(rs, label)
	if !ok {
		return label
	}
	var parts []string
	if len(full) > 0 {
		parts = append(parts, "a full-time "+joinAnd(roleNames(full)))
	}
	if len(frac) > 0 {
		parts = append(parts, "a fractional "+joinAnd(roleNames(frac)))
	}
	return joinAnd(parts)
}

// changedAdvice says the advice a change leads to, in words, saying
// "only" when it no longer needs a role that today's advice needs: "only
// a full-time CIO", where "a full-time CIO" alone would leave the reader
// to guess what became of today's fractional CTO.
func changedAdvice(rs *rules.Ruleset, r *Report, label string) string {
	words := AdviceWords(rs, label)
	if rs == nil || label == rs.Labels.None {
		return words
	}
	full, frac, ok := labelRoles(rs, label)
	if !ok {
		return words
	}
	for _, role := range rs.Roles {
		if now, found := r.Roles.Get(role.ID); found && now.Level != rules.LevelNone && !slices.Contains(full, role) && !slices.Contains(frac, role) {
			return "only " + words
		}
	}
	return words
}

// labelRoles reads a recommendation label: the roles it needs full-time
// and fractional, in role order; ok is false when the label is not made
// of the roles of rs.
func labelRoles(rs *rules.Ruleset, label string) (full, frac []*rules.Role, ok bool) {
	if label == rs.Labels.None {
		return nil, nil, true
	}
	if label == rs.Labels.AllFullTime {
		return rs.Roles, nil, true
	}
	for _, p := range strings.Split(label, "+") {
		found := false
		for _, r := range rs.Roles {
			switch p {
			case r.Label:
				full, found = append(full, r), true
			case r.FractionalLabel:
				frac, found = append(frac, r), true
			}
		}
		if !found {
			return nil, nil, false
		}
	}
	return full, frac, true
}

func roleNames(rs []*rules.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = roleName(r)
	}
	return out
}

// roleName is a role's short name: its id in capitals when short ("CTO"),
// else its title.
func roleName(r *rules.Role) string {
	if len(r.ID) <= 5 {
		return strings.ToUpper(r.ID)
	}
	return r.Title
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(xs []string) string { return joinWith(xs, " and ") }

// joinWith joins "a", "a or b", "a, b or c" with the last word given.
func joinWith(xs []string, last string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + last + xs[len(xs)-1]
}

// countWords writes a whole-number answer as the report writes counts,
// "1,200", when its question's type writes it as the bare number; ok is
// false for other answers, and for a type with wording of its own (say
// "45%"), which the report keeps.
func countWords(v any, q *rules.Question) (string, bool) {
	n, ok := v.(int)
	if !ok || FormatValue(v, q, true) != strconv.Itoa(n) {
		return "", false
	}
	return rules.InWords.Number(n), true
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// lowerFirst lowers the first letter of a label ("Over $1 billion"), but
// not of an acronym ("SOC 2").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || strings.ToUpper(string(r[1])) == string(r[1]) {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten: a scale.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if x <= m*p+1e-9 {
			return m * p
		}
	}
	return 10 * p
}

// sourceNumbers numbers sources in order of first citation.
type sourceNumbers struct {
	num  map[string]int
	list []sourceView
}

// cite numbers the sources of a reason, giving each its number, and
// returns their numbers in ascending order ("[1][2][3]", not "[1][3][2]").
func (sn *sourceNumbers) cite(refs []SourceRef) []int {
	out := make([]int, 0, len(refs))
	for _, s := range refs {
		n, ok := sn.num[s.ID]
		if !ok {
			n = len(sn.list) + 1
			sn.num[s.ID] = n
			sv := sourceView{N: n, ID: s.ID, Title: s.Title, Kind: kindWords[s.Kind]}
			if isURL(s.Ref) {
				sv.URL = s.Ref
			}
			sn.list = append(sn.list, sv)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func isURL(s string) bool { return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") }

// refMarks writes numbered references: "[1][3]".
func refMarks(refs []int) string {
	var b strings.Builder
	for _, n := range refs {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}
