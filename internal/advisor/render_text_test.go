package advisor

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// defaultReport advises on raw answers with the embedded rules, growth
// path included, as advise does.
func defaultReport(t *testing.T, raw map[string]any, explain bool) (*Report, *rules.Ruleset) {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	a, err := rs.ParseAnswers(raw)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{WhatIf: true, Growth: true, Trace: explain}
	d, err := Decide(rs, a, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d.Report(rs, opt), rs
}

// Organisations of several kinds and sizes, for the properties below.
var organisations = []map[string]any{
	{"employees": 150, "product_driven": true, "engineers": 12, "sector": "finance", "compliance": []any{"soc2"}, "revenue": "10m-50m", "it_staff": "small", "internal_systems": "some"},
	{"employees": 40, "product_driven": false, "sector": "retail"},
	{"employees": 250, "product_driven": false, "sector": "healthcare", "compliance": []any{"hipaa"}, "security_needs": "high", "it_footprint": "hybrid"},
	{"employees": 80, "product_driven": true, "engineers": 20, "technical_founder": true, "stage": "scaling", "sector": "technology"},
	{"employees": 3000, "product_driven": false, "sector": "public-sector", "existing_leaders": []any{"cio", "it-director"}, "digital_transformation": true},
	{"employees": 12, "product_driven": true, "stage": "early"},
}

func renderText(t *testing.T, r *Report, rs *rules.Ruleset, width int, explain bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := RenderText(&b, r, RenderOptions{Rules: rs, Width: width, Explain: explain}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// tooWide reports whether a line is wider than width columns. An address
// alone on its line, from the margin, may be: it is never broken.
func tooWide(l string, width int) bool {
	return text.Width(l) > width && !(text.IsAddress(l) && !strings.Contains(l, " "))
}

// Every line fits the width, counted in terminal columns, but for an
// address too long for any line; at a wider terminal the lines are
// longer, so the width is really used. Every source's address is whole on
// one line.
func TestRenderTextWraps(t *testing.T) {
	t.Parallel()
	for i, raw := range organisations {
		for _, explain := range []bool{false, true} {
			r, rs := defaultReport(t, raw, explain)
			widest := map[int]int{}
			for _, width := range []int{80, 100, 120} {
				out := renderText(t, r, rs, width, explain)
				for n, l := range strings.Split(out, "\n") {
					w := text.Width(l)
					widest[width] = max(widest[width], w)
					if tooWide(l, width) {
						t.Errorf("organisation %d, explain %t: line %d is %d columns, over %d: %q", i, explain, n+1, w, width, l)
					}
				}
				for _, s := range newView(r, RenderOptions{Rules: rs, Explain: explain}).Sources {
					if s.URL != "" && !regexp.MustCompile(`(?m)(^| )`+regexp.QuoteMeta(s.URL)+`$`).MatchString(out) {
						t.Errorf("organisation %d, explain %t, width %d: the address %s is broken:\n%s", i, explain, width, s.URL, out)
					}
					if explain && !strings.Contains(out, "(id "+s.ID+")") {
						t.Errorf("organisation %d, width %d: the id %s is broken:\n%s", i, width, s.ID, out)
					}
				}
			}
			if widest[120] <= widest[80] {
				t.Errorf("organisation %d, explain %t: no line longer at 120 columns (%d) than at 80 (%d)", i, explain, widest[120], widest[80])
			}
		}
	}
	// Too narrow a width is laid out at the narrowest width that works.
	r, rs := defaultReport(t, organisations[0], false)
	for _, l := range strings.Split(renderText(t, r, rs, 10, false), "\n") {
		if tooWide(l, minWidth) {
			t.Errorf("line over %d columns at width 10: %q", minWidth, l)
		}
	}
}

// Wide characters count two columns: a rule in Japanese wraps to the
// width, not to its number of characters.
func TestRenderTextWrapsWideCharacters(t *testing.T) {
	t.Parallel()
	r, rs := report(t, regulated, false)
	r.Fired[0].Description = strings.Repeat("日本語のテキスト", 12)
	out := renderText(t, r, rs, 80, false)
	lines := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "日") || strings.Contains(l, "テ") {
			lines++
		}
		if text.Width(l) > 80 {
			t.Errorf("line of %d columns: %q", text.Width(l), l)
		}
	}
	if lines < 3 { // 192 columns of text
		t.Errorf("the wide text took %d lines:\n%s", lines, out)
	}
}

var refRE = regexp.MustCompile(`\[(\d+)\]`)

// Reasons cite numbered references; the sources list each number once, in
// order of first citation, with title, kind and address, never a file.
func TestRenderTextReferences(t *testing.T) {
	t.Parallel()
	for i, raw := range organisations {
		r, rs := defaultReport(t, raw, false)
		out := renderText(t, r, rs, 80, false)
		body, sources, ok := strings.Cut(out, "\nSources\n")
		if !ok {
			t.Fatalf("organisation %d: no sources:\n%s", i, out)
		}
		var cited []int
		for _, m := range refRE.FindAllStringSubmatch(body, -1) {
			var n int
			fmt.Sscan(m[1], &n)
			if !slices.Contains(cited, n) {
				if n != len(cited)+1 {
					t.Errorf("organisation %d: reference [%d] cited before [%d]", i, n, len(cited)+1)
				}
				cited = append(cited, n)
			}
		}
		listed := regexp.MustCompile(`(?m)^  \[(\d+)\] `).FindAllStringSubmatch(sources, -1)
		if len(listed) != len(cited) || len(cited) == 0 {
			t.Errorf("organisation %d: %d references cited, %d sources listed:\n%s", i, len(cited), len(listed), out)
		}
		for j, m := range listed {
			if m[1] != fmt.Sprint(j+1) {
				t.Errorf("organisation %d: source %d is numbered %s", i, j+1, m[1])
			}
		}
		if !regexp.MustCompile(`\((article|marketing piece|vendor page|law|research)\)`).MatchString(sources) {
			t.Errorf("organisation %d: sources without kinds:\n%s", i, sources)
		}
		if strings.Contains(sources, ".txt") || (i == 0 && !strings.Contains(sources, "https://")) {
			t.Errorf("organisation %d: sources list files, or no address:\n%s", i, sources)
		}
	}
}

// Text for people holds no ids: no source, rule or question id, no file
// name, no recommendation label, no "seed" or "rule" jargon. --explain may.
func TestRenderTextHasNoIDs(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range rs.Sources {
		ids = append(ids, s.ID)
	}
	for _, r := range rs.Rules {
		if strings.ContainsAny(r.ID, "-:_") {
			ids = append(ids, r.ID)
		}
	}
	for _, q := range rs.Questions {
		if strings.Contains(q.ID, "_") {
			ids = append(ids, q.ID)
		}
	}
	jargon := regexp.MustCompile(`(?i)\bseeds?\b|\.txt\b|\brules?\b|\b(cto|cio|vcto|vcio)\+|\+(vcto|vcio|cio)\b|\(none\)`)
	for i, raw := range organisations {
		r, rs := defaultReport(t, raw, false)
		// Addresses hold host names, which may read as ids.
		out := regexp.MustCompile(`https?://\S+`).ReplaceAllString(renderText(t, r, rs, 80, false), "")
		for _, id := range ids {
			if regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(id) + `($|[^\w-])`).MatchString(out) {
				t.Errorf("organisation %d: text names %q:\n%s", i, id, out)
			}
		}
		if m := jargon.FindString(out); m != "" {
			t.Errorf("organisation %d: text says %q:\n%s", i, m, out)
		}
		if !strings.Contains(renderText(t, r, rs, 80, true), "Recommendation: "+r.Recommendation) {
			t.Errorf("organisation %d: --explain lacks the label", i)
		}
	}
}

