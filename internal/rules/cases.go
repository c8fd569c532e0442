package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Case is one organisation in a casebook, with the recommendation the rules
// must give it.
type Case struct {
	Name string
	// Why is the one-line rationale, citing a source.
	Why string
	// Answers are raw, as written in the file; RunCases types them.
	Answers map[string]any
	// Expect holds the label and/or role levels the case expects.
	ExpectLabel  string
	ExpectLevels map[string]Level
	Pos          Pos

	// Where each answer's key and value, and each expected level's role,
	// stand in the case file, for CheckCases.
	keyPos, valuePos, rolePos map[string]Pos
	// lines are the case file's lines, for snippets.
	lines []string
}

// CaseResult is the outcome of one case.
type CaseResult struct {
	Case  *Case
	Pass  bool
	Label string
	// Diff says what differed, readably, when the case failed.
	Diff string
	// Profile and Result are the case's completed answers and its
	// evaluation, nil when its answers did not fit the rules; a Coverage
	// adds them.
	Profile *Profile
	Result  *Result
}

// LoadCases reads a casebook:
//
//	cases:
//	  - name: five-person cafe
//	    why: ...
//	    answers: {employees: 5, product_driven: false}
//	    expect: {label: none, levels: {cto: none, cio: none}}
//
// Problems are returned together as a *LoadError.
func LoadCases(name string, src []byte) ([]*Case, error) {
	ds := newDiagnostics(name, src)
	r := reader{ds}
	root := parseYAML(ds, src, "case file")
	var cases []*Case
	if root != nil {
		top := r.fields(root, "case file", []string{"cases"}, "cases")
		seen := map[string]int{}
		if f, ok := top["cases"]; ok {
			for i, it := range r.list(f.value, "cases") {
				what := fmt.Sprintf("cases[%d]", i)
				fs := r.fields(it, what, []string{"name", "why", "answers", "expect"}, "name", "answers", "expect")
				if fs == nil {
					continue
				}
				c := &Case{Pos: r.pos(it), lines: ds.lines, keyPos: map[string]Pos{}, valuePos: map[string]Pos{}, rolePos: map[string]Pos{}}
				if g, ok := fs["name"]; ok {
					c.Name, _ = r.str(g.value, what+": name")
					if line, dup := seen[c.Name]; dup {
						r.errorf(r.pos(g.value), "duplicate case name %q (first at line %d)", c.Name, line)
					}
					seen[c.Name] = g.value.Line
				}
				if g, ok := fs["why"]; ok {
					c.Why, _ = r.str(g.value, what+": why")
				}
				if g, ok := fs["answers"]; ok {
					c.Answers = map[string]any{}
					for _, p := range r.pairs(g.value, what+": answers") {
						var v any
						if err := Deref(p.value).Decode(&v); err != nil {
							r.errorf(r.pos(p.value), "%s: answers.%s: %v", what, p.key, err)
							continue
						}
						c.Answers[p.key] = v
						c.keyPos[p.key] = r.pos(p.keyAt)
						c.valuePos[p.key] = r.pos(Deref(p.value))
					}
				}
				if g, ok := fs["expect"]; ok {
					efs := r.fields(g.value, what+": expect", []string{"label", "levels"})
					if len(efs) == 0 && efs != nil {
						r.errorf(r.pos(g.value), "%s: expect needs a label, levels or both", what)
					}
					if h, ok := efs["label"]; ok {
						c.ExpectLabel, _ = r.str(h.value, what+": expect.label")
					}
					if h, ok := efs["levels"]; ok {
						c.ExpectLevels = map[string]Level{}
						for _, p := range r.pairs(h.value, what+": expect.levels") {
							l, ok := r.str(p.value, what+": expect.levels."+p.key)
							if ok && !contains([]string{"none", "fractional", "full-time"}, l) {
								r.errorf(r.pos(p.value), "%s: unknown level %q; allowed: none, fractional, full-time", what, l)
							}
							c.ExpectLevels[p.key] = Level(l)
							c.rolePos[p.key] = r.pos(p.keyAt)
						}
					}
				}
				cases = append(cases, c)
			}
		}
	}
	if ds.hasErrors() {
		return nil, &LoadError{Diagnostics: ds.sorted()}
	}
	return cases, nil
}

