package rules

import (
	"fmt"
	"strings"
	"testing"
)

// growthRules has a number, a yes/no, a band and a gated number that grow,
// a decision and a sector that do not, and one role whose level follows
// the score: fractional from 1, full-time from 3.
const growthRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - id: staff
    type: int
    prompt: How many people?
    help: Everyone.
    min: 1
    max: 5000
    required: true
    change: growth
    unit: staff
  - id: builds
    type: bool
    prompt: Do you build software?
    help: Products.
    default: false
    change: growth
  - id: revenue
    type: choice
    prompt: Revenue?
    help: A band.
    options:
      - {id: unknown, label: Not sure, unknown: true}
      - {id: low, label: Low}
      - {id: mid, label: Mid}
      - {id: high, label: High}
    default: unknown
    change: growth
    unit: revenue
  - id: devs
    type: int
    prompt: How many developers?
    help: Developers.
    min: 0
    default: 0
    ask_if: builds
    change: growth
  - id: budget
    type: choice
    prompt: Budget?
    help: Money.
    options: [{id: small, label: Small}, {id: big, label: Big}]
    default: small
    change: decision
  - id: sector
    type: choice
    prompt: Sector?
    help: Sector.
    options: [{id: a, label: A}, {id: b, label: B}]
    default: a
roles:
  - {id: it, title: IT Chief, fractional_title: Part-time IT Chief, label: it, fractional_label: pit}
rules:
  - {id: s50, description: d, when: staff >= 50, add: {it: 1}, sources: [s]}
  - {id: s200, description: d, when: staff >= 200, add: {it: 2}, sources: [s]}
  - {id: rich, description: d, when: "revenue == 'high'", add: {it: 2}, sources: [s]}
  - {id: b, description: d, when: "sector == 'b' or budget == 'big'", add: {it: 5}, sources: [s]}
  - {id: devs, description: d, when: devs >= 5, add: {it: 1}, sources: [s]}
decide:
  it:
    - {when: score >= 3, level: full-time, because: Lots.}
    - {when: score >= 1, level: fractional, because: Some.}
    - {level: none, because: Little.}