// What would change the answer speaks in the questions' words: growth in
// headcount, never smaller, up to ten times today's; decisions the
// organisation controls; never a sector or "not sure".
func TestRenderTextWhatWouldChange(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, map[string]any{"employees": 40, "product_driven": false, "sector": "retail", "internal_systems": "some", "it_staff": "msp"}, false)
	if out := renderText(t, r, rs, 100, false); !strings.Contains(out, "\n  As you grow\n    • At about 50 staff: a fractional CIO\n") {
		t.Errorf("no growth path:\n%s", out)
	}
	r, rs = defaultReport(t, organisations[0], false)
	out := renderText(t, r, rs, 100, false)
	want := "\n  As you grow\n    • At about 500 staff: a full-time CTO and CIO\n" +
		"  If you decide\n    • Leadership budget: “Tight: under about $100k” → a fractional CTO and CIO\n"
	if !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
	for _, p := range r.Growth {
		if n, ok := p.At.(int); p.Question == "employees" && (!ok || n <= 150 || n > 1500) {
			t.Errorf("growth point %v: not between today's 150 and 1,500", p)
		}
	}
	_, changes, _ := strings.Cut(out, "What would change the answer")
	changes, _, _ = strings.Cut(changes, "\n\n")
	for _, bad := range []string{"Sector", "sector", "Not sure", "instead of", "49"} {
		if strings.Contains(changes, bad) {
			t.Errorf("changes say %q:\n%s", bad, changes)
		}
	}
	if n := strings.Count(changes, "•"); n == 0 || n > topChanges {
		t.Errorf("%d changes shown, want 1 to %d:\n%s", n, topChanges, changes)
	}
	// JSON keeps the full list, the smaller headcounts included, and the
	// growth path.
	smaller := false
	for _, c := range r.WhatIf {
		smaller = smaller || (c.Question == "employees" && c.To.(int) < 150)
	}
	if !smaller {
		t.Errorf("what_if lost the changes not suggested: %+v", r.WhatIf)
	}
	if fmt.Sprint(r.Growth) != "[{employees 500 both}]" {
		t.Errorf("growth %v", r.Growth)
	}
}