// CheckCases checks a casebook against the rules before it runs: every
// answer must answer a question of the rules with a valid value, every
// required question must be answered, and expected levels must name
// declared roles. It returns every problem, at its place in the case file;
// a case with a problem is a broken casebook, not a failing case.
func (rs *Ruleset) CheckCases(cases []*Case) []Diagnostic {
	var out []Diagnostic
	for _, c := range cases {
		ds := &diagnostics{file: c.Pos.File, lines: c.lines}
		ids := make([]string, 0, len(c.Answers))
		for id := range c.Answers {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		typed := Answers{}
		for _, id := range ids {
			v, err := rs.ParseAnswer(id, c.Answers[id])
			var ue *UnknownQuestionError
			var ae *AnswerError
			switch {
			case err == nil:
				if v != nil {
					typed[id] = v
				}
			case errors.As(err, &ue):
				msg := fmt.Sprintf("unknown question %q", id)
				if ue.Suggest != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", ue.Suggest)
				}
				ds.errorf(c.keyPos[id], "case %q: %s", c.Name, msg)
			case errors.As(err, &ae):
				ds.errorf(c.valuePos[id], "case %q: %s", c.Name, ae.Error())
			default:
				ds.errorf(c.valuePos[id], "case %q: %s: %v", c.Name, id, err)
			}
		}
		if !ds.hasErrors() {
			if _, err := rs.Complete(typed); err != nil {
				ds.errorf(c.Pos, "case %q: %v", c.Name, err)
			}
		}
		roles := make([]string, 0, len(c.ExpectLevels))
		for role := range c.ExpectLevels {
			roles = append(roles, role)
		}
		sort.Strings(roles)
		for _, role := range roles {
			if rs.roleIndex(role) < 0 {
				var declared []string
				for _, r := range rs.Roles {
					declared = append(declared, r.ID)
				}
				ds.errorf(c.rolePos[role], "case %q: unknown role %q%s; declared roles: %s", c.Name, role, suggest(role, declared), strings.Join(declared, ", "))
			}
		}
		out = append(out, ds.list...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos.File != out[j].Pos.File {
			return out[i].Pos.File < out[j].Pos.File
		}
		return out[i].Pos.before(out[j].Pos)
	})
	return out
}

// RunCases evaluates every case and compares the outcome with what the case
// expects.
func (rs *Ruleset) RunCases(cases []*Case) []CaseResult {
	out := make([]CaseResult, len(cases))
	for i, c := range cases {
		out[i] = rs.runCase(c)
	}
	return out
}

func (rs *Ruleset) runCase(c *Case) CaseResult {
	cr := CaseResult{Case: c}
	a, err := rs.ParseAnswers(c.Answers)
	if err != nil {
		cr.Diff = "bad answers: " + err.Error()
		return cr
	}
	p, err := rs.Complete(a)
	if err != nil {
		cr.Diff = "bad answers: " + err.Error()
		return cr
	}
	res, err := rs.Evaluate(p, EvalOptions{})
	if err != nil {
		cr.Diff = "evaluation failed: " + err.Error()
		return cr
	}
	cr.Label, cr.Profile, cr.Result = res.Label, p, res
	var diffs []string
	if c.ExpectLabel != "" && c.ExpectLabel != res.Label {
		diffs = append(diffs, fmt.Sprintf("label: want %s, got %s", c.ExpectLabel, res.Label))
	}
	roles := make([]string, 0, len(c.ExpectLevels))
	for r := range c.ExpectLevels {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	for _, role := range roles {
		want := c.ExpectLevels[role]
		got := res.Level(role)
		if got == "" {
			diffs = append(diffs, fmt.Sprintf("level of %s: no such role", role))
			continue
		}
		if got != want {
			i := rs.roleIndex(role)
			diffs = append(diffs, fmt.Sprintf("level of %s: want %s, got %s (score %g, decide row %d: %s)", role, want, got, res.Roles[i].Score, res.Roles[i].Row+1, res.Roles[i].Because))
		}
	}
	cr.Diff = strings.Join(diffs, "; ")
	cr.Pass = len(diffs) == 0
	return cr
}
