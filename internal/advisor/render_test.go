package advisor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// report advises on answers with the small test rules.
func report(t *testing.T, a rules.Answers, trace bool) (*Report, *rules.Ruleset) {
	t.Helper()
	rs := rulestest.SmallRules(t)
	opt := Options{RulesPath: "small.yaml", WhatIf: true, Trace: trace}
	d, err := Decide(rs, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d.Report(rs, opt), rs
}

var regulated = rules.Answers{"team_size": 5, "builds_software": true, "regimes": []string{"gdpr"}}

func TestRenderText(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, false)
	var b bytes.Buffer
	if err := RenderText(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Engage a Part-time Technology Chief and a Part-time Information Chief.\n",
		// A fixed scale (marks at 1, 3 and 5 in the small rules: 0-10),
		// each mark a divider of its own, reached or not.
		"\nRoles  score, on a bar from 0 to 10; │ where the level can change\n",
		"  Technology Chief   fractional  ██████│░░░░│░░░░░░░░░░  3.0\n    Some tech.\n",
		"  Information Chief  fractional  ██│░░░░│░░░░░░░░░░░░░░  1.0\n    Some IT.\n",
		"\nReasons\n  • Builds software. [1]\n  • Regulated. [1]\n",
		"\nAssumed (not answered): Which phase: seed stage; How many developers: 0.\n",
		"More with --explain: 1 disputed point.\n",
		"\nSources\n  [1] Test source (article) https://example.com/s1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"\x1b[", "Trace", "s1 ", "ptech", "Rules:", "Other source"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("text holds %q without --explain:\n%s", unwanted, out)
		}
	}
}

func TestRenderTextColourAndExplain(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, true)
	var b bytes.Buffer
	if err := RenderText(&b, r, RenderOptions{Rules: rs, Color: true, Explain: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"\x1b[1mEngage a Part-time Technology Chief",
		"Recommendation: ptech+pinfo",
		"\x1b[33mfractional\x1b[0m",
		"  • Builds software. [1] (tech +3)\n",
		"\n\x1b[1mWhere sources disagree\x1b[0m\n  • Regulated. [1]\n    Other view: \x1b[90mOthers say compliance is the tech chief's. [2]\x1b[0m\n",
		"\x1b[1mOther single changes\x1b[0m\n    • Do you build software: no → only a fractional INFO (pinfo)\n",
		"\n\x1b[1mAnswers\x1b[0m\n",
		"  phase            Seed stage (assumed)\n",
		"  [2] Other source (id s2)\n",
		"\x1b[1mTrace (every condition evaluated, in order)\x1b[0m\n",
		"\x1b[32mtrue \x1b[0m  rule software: builds_software (small.yaml:",
		"\x1b[31mfalse\x1b[0m  rule big: ",
		"Rules: small.yaml (version 1, sha256 ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

func TestRenderMarkdown(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, false)
	var b bytes.Buffer
	if err := RenderMarkdown(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# Technology leadership: recommendation\n\n**Engage a Part-time Technology Chief and a Part-time Information Chief.**\n",
		"| Role | Level | Score | Level can change at | Action | Why |\n",
		"| Technology Chief | fractional | 3.0 | 3, 5 | engage | Some tech. |\n",
		// The column of marks is explained in words, as the HTML page's
		// legend explains its bars' marks.
		" |\n\n*Level can change at: the scores at which a role's level can change (other answers, such as the budget, also count).*\n\n## Reasons\n\n1. Builds software.[^1]\n2. Regulated.[^1]\n",
		"*Left out for brevity: 1 disputed point; `orgadvisor advise --explain` with the same answers shows them.*\n",
		"| Which phase? | Seed stage *(assumed)* |\n",
		"| Which regimes apply? | GDPR |\n",
		"\n[^1]: Test source (article), <https://example.com/s1>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"ptech", "s2.txt", "Other source", "(s1)", "Trace"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("markdown holds %q without --explain:\n%s", unwanted, out)
		}
	}
	b.Reset()
	if err := RenderMarkdown(&b, r, RenderOptions{Rules: rs, Explain: true}); err != nil {
		t.Fatal(err)
	}
	out = b.String()
	for _, want := range []string{
		"\nRecommendation: `ptech+pinfo`\n",
		"1. Builds software. (tech +3)[^1]\n",
		"- **This advice:** Regulated.[^1]  \n  **Other view:** Others say compliance is the tech chief's.[^2]\n",
		"**Other single changes**\n\n- Do you build software: no → only a fractional INFO (`pinfo`)\n",
		"| Which phase? (`phase`) | Seed stage *(assumed)* |\n",
		"[^2]: Other source (`s2`)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown --explain lacks %q:\n%s", want, out)
		}
	}
}