func TestAdviceWords(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{
		"none": "no role needed", "both": "a full-time CTO and CIO", "vcto+vcio": "a fractional CTO and CIO",
		"cto+vcio": "a full-time CTO and a fractional CIO", "vcio": "a fractional CIO", "odd": "odd",
	} {
		if got := AdviceWords(rs, label); got != want {
			t.Errorf("AdviceWords(%q) = %q, want %q", label, got, want)
		}
	}
	// countWords is rules.InWords.Number for whole-number answers that their type
	// writes as the bare number, and nothing for the others.
	employees, sector := rs.Question("employees"), rs.Question("sector")
	for _, tt := range []struct {
		v    any
		q    *rules.Question
		want string
		ok   bool
	}{
		{1200, employees, "1,200", true},
		{1200, nil, "1,200", true},
		{"technology", sector, "", false},
		{true, nil, "", false},
		{[]string{"gdpr"}, nil, "", false},
	} {
		if got, ok := countWords(tt.v, tt.q); got != tt.want || ok != tt.ok {
			t.Errorf("countWords(%v) = %q, %v; want %q, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

// Reasons that say the same thing at different thresholds (the rules'
// supersedes) are one main reason, the strongest; --explain and JSON keep
// every rule that applied.
func TestMainReasonsFoldSuperseded(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		raw map[string]any
		// shown is a main reason; gone the ladder's lower steps, which
		// fired.
		shown string
		gone  []string
	}{
		{map[string]any{"employees": 150, "product_driven": true, "engineers": 45, "sector": "technology"},
			"Twenty or more engineers", []string{"Ten or more engineers", "Five or more engineers", "Three or more engineers"}},
		{map[string]any{"employees": 40, "product_driven": true, "engineers": 9, "sector": "technology"},
			"Five or more engineers", []string{"Three or more engineers"}},
		// A merger (CIO +1) stands for acquisitions (+1.5), and ranks as
		// they would: a company mid-merger reads about its merger.
		{readerOrganisations["merging fintech"], "A merger of equals", []string{"Acquisitions and mergers"}},
		{map[string]any{"employees": 1200, "product_driven": false, "internal_systems": "many", "it_staff": "team"},
			"1,000 or more staff", []string{"500 or more staff", "250 or more staff", "100 or more staff", "50 or more staff", "Five or more business systems"}},
	} {
		r, rs := defaultReport(t, tt.raw, false)
		reasons := newView(r, RenderOptions{Rules: rs}).Reasons
		if len(reasons) != topReasons || !slices.ContainsFunc(reasons, func(rv reasonView) bool { return strings.HasPrefix(rv.Text, tt.shown) }) {
			t.Errorf("%v: main reasons %+v, want %d with %q", tt.raw, reasons, topReasons, tt.shown)
		}
		explain := renderText(t, r, rs, 80, true)
		for _, g := range tt.gone {
			fired := false
			for _, f := range r.Fired {
				fired = fired || strings.HasPrefix(f.Description, g)
			}
			if !fired {
				t.Errorf("%v: %q did not fire", tt.raw, g)
			}
			for _, rv := range reasons {
				if strings.HasPrefix(rv.Text, g) {
					t.Errorf("%v: main reasons hold %q beside %q", tt.raw, g, tt.shown)
				}
			}
			if !strings.Contains(explain, g) {
				t.Errorf("%v: --explain lacks %q", tt.raw, g)
			}
		}
	}
}

// "If you decide" never suggests putting in post a leader who covers a
// role: for a role the advice needs, that is the advice itself (hire a
// CTO, then keep them); for one it does not, it contradicts it (hire a CTO
// at a manufacturer so that the CIO needs less). Someone who could grow
// into a role (an IT director) is a real alternative and stays. JSON and
// --explain keep every change.
func TestDecisionsPutNobodyInPost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		raw        map[string]any
		kept, gone string
	}{
		// A fractional CTO is advised: "add a CTO → a full-time CTO" is
		// the advice followed, not a decision beside it.
		{map[string]any{"employees": 40, "product_driven": true, "engineers": 9, "stage": "scaling", "revenue": "1m-10m", "sector": "technology", "compliance": []any{"soc2"}},
			"Leadership budget: “Ample: over about $250k” → a full-time CTO", "A Chief Technology Officer"},
		// No CTO is needed: hiring one so that the CIO can be fractional
		// contradicts the advice. (Applied research: where nothing at all
		// is built or researched, a CTO in post would run the IT, and
		// change nothing.)
		{map[string]any{"employees": 300, "product_driven": false, "rd_intensity": "applied", "sector": "manufacturing", "revenue": "50m-250m", "it_staff": "small", "it_footprint": "on-prem", "internal_systems": "many"},
			"Leaders in post: add “An IT director or head of IT” → a fractional CIO", "A Chief Technology Officer"},
	} {
		r, rs := defaultReport(t, tt.raw, false)
		out := renderText(t, r, rs, 100, false)
		_, decide, _ := strings.Cut(out, "If you decide\n")
		decide, _, _ = strings.Cut(decide, "\n\n")
		if !strings.Contains(decide, tt.kept) || strings.Contains(decide, tt.gone) {
			t.Errorf("%v: decisions, want %q and not %q:\n%s", tt.raw, tt.kept, tt.gone, decide)
		}
		inJSON := false
		for _, c := range r.WhatIf {
			to, _ := c.To.([]string)
			inJSON = inJSON || (c.Question == "existing_leaders" && slices.Contains(to, "cto"))
		}
		if !inJSON {
			t.Errorf("%v: what_if lost the change to a CTO in post: %+v", tt.raw, r.WhatIf)
		}
		if !strings.Contains(renderText(t, r, rs, 200, true), "Leaders in post: add “A Chief Technology Officer”") {
			t.Errorf("%v: --explain lacks the change to a CTO in post", tt.raw)
		}
	}
}

// A change that no longer needs a role needed today says "only": "a
// full-time CIO" alone would leave the reader to guess what became of
// today's fractional CTO.
func TestChangesSayOnly(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, map[string]any{"employees": 1200, "product_driven": false, "sector": "retail", "revenue": "250m-1b", "it_staff": "team",
		"existing_leaders": []any{"it-director"}, "internal_systems": "many", "it_footprint": "hybrid", "digital_transformation": true,
		"compliance": []any{"pci-dss", "gdpr"}, "security_needs": "high"}, false)
	if r.Recommendation != "vcto+cio" {
		t.Fatalf("recommendation %s, want vcto+cio", r.Recommendation)
	}
	out := renderText(t, r, rs, 100, false)
	for _, want := range []string{
		"• Digital transformation: no → only a full-time CIO\n",
		"• Leadership budget: “Tight: under about $100k” → a fractional CTO and CIO\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

// The organisations a first reader tried: founders, boards and owners of
// small businesses, each described in their own terms.
var readerOrganisations = map[string]map[string]any{
	"6-person start-up":     {"employees": 6, "product_driven": true, "engineers": 3, "technical_founder": true, "stage": "early", "revenue": "under-1m", "sector": "technology"},
	"40-person SaaS":        {"employees": 40, "product_driven": true, "engineers": 9, "stage": "scaling", "revenue": "1m-10m", "sector": "technology", "compliance": []any{"soc2"}},
	"150-person product":    {"employees": 150, "product_driven": true, "engineers": 45, "stage": "scaling", "revenue": "10m-50m", "sector": "technology", "existing_leaders": []any{"vp-engineering"}, "compliance": []any{"soc2", "gdpr"}, "security_needs": "high", "internal_systems": "some"},
	"300-person plant":      {"employees": 300, "product_driven": false, "sector": "manufacturing", "revenue": "50m-250m", "it_staff": "small", "it_footprint": "on-prem", "internal_systems": "many"},
	"60-person clinics":     {"employees": 60, "product_driven": false, "sector": "healthcare", "compliance": []any{"hipaa"}, "security_needs": "high", "it_staff": "msp", "internal_systems": "some", "it_footprint": "hybrid", "revenue": "10m-50m"},
	"1,200-person retailer": {"employees": 1200, "product_driven": false, "sector": "retail", "revenue": "250m-1b", "it_staff": "team", "existing_leaders": []any{"it-director"}, "internal_systems": "many", "it_footprint": "hybrid", "digital_transformation": true, "compliance": []any{"pci-dss", "gdpr"}, "security_needs": "high"},
	"25-person consultancy": {"employees": 25, "product_driven": false, "sector": "professional-services", "revenue": "1m-10m", "it_staff": "msp", "internal_systems": "some", "compliance": []any{"iso27001"}},
	"merging fintech":       {"employees": 220, "product_driven": true, "engineers": 18, "sector": "finance", "revenue": "50m-250m", "m_and_a": "merging", "existing_leaders": []any{"cto"}, "it_staff": "small", "internal_systems": "some", "it_footprint": "hybrid", "security_needs": "high", "compliance": []any{"soc2", "pci-dss"}},
}

// What a demanding first reader objected to, in words: a reason marked as
// nobody's claim yet cited; "a vendor" unexplained; engineers said to have
// nobody leading them beside a CTO or head of engineering in post; a
// hospital system in a clinic's report; an answer capitalised mid-line.
func TestRenderTextReadsConsistently(t *testing.T) {
	t.Parallel()
	objections := map[string]*regexp.Regexp{
		"judgement said to have no source, then cited": regexp.MustCompile(`no source records this\)\s+\[\d`),
		"an unexplained vendor":                        regexp.MustCompile(`(?i)\ba vendor\b|\bvendors\b|vendor's`),
		"nobody leading engineers who have a leader":   regexp.MustCompile(`nobody leading`),
		"a hospital system":                            regexp.MustCompile(`hospital system of`),
		"a capital after a colon mid-line":             regexp.MustCompile(`(As you grow|; [a-zA-Z& ]+): [A-Z][a-z]`),
	}
	for name, raw := range readerOrganisations {
		r, rs := defaultReport(t, raw, false)
		out := renderText(t, r, rs, 80, false)
		// The Sources list says each source's kind ("vendor page").
		out, _, _ = strings.Cut(out, "\nSources\n")
		for what, re := range objections {
			if m := re.FindString(out); m != "" {
				t.Errorf("%s: %s (%q):\n%s", name, what, m, out)
			}
		}
		// A reason's references are in ascending order.
		for _, m := range regexp.MustCompile(`(\[\d+\])+`).FindAllString(out, -1) {
			var refs []int
			for _, n := range refRE.FindAllStringSubmatch(m, -1) {
				var k int
				fmt.Sscan(n[1], &k)
				refs = append(refs, k)
			}
			if !slices.IsSorted(refs) {
				t.Errorf("%s: references %s out of order", name, m)
			}
		}
		if lines := strings.Count(renderText(t, r, rs, 80, false), "\n"); lines > 45 {
			t.Errorf("%s: %d lines at 80 columns, over 45", name, lines)
		}
	}
}

func TestJudgementWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rv   reasonView
		want string
	}{
		{reasonView{}, ""},
		{reasonView{Refs: []int{1}}, ""},
		{reasonView{Judgement: true}, "(our judgement: no source records this)"},
		{reasonView{Judgement: true, Refs: []int{1, 3}}, "(partly our judgement)"},
	} {
		if got := tt.rv.JudgementWords(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.rv, got, tt.want)
		}
	}
}