`

func TestGrowth(t *testing.T) {
	rs := mustLoad(t, growthRules)
	tests := []struct {
		answers map[string]any
		want    string
	}{
		// Up to ten times today's headcount: 50 and 200 from 40, only 50
		// from 15; the next band up; never the sector or the budget.
		{map[string]any{"staff": 40, "revenue": "low"}, "staff 50: pit; staff 200: it; revenue high: pit"},
		{map[string]any{"staff": 15, "revenue": "mid"}, "staff 50: pit; revenue high: pit"},
		// Past the last threshold, nothing changes; "not sure" has no path.
		{map[string]any{"staff": 300, "revenue": "unknown"}, ""},
		// The top band has nowhere to grow; the max bounds the path.
		{map[string]any{"staff": 4000, "revenue": "high"}, ""},
		// A yes/no grows from no to yes only when that changes the advice;
		// a question that does not apply has no path, one that does has.
		{map[string]any{"staff": 20, "builds": true, "devs": 0}, "staff 50: pit; staff 200: it; devs 5: pit"},
		{map[string]any{"staff": 20, "devs": 9}, "staff 50: pit; staff 200: it"},
		// One person: up to ten, where nothing changes.
		{map[string]any{"staff": 1}, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.answers), func(t *testing.T) {
			steps, err := rs.Growth(profile(t, rs, tt.answers))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range steps {
				if s.From != profile(t, rs, tt.answers).Answers[s.Question.ID] {
					t.Errorf("step %v: from %v, not today's answer", s, s.From)
				}
				got = append(got, fmt.Sprintf("%s %v: %s", s.Question.ID, s.At, s.Result.Label))
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("growth %q, want %q", g, tt.want)
			}
		})
	}
}

// A yes/no question that grows is followed from no to yes, and counts only
// where the advice changes.
func TestGrowthBool(t *testing.T) {
	src := strings.Replace(growthRules, "when: devs >= 5,", "when: builds,", 1)
	rs := mustLoad(t, src)
	for _, tt := range []struct {
		answers map[string]any
		want    string
	}{
		{map[string]any{"staff": 40}, "staff 50: pit; staff 200: it; builds true: pit"},
		{map[string]any{"staff": 60}, "staff 200: it"},                 // yes adds 1: still pit
		{map[string]any{"staff": 40, "builds": true}, "staff 200: it"}, // pit already
	} {
		steps, err := rs.Growth(profile(t, rs, tt.answers))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range steps {
			got = append(got, fmt.Sprintf("%s %v: %s", s.Question.ID, s.At, s.Result.Label))
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("%v: growth %q, want %q", tt.answers, g, tt.want)
		}
	}
}

func TestChangeFieldsLoad(t *testing.T) {
	rs := mustLoad(t, growthRules)
	if q := rs.Question("staff"); q.Change != ChangeGrowth || q.Unit != "staff" || q.Short != "" {
		t.Errorf("staff: change %q unit %q short %q", q.Change, q.Unit, q.Short)
	}
	if q := rs.Question("budget"); q.Change != ChangeDecision {
		t.Errorf("budget: change %q", q.Change)
	}
	if q := rs.Question("sector"); q.Change != "" {
		t.Errorf("sector: change %q", q.Change)
	}
	if o := rs.Question("revenue").Options; !o[0].Unknown || o[1].Unknown {
		t.Errorf("revenue options %+v", o)
	}
	if got := fmt.Sprint(rs.ScoreMarks("it")); got != "[1 3]" {
		t.Errorf("score marks %s, want [1 3]", got)
	}
}

func TestChangeFieldErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown change", "    change: decision\n", "    change: decided\n",
			`test.yaml:47:13: question budget: unknown change "decided"; allowed: growth, decision`},
		{"a multi cannot grow", "    type: choice\n    prompt: Sector?\n    help: Sector.\n    options: [{id: a, label: A}, {id: b, label: B}]\n    default: a\n",
			"    type: multi\n    prompt: Sector?\n    help: Sector.\n    options: [{id: a, label: A}, {id: b, label: B}]\n    change: growth\n",
			"test.yaml:53:13: question sector: a question that takes several options cannot grow; say `change: decision`"},
		{"unit on a bool", "    default: false\n    change: growth\n", "    default: false\n    unit: builds\n",
			"test.yaml:20:5: question builds: unit is only for int and choice questions"},
		{"unknown not a bool", "label: Not sure, unknown: true}", "label: Not sure, unknown: maybe}",
			"test.yaml:26:49: question revenue: options[0]: unknown must be true or false, not text \"maybe\""},
		{"summary on two lines", "because: Lots.}", "because: Lots., summary: \"one\\ntwo\"}",
			"test.yaml:64:69: decide.it[0]: summary must be one line; the whole reason goes in because"},
		{"empty short", "    unit: staff\n", "    unit: staff\n    short: \"\"\n",
			"question staff: short must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(growthRules, tt.old, tt.new, 1)
			if src == growthRules {
				t.Fatalf("the replacement does not apply")
			}
			if got := loadErrors(t, src); !strings.Contains(got, tt.want) {
				t.Errorf("errors:\n%s\nwant a line containing %q", got, tt.want)
			}
		})
	}
}

// Skipped lists the questions that do not apply, whether answered or not.
func TestSkipped(t *testing.T) {
	rs := mustLoad(t, growthRules)
	for _, tt := range []struct {
		answers                map[string]any
		skipped, ignored, asmd string
	}{
		{map[string]any{"staff": 5}, "devs", "", "builds,revenue,devs,budget,sector"},
		{map[string]any{"staff": 5, "devs": 3}, "devs", "devs", "builds,revenue,devs,budget,sector"},
		{map[string]any{"staff": 5, "builds": true}, "", "", "revenue,devs,budget,sector"},
	} {
		p := profile(t, rs, tt.answers)
		if got := strings.Join(p.Skipped, ","); got != tt.skipped {
			t.Errorf("%v: skipped %q, want %q", tt.answers, got, tt.skipped)
		}
		if got := strings.Join(p.Ignored, ","); got != tt.ignored {
			t.Errorf("%v: ignored %q, want %q", tt.answers, got, tt.ignored)
		}
		if got := strings.Join(p.Assumed, ","); got != tt.asmd {
			t.Errorf("%v: assumed %q, want %q", tt.answers, got, tt.asmd)
		}
	}
}

// Score marks come from every comparison of a score with a number in the
// decide tables, the role's own (score) and another's (scores.x).
func TestScoreMarks(t *testing.T) {
	src := strings.Replace(growthRules, "{when: score >= 1, level: fractional", "{when: {any: [score > 1.5, scores.it <= 0.5, 2 < score, staff > 9]}, level: fractional", 1)
	rs := mustLoad(t, src)
	if got := fmt.Sprint(rs.ScoreMarks("it")); got != "[0.5 1.5 2 3]" {
		t.Errorf("score marks %s, want [0.5 1.5 2 3]", got)
	}
	if got := rs.ScoreMarks("nobody"); got != nil {
		t.Errorf("an unknown role has marks %v", got)
	}
}