// Markdown has the text's structure, with the default rules too: the
// growth path, the decisions, footnotes for every reference.
func TestRenderMarkdownDefaultRules(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, organisations[0], false)
	var b bytes.Buffer
	if err := RenderMarkdown(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"**As you grow**\n\n- At about 500 staff: a full-time CTO and CIO\n",
		"**If you decide**\n\n- Leadership budget: “Tight: under about $100k” → a fractional CTO and CIO\n",
		"1. Customers use technology the organisation builds, so technology strategy is product strategy.[^1][^2][^3][^4]\n",
		"[^4]: Neroli Systems: When your company needs a CTO but can't hire one (vendor page), <https://nerolisystems.com/intel/when-your-company-needs-a-cto-but-cant-hire-one>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	for n := 1; strings.Contains(out, fmt.Sprintf("[^%d]", n)); n++ {
		if !strings.Contains(out, fmt.Sprintf("\n[^%d]: ", n)) {
			t.Errorf("footnote %d is cited but not given", n)
		}
	}
	if strings.Contains(out, ".txt") || strings.Contains(out, "seed") {
		t.Errorf("markdown names files or seeds:\n%s", out)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	t.Parallel()
	if got := mdCell("a|b *c* [d]\nnext"); got != `a\|b \*c\* \[d\] next` {
		t.Errorf("mdCell = %q", got)
	}
}

// YAML holds the same fields and values as JSON, in the same order.
func TestRenderYAMLMatchesJSON(t *testing.T) {
	t.Parallel()
	r, _ := report(t, regulated, true)
	var j, y bytes.Buffer
	if err := RenderJSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if err := RenderYAML(&y, r); err != nil {
		t.Fatal(err)
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal(j.Bytes(), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(y.Bytes(), &fromYAML); err != nil {
		t.Fatal(err)
	}
	// YAML decodes whole numbers as int; JSON as float64.
	roundTrip, _ := json.Marshal(fromYAML)
	var yamlAsJSON any
	if err := json.Unmarshal(roundTrip, &yamlAsJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJSON, yamlAsJSON) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", j.String(), y.String())
	}
	if !strings.HasPrefix(y.String(), "schema: orgadvisor/recommendation/v1\nrecommendation: ptech+pinfo\n") {
		t.Errorf("YAML order:\n%s", y.String())
	}
}

func TestRenderJSONIsStableAndSchemaFirst(t *testing.T) {
	t.Parallel()
	r1, _ := report(t, regulated, false)
	r2, _ := report(t, regulated, false)
	var a, b bytes.Buffer
	if err := RenderJSON(&a, r1); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&b, r2); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("the same answers gave different JSON")
	}
	if !strings.HasPrefix(a.String(), "{\n  \"schema\": \"orgadvisor/recommendation/v1\",\n  \"recommendation\": \"ptech+pinfo\",\n") {
		t.Errorf("JSON starts %q", a.String()[:80])
	}
	if strings.Contains(a.String(), `"trace"`) {
		t.Error("trace without --explain")
	}
}

func TestRenderUnknownFormatWritesNothing(t *testing.T) {
	t.Parallel()
	r, _ := report(t, regulated, false)
	var b bytes.Buffer
	if err := Render(&b, "xml", r, RenderOptions{}); err == nil || b.Len() != 0 {
		t.Errorf("err %v, wrote %q", err, b.String())
	}
}