// A reason says which way it points when that is not towards the advice:
// in a report that needs no executive, "Five or more business systems"
// alone reads as a reason for that advice.
func TestReasonsSayTheirStance(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, readerOrganisations["25-person consultancy"], false)
	if r.Recommendation != "none" {
		t.Fatalf("recommendation %s, want none", r.Recommendation)
	}
	out := renderText(t, r, rs, 80, false)
	for _, want := range []string{
		"  • Towards a CIO: five or more business systems (ERP, CRM, HR, finance) to\n",
		"  • Against a CIO: under 50 staff, break-fix IT or a managed service provider\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	// --explain gives the weights instead.
	if out := renderText(t, r, rs, 80, true); strings.Contains(out, "Towards a") || !strings.Contains(out, "(cio +1)") {
		t.Errorf("--explain: stances, or no weights:\n%s", out)
	}
	// A reason for a role the advice needs says nothing more.
	r, rs = defaultReport(t, readerOrganisations["300-person plant"], false)
	for _, rv := range newView(r, RenderOptions{Rules: rs}).Reasons {
		if rv.Stance != "" {
			t.Errorf("300-person plant: reason %q has stance %q", rv.Text, rv.Stance)
		}
	}
	// A reason against a role the advice needs says so.
	f := FiredRule{Add: map[string]float64{"cio": -1}}
	if got := stance(f, r.Roles, rs); got != "Against a CIO" {
		t.Errorf("stance = %q", got)
	}
	f = FiredRule{Add: map[string]float64{"cto": 0.5, "cio": 0.5}}
	if got := stance(f, r.Roles, rs); got != "" {
		t.Errorf("stance of a reason that also supports the CIO = %q", got)
	}
}

// Numbers in the answers read as the rest of the report writes them:
// "1,200", not "1200".
func TestAnswersWriteThousands(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, readerOrganisations["1,200-person retailer"], true)
	var b bytes.Buffer
	if err := RenderMarkdown(&b, r, RenderOptions{Rules: rs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| How many people work for the organisation? | 1,200 |\n") {
		t.Errorf("markdown answers:\n%s", b.String())
	}
	if out := renderText(t, r, rs, 80, true); !strings.Contains(out, "  employees               1,200\n") {
		t.Errorf("--explain answers:\n%s", out)
	}
}

// A role's one-line reason does not contradict the answers: a company that
// did not say its budget is not told it has "no budget".
func TestRoleReasonDoesNotInventABudget(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, readerOrganisations["40-person SaaS"], false)
	out := renderText(t, r, rs, 80, false)
	if strings.Contains(out, "no budget") || !strings.Contains(out, "A large technology need, but not yet the means for a full-time CTO.") {
		t.Errorf("the CTO's reason:\n%s", out)
	}
}
