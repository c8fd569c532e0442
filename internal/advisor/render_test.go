package advisor

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
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
		"Engage a Part-time Technology Chief; engage a Part-time Information Chief. (ptech+pinfo)\n",
		"\nRoles\n  Technology Chief   fractional  ████████████████████    3.0\n",
		"                     Some tech.\n",
		"  Information Chief  fractional  ███████░░░░░░░░░░░░░    1.0\n",
		"\nReasons\n  • Builds software. [tech +3]\n      s1 Test source (https://example.com/s1)\n",
		"\nWhat would change the answer\n  • builds_software: no instead of yes → pinfo (INFO fractional)\n",
		"  • regimes: none instead of gdpr → ptech (TECH fractional)\n",
		"\nWhere sources disagree\n  • Regulated.\n      this view: [s1]\n      other view: Others say compliance is the tech chief's. [s2]\n",
		"\nAssumed (defaults): phase = seed, devs = 0\n",
		"\nRules: small.yaml (version 1, sha256 ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") || strings.Contains(out, "Trace") {
		t.Errorf("colour or trace without asking:\n%s", out)
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
		"\x1b[33mfractional\x1b[0m",
		"\n\x1b[1mAnswers\x1b[0m\n",
		"  phase            seed \x1b[90m(assumed)\x1b[0m\n",
		"\x1b[1mTrace (every condition evaluated, in order)\x1b[0m\n",
		"\x1b[32mtrue \x1b[0m  rule software",
		"\x1b[31mfalse\x1b[0m  rule big",
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
		"# Technology leadership: recommendation\n\n**Engage a Part-time Technology Chief; engage a Part-time Information Chief.** (`ptech+pinfo`)\n",
		"| Technology Chief | fractional | 3.0 | engage | Some tech. |\n",
		"1. Builds software. (tech +3) [1]\n",
		"| Do you build software? no | yes | `pinfo` (INFO fractional) |\n",
		"- **This advice:** Regulated. [1]  \n  **Other view:** Others say compliance is the tech chief's. [2]\n",
		"| Which phase? | Seed stage *(assumed)* |\n",
		"| Which regimes apply? | GDPR |\n",
		"## Sources\n\n1. Test source (article), <https://example.com/s1>\n2. Other source, `s2.txt`\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
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

func TestBar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score, max float64
		want       string
	}{
		{10, 10, strings.Repeat("█", 20)},
		{5, 10, strings.Repeat("█", 10) + strings.Repeat("░", 10)},
		{0.01, 10, "█" + strings.Repeat("░", 19)},
		{0, 10, strings.Repeat("░", 20)},
		{-3, 10, strings.Repeat("░", 20)},
	}
	for _, tt := range tests {
		if got := bar(tt.score, tt.max); got != tt.want {
			t.Errorf("bar(%v, %v) = %q", tt.score, tt.max, got)
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

func TestRenderTextWrapsToWidth(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, false)
	r.Roles[0].Because = strings.Repeat("word ", 30)
	var b bytes.Buffer
	if err := RenderText(&b, r, RenderOptions{Rules: rs, Width: 60}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "word") {
			n++
			if len([]rune(l)) > 60 {
				t.Errorf("line over 60 characters: %q", l)
			}
		}
	}
	if n < 2 {
		t.Errorf("the long reason was not wrapped (%d lines)", n)
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
	if !strings.Contains(text.String(), "\nIgnored (answered, but the question does not apply): devs\n") {
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
		{RoleReports{role("tech", rules.LevelFractional, true), role("info", rules.LevelFullTime, true)},
			"Your Technology Chief covers the fractional need; keep your Information Chief."},
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
	if err := RenderText(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"in place: covers the fractional need\n", "in place: not needed on these answers\n", "in place: keep\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "covered: none") {
		t.Errorf("text says covered: none:\n%s", b.String())
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
			said := strings.Contains(b.String(), "the search stopped at its limit") || strings.Contains(b.String(), `"what_if_incomplete": true`)
			if said != incomplete {
				t.Errorf("%s, incomplete %v: says it stopped: %v\n%s", format, incomplete, said, b.String())
			}
		}
	}
}