// Bars are on a fixed scale, so the same score draws the same bar in any
// report; a cell fills when the score reaches its end, so a bar reaches a
// divider exactly when the score reaches the mark. A divider is a column
// of its own, the same glyph inside and outside the filled part: no
// half-filled cell that reads as a glitch.
func TestBar(t *testing.T) {
	t.Parallel()
	marks := []float64{3, 7}
	tests := []struct {
		score float64
		want  string
	}{
		{10, "██████│████████│██████"},
		{12, "██████│████████│█████▶"}, // past the scale: full, and says so
		{7, "██████│████████│░░░░░░"},
		{6.9, "██████│███████░│░░░░░░"},
		{3, "██████│░░░░░░░░│░░░░░░"},
		{2.9, "█████░│░░░░░░░░│░░░░░░"},
		{0.5, "█░░░░░│░░░░░░░░│░░░░░░"},
		{0, "░░░░░░│░░░░░░░░│░░░░░░"},
		{-3, "░░░░░░│░░░░░░░░│░░░░░░"},
	}
	for _, tt := range tests {
		if got := bar(tt.score, 10, marks, 20); got != tt.want {
			t.Errorf("bar(%v) = %q, want %q", tt.score, got, tt.want)
		}
		if strings.ContainsAny(bar(tt.score, 10, marks, 20), "▌┃") {
			t.Errorf("bar(%v) draws a mark inside a cell", tt.score)
		}
	}
	if got := bar(5, 10, nil, 10); got != "█████░░░░░" {
		t.Errorf("bar without marks = %q", got)
	}
	// A mark past the scale draws no divider.
	if got, n := bar(5, 10, []float64{3, 12}, 10), dividers(10, []float64{3, 12}, 10); got != "███│██░░░░░" || n != 1 {
		t.Errorf("bar with a mark past the scale = %q, %d dividers", got, n)
	}
	for x, want := range map[float64]float64{10: 10, 7.2: 10, 11: 20, 2.1: 2.5, 0.3: 0.5, 40: 50} {
		if got := niceCeil(x); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestFormatValueAndDescribeLabel(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	q := rs.Question("regimes")
	if got := FormatValue([]string{"gdpr", "pci"}, q, true); got != "GDPR, PCI DSS" {
		t.Errorf("labels: %q", got)
	}
	if got := FormatValue([]string{}, q, false); got != "none" {
		t.Errorf("empty: %q", got)
	}
	if got := FormatValue(true, nil, false); got != "yes" {
		t.Errorf("bool: %q", got)
	}
	for label, want := range map[string]string{
		"none": "no role needed", "both": "TECH and INFO full-time",
		"tech+pinfo": "TECH full-time, INFO fractional", "cto": "",
	} {
		if got := DescribeLabel(rs, label); got != want {
			t.Errorf("DescribeLabel(%q) = %q, want %q", label, got, want)
		}
	}
}

func TestRenderIgnoredAnswers(t *testing.T) {
	t.Parallel()
	r, rs := report(t, rules.Answers{"team_size": 5, "builds_software": false, "devs": 12}, false)
	if strings.Join(r.Ignored, ",") != "devs" {
		t.Fatalf("ignored = %v", r.Ignored)
	}
	var text, md bytes.Buffer
	if err := RenderText(&text, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&md, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "\nNot used (answered, but the question does not apply): How many developers.\n") {
		t.Errorf("text:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "| How many developers? | 0 *(the answer given does not apply; default used)* |\n") {
		t.Errorf("markdown:\n%s", md.String())
	}
}

func TestHeadlineAndCoveredRoles(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	role := func(id string, level rules.Level, covered bool) RoleReport {
		r := RoleReport{ID: id, Title: id, Level: level, Covered: covered, Action: "none"}
		switch {
		case covered && level != rules.LevelNone:
			r.Action = "keep"
		case level == rules.LevelFullTime:
			r.Action = "hire"
		case level == rules.LevelFractional:
			r.Action = "engage"
		}
		return r
	}
	for _, c := range []struct {
		roles RoleReports
		want  string
	}{
		// The full-time role first; one verb said once.
		{RoleReports{role("tech", rules.LevelFractional, true), role("info", rules.LevelFullTime, true)},
			"Keep your Information Chief, and your Technology Chief (the role needs only part-time work today)."},
		{RoleReports{role("tech", rules.LevelFractional, true), role("info", rules.LevelFractional, true)},
			"Keep your Technology Chief and your Information Chief (the roles need only part-time work today)."},
		{RoleReports{role("tech", rules.LevelFractional, false), role("info", rules.LevelFractional, false)},
			"Engage a Part-time Technology Chief and a Part-time Information Chief."},
		{RoleReports{role("tech", rules.LevelFractional, false), role("info", rules.LevelFullTime, false)},
			"Hire a full-time Information Chief; engage a Part-time Technology Chief."},
		{RoleReports{role("tech", rules.LevelFullTime, false), role("info", rules.LevelFullTime, false)},
			"Hire a full-time Technology Chief and a full-time Information Chief."},
		// At one level, a new hire before someone kept.
		{RoleReports{role("tech", rules.LevelFullTime, true), role("info", rules.LevelFullTime, false)},
			"Hire a full-time Information Chief; keep your Technology Chief."},
		// Candidates: each object keeps its own ending; a shared one is said once.
		{RoleReports{candidate(role("tech", rules.LevelFractional, false), "your lead"), candidate(role("info", rules.LevelFractional, false), "your IT head")},
			"Engage a Part-time Technology Chief to guide your lead, and a Part-time Information Chief to guide your IT head."},
		{RoleReports{role("tech", rules.LevelFractional, false), candidate(role("info", rules.LevelFractional, false), "your IT head")},
			"Engage a Part-time Technology Chief, and a Part-time Information Chief to guide your IT head."},
		{RoleReports{candidate(role("tech", rules.LevelFullTime, false), "your lead"), candidate(role("info", rules.LevelFullTime, false), "your IT head")},
			"Grow your lead into a full-time Technology Chief and your IT head into a full-time Information Chief, or hire them."},
		{RoleReports{role("tech", rules.LevelFractional, false), candidate(role("info", rules.LevelFullTime, false), "your IT head")},
			"Grow your IT head into a full-time Information Chief, or hire one; engage a Part-time Technology Chief."},
		// Someone acting as the role is said alone.
		{RoleReports{coveredBy(role("tech", rules.LevelFullTime, true), "your founder"), role("info", rules.LevelFractional, false)},
			"Your founder acts as your Technology Chief: keep them in the role; engage a Part-time Information Chief."},
		{RoleReports{role("tech", rules.LevelNone, true), coveredBy(role("info", rules.LevelFractional, true), "your Technology Chief")},
			"Your Technology Chief does the part-time work of a Information Chief: keep them in it."},
		{RoleReports{role("tech", rules.LevelFullTime, false), role("info", rules.LevelFractional, false)},
			"Hire a full-time Technology Chief; engage a Part-time Information Chief."},
		{RoleReports{role("tech", rules.LevelNone, true), role("info", rules.LevelNone, false)},
			"No further technology executive is needed now."},
		{RoleReports{role("tech", rules.LevelNone, false), role("info", rules.LevelNone, false)},
			"No technology executive is needed now."},
	} {
		if got := Headline(rs, c.roles); got != c.want {
			t.Errorf("headline %q, want %q", got, c.want)
		}
	}
	// The text's roles table says what being in place means, never "none".
	r := &Report{Headline: "h", Recommendation: "ptech", Roles: RoleReports{
		role("tech", rules.LevelFractional, true), role("info", rules.LevelNone, true), role("x", rules.LevelFullTime, true)}}
	var b bytes.Buffer
	if err := RenderText(&b, r, RenderOptions{Rules: rs, Explain: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"in place: part-time work today", "in place: little of this role's work on these answers", "in place: keep"} {
		if !strings.Contains(strings.ToLower(b.String()), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "covered: none") {
		t.Errorf("text says covered: none:\n%s", b.String())
	}
	// The short report says who covers a role briefly: "in place" for the
	// title-holder only, never on the line of a role someone else covers.
	r.Roles = RoleReports{role("tech", rules.LevelFractional, true),
		coveredBy(role("info", rules.LevelFractional, true), "your tech"),
		coveredBy(role("x", rules.LevelFullTime, true), "your founder"),
		coveredBy(role("y", rules.LevelNone, true), "your tech")}
	b.Reset()
	if err := RenderText(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0.0  in place\n", "0.0  your tech does this part-time\n",
		"0.0  your founder acts as one\n", "0.0  covered by your tech\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("short text lacks %q:\n%s", want, b.String())
		}
	}
	if n := strings.Count(b.String(), "in place"); n != 1 {
		t.Errorf("short text says \"in place\" %d times, want once:\n%s", n, b.String())
	}
}

// The Markdown's Action column and the HTML's roles say the action once,
// with what someone in place means for it, in the text report's words.
func TestActionTextOfCoveredRoles(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	role := func(id string, level rules.Level, who string) RoleReport {
		r := RoleReport{ID: id, Title: id, Level: level, Covered: true, CoveredBy: "your " + id, Action: "keep"}
		if who != "" {
			r.CoveredBy = who
		}
		if level == rules.LevelNone {
			r.Action = "none"
		}
		return r
	}
	r := &Report{Headline: "h", Recommendation: "ptech", Roles: RoleReports{
		role("a", rules.LevelFullTime, ""), role("b", rules.LevelFractional, ""), role("c", rules.LevelNone, ""),
		role("d", rules.LevelFullTime, "your founder"), role("e", rules.LevelFractional, "your a"), role("f", rules.LevelNone, "your a"),
		{ID: "g", Title: "g", Level: rules.LevelFractional, Action: "engage"}}}
	want := []string{"keep", "keep: the role needs only part-time work today", "none: your c is in post",
		"keep: your founder acts as one", "keep: your a does this part-time", "none: covered by your a", "engage"}
	var md, page bytes.Buffer
	if err := RenderMarkdown(&md, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	if err := RenderHTML(&page, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if !strings.Contains(md.String(), " | "+w+" | ") {
			t.Errorf("markdown's action for %s is not %q:\n%s", r.Roles[i].ID, w, md.String())
		}
		if i < 6 && !strings.Contains(page.String(), `<span class="covered">`+w+`</span>`) {
			t.Errorf("HTML's action for %s is not %q:\n%s", r.Roles[i].ID, w, page.String())
		}
	}
	for _, out := range []string{md.String(), page.String()} {
		if strings.Contains(out, "in place") || strings.Contains(out, "keep (") {
			t.Errorf("an action repeats itself:\n%s", out)
		}
	}
}

func TestRenderJSONDoesNotEscapeHTMLAnywhere(t *testing.T) {
	t.Parallel()
	r := &Report{
		Schema: Schema, Recommendation: "r&d", Headline: "Hire <a> R&D lead",
		Roles:   RoleReports{{ID: "r&d", Title: "R&D <Chief>", Because: "Apps & <APIs>", Contributions: []Contribution{}}},
		Answers: OrderedAnswers{{ID: "a&b", Value: "x<y"}},
	}
	var b bytes.Buffer
	if err := RenderJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"headline": "Hire <a> R&D lead"`, `"r&d": {`, `"title": "R&D <Chief>"`, `"because": "Apps & <APIs>"`, `"a&b": "x<y"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `\u00`) {
		t.Errorf("JSON escapes HTML:\n%s", out)
	}
}

// A what-if search that stopped at its limit says so in every format: the
// changes shown may not be all there are.
func TestRenderWhatIfIncomplete(t *testing.T) {
	r, rs := report(t, regulated, false)
	for _, incomplete := range []bool{false, true} {
		r.WhatIfIncomplete = incomplete
		for _, format := range []string{"text", "markdown", "json"} {
			var b strings.Builder
			if err := Render(&b, format, r, RenderOptions{Rules: rs}); err != nil {
				t.Fatal(err)
			}
			said := strings.Contains(strings.Join(strings.Fields(b.String()), " "), "the search stopped at its limit") || strings.Contains(b.String(), `"what_if_incomplete": true`)
			if said != incomplete {
				t.Errorf("%s, incomplete %v: says it stopped: %v\n%s", format, incomplete, said, b.String())
			}
		}
	}
}

// Roles with different numbers of marks draw bars with different numbers
// of dividers; the bars are padded so that the scores still line up.
func TestRoleBarsLineUp(t *testing.T) {
	t.Parallel()
	v := &reportView{Scale: 10, Roles: []roleView{
		{Title: "One", Level: rules.LevelFullTime, Score: 8, Marks: []float64{3, 7}, Reason: "A."},
		{Title: "Two", Level: rules.LevelNone, Score: 16.5, Marks: []float64{5}, Reason: "B."},
	}}
	var b bytes.Buffer
	tw := &textWriter{p: &printer{w: &b}, width: 80, cs: iostreams.NewColorScheme(false)}
	tw.roles(v)
	want := "  One  full-time  ██████│████████│██░░░░  8.0\n    A.\n" +
		"  Two  none       ██████████│█████████▶  16.5\n    B.\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("roles:\n%s\nwant:\n%s", b.String(), want)
	}
	// A score past the scale is named in the legend, which still fits.
	legend := strings.SplitN(b.String(), "\n", 3)[1]
	if !strings.Contains(legend, "(▶ past it)") || text.Width(legend) > 80 {
		t.Errorf("legend %q: want the arrow explained within 80 columns", legend)
	}
	v.Roles[1].Score = 9
	b.Reset()
	tw.roles(v)
	if strings.Contains(b.String(), "▶") {
		t.Errorf("no score past the scale, yet an arrow:\n%s", b.String())
	}
}

// TestLeftOutLineFitsWhereItIsRead checks the line that says what the
// short report left out: a terminal names the flag, a shared file names
// the command, and a web page's reader, who has no command to type, the
// page's link to the full report: on the page itself as a link, in its
// Markdown download in words.
func TestLeftOutLineFitsWhereItIsRead(t *testing.T) {
	t.Parallel()
	r, rs := report(t, rules.Answers{"team_size": 20, "builds_software": true, "regimes": []string{"gdpr"}}, false)
	web := RenderOptions{Reader: ReaderWeb, FullReport: "/advice?team_size=20&_full=true", Links: []Link{{Text: "Change the answers", URL: "/"}}}
	for _, tc := range []struct {
		name           string
		format         string
		opt            RenderOptions
		want, unwanted string
	}{
		{"terminal", FormatText, RenderOptions{}, "More with --explain: 1 disputed point.", "Left out"},
		{"file", FormatMarkdown, RenderOptions{}, "*Left out for brevity: 1 disputed point; `orgadvisor advise --explain` with the same answers shows them.*", "More with"},
		{"file", FormatHTML, RenderOptions{}, "Left out for brevity: 1 disputed point; orgadvisor advise --explain with the same answers shows them.</p>", "More with"},
		{"web page", FormatHTML, web, `Left out for brevity: 1 disputed point. <a href="/advice?team_size=20&amp;_full=true" id="full-report">Show the full report</a></p>`, "orgadvisor advise"},
		{"web page's download", FormatMarkdown, RenderOptions{Reader: ReaderWeb}, "*Left out for brevity: 1 disputed point; the advice page's link “Show the full report” shows them.*", "orgadvisor advise"},
		// A full report leaves nothing out, and says so nowhere.
		{"web page's full report", FormatHTML, func() RenderOptions { o := web; o.Detail = DetailFull; return o }(), "<h2>Where the sources disagree</h2>", "Left out"},
		{"full download", FormatMarkdown, RenderOptions{Reader: ReaderWeb, Detail: DetailFull}, "## Where the sources disagree\n", "Left out"},
		// FullReport is for a web page's reader only.
		{"file with an address", FormatHTML, RenderOptions{FullReport: "/advice"}, "orgadvisor advise --explain with the same answers shows them.</p>", "full-report"},
	} {
		var b bytes.Buffer
		tc.opt.Rules, tc.opt.Width = rs, 200
		if err := Render(&b, tc.format, r, tc.opt); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); !strings.Contains(out, tc.want) || strings.Contains(out, tc.unwanted) {
			t.Errorf("%s (%s): want %q and no %q in\n%s", tc.name, tc.format, tc.want, tc.unwanted, out)
		}
	}
}

// TestFullDetail checks that the full report shows what the brief one
// left out, every reason, change, note and disputed point, in the brief
// report's words: without what --explain adds for the rules' authors (the
// recommendation's id, the weights, the questions' ids, the trace).
func TestFullDetail(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, true)
	render := func(format string, opt RenderOptions) string {
		var b bytes.Buffer
		opt.Rules = rs
		if err := Render(&b, format, r, opt); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	brief, full, explain := newView(r, RenderOptions{Rules: rs}), newView(r, RenderOptions{Rules: rs, Detail: DetailFull}), newView(r, RenderOptions{Rules: rs, Explain: true})
	if len(full.Reasons) != len(r.Fired) || len(full.Reasons) != len(explain.Reasons) || len(full.Notes) != len(r.Notes) ||
		len(full.Disputes) != len(r.Disputes) || len(full.Disputes) == 0 || len(full.Growth)+len(full.Decide) < len(brief.Growth)+len(brief.Decide)+brief.MoreChanges {
		t.Errorf("the full view leaves something out: %d of %d reasons, %d of %d notes, %d of %d disputes",
			len(full.Reasons), len(r.Fired), len(full.Notes), len(r.Notes), len(full.Disputes), len(r.Disputes))
	}
	if full.leftOut() != "" || brief.leftOut() == "" {
		t.Errorf("left out: brief %q, full %q", brief.leftOut(), full.leftOut())
	}
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		out := render(format, RenderOptions{Detail: DetailFull})
		for _, unwanted := range []string{"ptech", "(tech +3)", "phase`", "Trace", "Left out"} {
			if strings.Contains(out, unwanted) {
				t.Errorf("%s: the full report holds %q, which is --explain's", format, unwanted)
			}
		}
		if !strings.Contains(out, "Others say compliance is the tech chief") {
			t.Errorf("%s: the full report does not give the other view of a disputed point:\n%s", format, out)
		}
	}
}

// coveredBy is r covered by someone who does not hold its title.
func candidate(r RoleReport, who string) RoleReport {
	r.Candidate = who
	return r
}

func coveredBy(r RoleReport, who string) RoleReport {
	r.CoveredBy = who
	return r
}
