package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// page fetches a page and fails the test unless it has the status and is
// HTML.
func page(t *testing.T, s *Server, target string, status int) string {
	t.Helper()
	w := call(s, "GET", target, "", "")
	if w.Code != status {
		t.Fatalf("GET %s: %d, want %d\n%s", target, w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	return w.Body.String()
}

// questionBlock returns the markup of one question on a form page.
func questionBlock(t *testing.T, html, id string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<(div|fieldset) class="question[^"]*" id="q-` + id + `".*?</(div|fieldset)>\n(</div>\n</fieldset>)?`)
	m := re.FindString(html)
	if m == "" {
		t.Fatalf("no question %s on the page", id)
	}
	return m
}

// TestForm checks the questionnaire page: every question with its help,
// defaults pre-selected, required ones marked, those that do not apply
// hidden and disabled, labels tied to their inputs.
func TestForm(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	form := page(t, s, "/", 200)
	for _, q := range s.rs.Questions {
		block := questionBlock(t, form, q.ID)
		if !strings.Contains(block, html.EscapeString(q.Prompt)) {
			t.Errorf("%s: no prompt", q.ID)
		}
		if !strings.Contains(block, `<p class="help" id="`+q.ID+`-help">`) {
			t.Errorf("%s: no help", q.ID)
		}
		if strings.Contains(block, `class="required"`) != q.Required {
			t.Errorf("%s: required marked %t, want %t", q.ID, !q.Required, q.Required)
		}
	}
	employees := questionBlock(t, form, "employees")
	// A text field, which takes the separators the messages show (1,200);
	// the server checks the bounds.
	if !strings.Contains(employees, `<label for="employees" class="prompt">`) || !strings.Contains(employees, `<input type="text" id="employees" name="employees" inputmode="numeric"`) ||
		!strings.Contains(employees, ` value="" required aria-describedby="employees-help">`) {
		t.Errorf("employees:\n%s", employees)
	}
	sector := questionBlock(t, form, "sector")
	if !strings.Contains(sector, `<fieldset class="question" id="q-sector"`) || !strings.Contains(sector, `<legend class="prompt">Which sector is the organisation in?</legend>`) ||
		!strings.Contains(sector, `value="other" checked>`) || strings.Count(sector, " checked") != 1 {
		t.Errorf("sector: the default is not the one option checked, or no fieldset:\n%s", sector)
	}
	if pd := questionBlock(t, form, "product_driven"); strings.Contains(pd, "checked") || strings.Count(pd, " required>") != 2 {
		t.Errorf("product_driven (required, no default):\n%s", pd)
	}
	eng := questionBlock(t, form, "engineers")
	if !strings.Contains(eng, `data-type="int" hidden>`) || !strings.Contains(eng, " disabled") {
		t.Errorf("engineers does not apply yet, so it is hidden and disabled:\n%s", eng)
	}
	if !strings.Contains(form, `<input type="hidden" name="_shown" value="employees,product_driven,sector,`) || strings.Contains(form, `_shown" value="[^"]*engineers`) {
		t.Errorf("the shown list is wrong")
	}
	for _, want := range []string{`<html lang="en">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`, `<form id="questionnaire" method="get" action="/advice"`, `<script src="/assets/form.js?v=`, `<link rel="stylesheet" href="/assets/style.css?v=`} {
		if !strings.Contains(form, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if strings.Contains(form, "<script>") || strings.Contains(form, " style=") || strings.Contains(form, " onclick=") {
		t.Error("inline script or style: the CSP would block it")
	}
}

// TestFormWithoutJavaScript walks the form as a browser without script
// does: each submit shows the form again while new questions apply, then
// redirects to the permalink, which shows the report.
func TestFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	shown := "employees,product_driven,sector,revenue,stage,rd_intensity,security_needs,compliance,internal_systems,it_footprint,it_staff,existing_leaders,digital_transformation,m_and_a,leadership_budget"
	// What the first form submits: every visible question, defaults
	// included, a list with nothing checked as an empty value.
	first := "/advice?_shown=" + shown + "&employees=40&product_driven=true&sector=other&revenue=unknown&stage=established&rd_intensity=none" +
		"&security_needs=moderate&compliance=&compliance=soc2&compliance=hipaa&internal_systems=few&it_footprint=cloud&it_staff=none&existing_leaders=" +
		"&digital_transformation=false&m_and_a=none&leadership_budget=unknown"
	got := page(t, s, first, 200)
	if !strings.Contains(got, "2 more questions apply to your answers") || !strings.Contains(got, `<a href="#q-engineers">How many engineers does the organisation direct?</a>`) {
		t.Fatalf("the new questions are not pointed out:\n%s", got)
	}
	eng := questionBlock(t, got, "engineers")
	if strings.Contains(eng, "hidden") || strings.Contains(eng, "disabled") || !strings.Contains(eng, `class="question new"`) || !strings.Contains(eng, `value="0"`) {
		t.Errorf("engineers now applies, with its default:\n%s", eng)
	}
	if emp := questionBlock(t, got, "employees"); !strings.Contains(emp, `value="40"`) {
		t.Errorf("the answer given is kept:\n%s", emp)
	}
	comp := questionBlock(t, got, "compliance")
	if !strings.Contains(comp, `value="soc2" checked>`) || !strings.Contains(comp, `value="hipaa" checked>`) || strings.Count(comp, " checked") != 2 {
		t.Errorf("the options chosen are kept:\n%s", comp)
	}
	// The second submit shows the engineers too: no new question, so it
	// goes to the permalink, with only the answers that are not defaults.
	second := strings.Replace(first, "_shown="+shown, "_shown="+shown+",engineers,technical_founder", 1) + "&engineers=6&technical_founder=false"
	w := call(s, "GET", second, "", "")
	if w.Code != http.StatusSeeOther {
		t.Fatalf("second submit: %d\n%s", w.Code, w.Body)
	}
	loc := w.Header().Get("Location")
	if loc != "/advice?employees=40&product_driven=true&engineers=6&compliance=soc2,hipaa" {
		t.Fatalf("Location %q", loc)
	}
	report := page(t, s, loc, 200)
	api := call(s, "POST", "/v1/advise", jsonCT, `{"employees": 40, "product_driven": true, "engineers": 6, "compliance": ["soc2", "hipaa"]}`)
	var r struct{ Recommendation, Headline string }
	if err := json.Unmarshal(api.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(report, `<p class="headline">`+html.EscapeString(r.Headline)+`</p>`) {
		t.Errorf("the report page does not give the API's recommendation %s (%s)", r.Recommendation, r.Headline)
	}
	q := "employees=40&amp;product_driven=true&amp;engineers=6&amp;compliance=soc2,hipaa"
	for _, link := range []string{`href="/?` + q + `" id="change">Change the answers`, `href="/advice?` + q + `" id="permalink"`, `href="/advice.json?` + q + `" id="download-json" download`, `href="/advice.md?` + q + `" id="download-markdown" download`} {
		if !strings.Contains(report, link) {
			t.Errorf("the report has no link %s", link)
		}
	}
	// In people's words: option labels and prompts, not ids.
	for _, want := range []string{"SOC 2, HIPAA (US health information)", "How many engineers does the organisation direct?", "As you grow"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	// "Change the answers" fills the form in again.
	form := page(t, s, "/?employees=40&product_driven=true&engineers=6&compliance=soc2,hipaa", 200)
	if eng := questionBlock(t, form, "engineers"); strings.Contains(eng, "hidden") || !strings.Contains(eng, `value="6"`) {
		t.Errorf("engineers on the form again:\n%s", eng)
	}
}

// TestFormNumbersWithSeparators checks that the form reads a number with
// the thousands separators its messages show, as the prompt does, and
// that the API, like the command line, keeps to digits.
func TestFormNumbersWithSeparators(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	// Submitted from the form: read as 1200, to the permalink in digits.
	w := call(s, "GET", "/advice?employees=1,200&product_driven=false&_shown=employees,product_driven", "", "")
	if w.Code == http.StatusSeeOther {
		if loc := w.Header().Get("Location"); !strings.Contains(loc, "employees=1200&") {
			t.Errorf("1,200 goes to %s, want employees=1200", loc)
		}
	} else if w.Code != http.StatusOK || !strings.Contains(questionBlock(t, w.Body.String(), "employees"), `value="1200"`) {
		t.Errorf("1,200 on the form: %d\n%s", w.Code, w.Body)
	}
	// Out of range, said as people read it.
	got := page(t, s, "/advice?employees=20,000,000&product_driven=false", 422)
	if want := `<p class="field-error" id="employees-error">20,000,000 is out of range; want a whole number from 1 to 10,000,000</p>`; !strings.Contains(got, want) {
		t.Errorf("the page does not show %s", want)
	}
	// A dot or a space between thousands is not guessed at.
	got = page(t, s, "/advice?employees=1.200&product_driven=false", 422)
	if want := `&#34;1.200&#34; is not a whole number; separate thousands with commas (1,200) or not at all (1200)`; !strings.Contains(got, want) {
		t.Errorf("the page does not show %s", want)
	}
	// The API keeps digits, and says the bounds as a script copies them.
	w = call(s, "POST", "/v1/advise", "application/json", `{"employees": "1,200", "product_driven": false}`)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `is not a whole number; want a whole number from 1 to 10000000`) {
		t.Errorf("the API read \"1,200\": %d %s", w.Code, w.Body)
	}
}

// TestAdvicePageErrors checks that bad or missing answers show the form
// again with the problems listed and tied to their questions.
func TestAdvicePageErrors(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	got := page(t, s, "/advice?employees=0&product_driven=maybe&sector=moon&sector=sun&colour=red&_shown=employees", 422)
	for _, want := range []string{
		`4 answers need your attention`,
		`<li>&#34;colour&#34; is not one of the questions</li>`,
		`<li><a href="#q-employees">How many people work for the organisation?</a>: 0 is out of range; want a whole number from 1 to 10,000,000</li>`,
		`<li><a href="#q-product_driven">Do your customers use technology that the organisation builds?</a>: &#34;maybe&#34; is not Yes or No</li>`,
		`<li><a href="#q-sector">Which sector is the organisation in?</a>: answered 2 times; give one answer</li>`,
		`<p class="field-error" id="employees-error">0 is out of range`,
		`aria-invalid="true" aria-describedby="employees-help employees-error"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page does not show %s", want)
		}
	}
	if emp := questionBlock(t, got, "employees"); !strings.Contains(emp, `value="0"`) {
		t.Errorf("the bad answer is not kept for correction:\n%s", emp)
	}
	got = page(t, s, "/advice?sector=retail", 422)
	if !strings.Contains(got, "2 answers need your attention") || !strings.Contains(got, `<a href="#q-employees">How many people work for the organisation?</a>: this question must be answered`) {
		t.Errorf("missing answers are not listed:\n%s", got)
	}
	// Hostile text in the address is escaped wherever it is shown.
	got = page(t, s, "/advice?employees=%3Cscript%3Ealert(1)%3C/script%3E&product_driven=true", 422)
	if strings.Contains(got, "<script>alert") || !strings.Contains(got, `value="&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Errorf("the answer is not escaped")
	}
	// Two thousand wrong answers: fifty are listed, the rest counted, as
	// people read counts.
	params := make([]string, 2000)
	for i := range params {
		params[i] = fmt.Sprintf("x%d=1", i)
	}
	got = page(t, s, "/advice?"+strings.Join(params, "&"), 422)
	if !strings.Contains(got, "50 of 2,000 answers need your attention") || !strings.Contains(got, "<li>and 1,950 more</li>") || strings.Count(got, "is not one of the questions") != 50 {
		t.Errorf("a thousand wrong answers are not cut to fifty")
	}
	if w := call(s, "GET", "/advice?employees=%zz", "", ""); w.Code != 400 || !strings.Contains(w.Body.String(), "the address is not valid") {
		t.Errorf("a malformed address: %d %s", w.Code, w.Body)
	}
}

// TestAdvicePageErrorsInWords checks that the form says what is wrong in
// people's words, as it asks: option labels, Yes or No, a question's
// wording, never the ids that the address holds; while the JSON download,
// for programs, keeps the ids.
func TestAdvicePageErrorsInWords(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	target := "/advice?employees=40&product_driven=true&sector=tech&compliance=soc2,sox&stage=scalling&employes=3"
	got := page(t, s, target, 422)
	for _, want := range []string{
		`<li>&#34;employes&#34; is not one of the questions; the nearest is “How many people work for the organisation?”</li>`,
		`<a href="#q-sector">Which sector is the organisation in?</a>: &#34;tech&#34; is not an option; options: “Technology: software, internet or hardware”, “Finance: banking, insurance, payments or investment”, `,
		`, “Non-profit or charity”, “Something else”</li>`,
		`<p class="field-error" id="stage-error">&#34;scalling&#34; is not an option; did you mean “Scaling: growing fast”?</p>`,
		`<p class="field-error" id="compliance-error">&#34;sox&#34; is not an option; did you mean “SOC 2”?</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page does not say %s", want)
		}
	}
	list := regexp.MustCompile(`(?s)<div class="errors".*?</div>`).FindString(got)
	if list == "" {
		t.Fatal("no list of errors")
	}
	for _, id := range []string{"technology", "scaling", "soc2", "employees,", "questions:"} {
		if strings.Contains(list, id) {
			t.Errorf("the list of errors names the id %q:\n%s", id, list)
		}
	}
	w := call(s, "GET", strings.Replace(target, "/advice?", "/advice.json?", 1), "", "")
	if e := decodeError(t, w); !strings.Contains(e.Error.Message, `sector: "tech" is not an option; options: technology, finance,`) ||
		!strings.Contains(e.Error.Message, `unknown question "employes" (did you mean "employees"?)`) {
		t.Errorf("the JSON download does not name the ids: %s", e.Error.Message)
	}
}

// TestManyUnknownNamesInTheAddress checks that an address full of unknown
// names, 4,000 in a 64 KiB line, each near a question's, costs little: the
// page lists 50 problems, and only those 50 are looked at closely (a
// suggestion each). Looking for a suggestion for every one took 160,000
// allocations and twelve times as long. Not parallel: it counts
// allocations.
func TestManyUnknownNamesInTheAddress(t *testing.T) {
	s := testServer(t, nil)
	params := make([]string, 4000)
	for i := range params {
		params[i] = fmt.Sprintf("employeesx%d=x", i)
	}
	target := "/advice?employees=40&product_driven=true&" + strings.Join(params, "&")
	got := page(t, s, target, 422)
	if !strings.Contains(got, "50 of 4,000 answers need your attention") || !strings.Contains(got, "<li>and 3,950 more</li>") || strings.Count(got, "the nearest is “") == 0 {
		t.Errorf("the page does not list fifty problems with suggestions and count the rest")
	}
	allocs := testing.AllocsPerRun(3, func() { call(s, "GET", target, "", "") })
	if perName := allocs / float64(len(params)); perName > 15 {
		t.Errorf("%.0f allocations for %d unknown names, %.1f each; want at most 15 each", allocs, len(params), perName)
	}
}

// TestDownloads checks that the report's links give the same advice as
// the API, as JSON and as the command line's Markdown.
func TestDownloads(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	api := call(s, "POST", "/v1/advise", jsonCT, `{"employees": 120, "product_driven": false, "it_staff": "team"}`)
	var indented bytes.Buffer
	if err := json.Indent(&indented, api.Body.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	w := call(s, "GET", "/advice.json?employees=120&product_driven=false&it_staff=team", "", "")
	if w.Code != 200 || w.Body.String() != indented.String() || w.Header().Get("Content-Disposition") != `attachment; filename="orgadvisor-advice.json"` {
		t.Errorf("JSON download: %d %v, same as the API: %t", w.Code, w.Header(), w.Body.String() == indented.String())
	}
	w = call(s, "GET", "/advice.md?employees=120&product_driven=false&it_staff=team", "", "")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/markdown; charset=utf-8" || !strings.HasPrefix(w.Body.String(), "# ") {
		t.Errorf("Markdown download: %d %v\n%s", w.Code, w.Header(), w.Body)
	}
	w = call(s, "GET", "/advice.json?employees=abc", "", "")
	if w.Code != 422 {
		t.Errorf("bad JSON download: %d", w.Code)
	} else if e := decodeError(t, w); e.Error.Message != `employees: "abc" is not a whole number; want a whole number from 1 to 10000000` {
		t.Errorf("message %q", e.Error.Message)
	}
	// A client that asked for Markdown gets its errors as a line of text,
	// with the status the other forms have.
	for _, tc := range []struct {
		method, target string
		status         int
		want           string
	}{
		{"GET", "/advice.md?employees=abc", 422, `employees: "abc" is not a whole number; want a whole number from 1 to 10000000`},
		{"GET", "/advice.md?employees=40&sizee=3", 422, `unknown question "sizee"; questions: employees, product_driven,`},
		{"GET", "/advice.md?employees=40", 422, `missing required answer: product_driven`},
		{"GET", "/advice.md?employees=%zz", 400, `the address is not valid: invalid URL escape "%zz"`},
		{"POST", "/advice.md", 405, `method POST is not allowed for /advice.md; allowed: GET, HEAD, OPTIONS`},
	} {
		w := call(s, tc.method, tc.target, "", "")
		body := w.Body.String()
		if w.Code != tc.status || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" ||
			!strings.HasPrefix(body, tc.want) || strings.Count(body, "\n") != 1 || !strings.HasSuffix(body, "\n") || w.Header().Get("Content-Disposition") != "" {
			t.Errorf("%s %s: %d %q %q, want %d, one line of text starting %q", tc.method, tc.target, w.Code, w.Header().Get("Content-Type"), body, tc.status, tc.want)
		}
	}
}

// TestAssets checks the embedded script and stylesheet: their types, a
// long cache keyed by the version in the pages' links, and 304s.
func TestAssets(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	for name, ct := range map[string]string{"form.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"} {
		w := call(s, "GET", "/assets/"+name+"?v="+s.web.version, "", "")
		if w.Code != 200 || w.Header().Get("Content-Type") != ct || w.Body.Len() == 0 || w.Header().Get("ETag") == "" {
			t.Errorf("%s: %d %v", name, w.Code, w.Header())
			continue
		}
		r := httptest.NewRequest("GET", "/assets/"+name, nil)
		r.Header.Set("If-None-Match", w.Header().Get("ETag"))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", name, rec.Code)
		}
	}
}

// TestReportPageCSP checks that the report page's inline styles are
// allowed by their hashes, and nothing else inline: no script, no
// 'unsafe-inline'.
func TestReportPageCSP(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	w := call(s, "GET", "/advice?employees=40&product_driven=true", "", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	csp := w.Header().Get("Content-Security-Policy")
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("the report page has no inline style: this test has nothing to check")
	}
	sum := sha256.Sum256([]byte(m[1]))
	want := "style-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "';"
	if !strings.Contains(csp, want) || !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q, want %s", csp, want)
	}
	if strings.Contains(w.Body.String(), "<script") || strings.Contains(w.Body.String(), " style=") {
		t.Error("inline script or style attributes on the report page")
	}
}

// TestContrast checks that the form's text colours stand out from their
// backgrounds at a contrast ratio of at least 7:1 (WCAG's AAA level for
// text), and its borders at 3:1, from the colours style.css declares.
func TestContrast(t *testing.T) {
	t.Parallel()
	css := string(testServer(t, nil).web.assets["style.css"].data)
	colour := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z]+): (#[0-9a-f]{6});`).FindAllStringSubmatch(css, -1) {
		colour[m[1]] = m[2]
	}
	luminance := func(hex string) float64 {
		var l float64
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			var v int
			fmt.Sscanf(hex[1+2*i:3+2*i], "%x", &v)
			c := float64(v) / 255
			if c <= 0.03928 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l
	}
	ratio := func(a, b string) float64 {
		la, lb := luminance(colour[a]), luminance(colour[b])
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	for _, p := range []struct {
		fg, bg string
		min    float64
	}{
		{"text", "back", 7}, {"muted", "back", 7}, {"accent", "back", 7}, {"error", "back", 7},
		{"text", "notice", 7}, {"muted", "notice", 7}, {"accent", "notice", 7}, {"back", "accent", 7},
		{"line", "back", 3},
	} {
		if colour[p.fg] == "" || colour[p.bg] == "" {
			t.Errorf("style.css declares no --%s or --%s", p.fg, p.bg)
			continue
		}
		if r := ratio(p.fg, p.bg); r < p.min {
			t.Errorf("--%s on --%s: contrast %.2f:1, want at least %v:1", p.fg, p.bg, r, p.min)
		}
	}
}

// TestErrorPage checks the page of an error of a web page: a title in
// words, not the status's name, and a link back to the questionnaire that
// keeps the answers the address held, escaped, so that the visitor does
// not type them again.
func TestErrorPage(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	linkRE := regexp.MustCompile(`<a href="([^"]*)" id="questionnaire-link">([^<]*)</a>`)
	for _, tc := range []struct {
		name, method, target string
		// apiErr, when set, is the error failWith answers, as the
		// handlers do for one the requests cannot provoke here.
		apiErr      *apiError
		status      int
		title, link string
		// The form the link shows: its status, and the number of
		// employees filled in.
		formStatus int
		employees  string
	}{
		{"answers the advice could not use", "GET", "/advice?_shown=employees&employees=many&sector=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&compliance=soc2,hipaa",
			errorf(422, "a rule could not be applied to these answers"), 422, "Some answers need another look",
			"/?employees=many&amp;sector=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;compliance=soc2,hipaa", 422, "many"},
		{"a method a page does not take", "POST", "/advice?employees=40", nil, 405, "This page cannot be asked for that way", "/?employees=40", 200, "40"},
		// The full report is asked for again; an ask the form would
		// refuse is left out.
		{"from the full report", "POST", "/advice?_full=1&employees=40", nil, 405, "This page cannot be asked for that way", "/?employees=40&amp;_full=true", 200, "40"},
		{"with a bad ask for the full report", "POST", "/advice?employees=40&_full=maybe&_full=1", nil, 405, "This page cannot be asked for that way", "/?employees=40", 200, "40"},
		{"an address that cannot be read", "GET", "/advice?employees=%zz", nil, 400, "The address cannot be read", "/", 0, ""},
		{"a page that does not exist", "GET", "/advise?employees=40", nil, 404, "There is no such page", "/", 0, ""},
		{"an asset's query", "GET", "/assets/style.css?employees=40", nil, 400, "The address cannot be read", "/", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w *httptest.ResponseRecorder
			if tc.apiErr != nil {
				w = httptest.NewRecorder()
				s.failWith(w, httptest.NewRequest(tc.method, tc.target, nil), tc.apiErr)
			} else {
				w = call(s, tc.method, tc.target, "", "")
			}
			body := w.Body.String()
			if w.Code != tc.status || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("%d %q, want %d and a page", w.Code, w.Header().Get("Content-Type"), tc.status)
			}
			if !strings.Contains(body, "<title>"+tc.title+" · orgadvisor</title>") || !strings.Contains(body, "<h1>"+tc.title+"</h1>") ||
				strings.Contains(body, http.StatusText(tc.status)) {
				t.Errorf("the page is not titled %q in words:\n%s", tc.title, body)
			}
			m := linkRE.FindStringSubmatch(body)
			if m == nil || m[1] != tc.link {
				t.Fatalf("the link to the questionnaire is %q, want %q:\n%s", m, tc.link, body)
			}
			if keeps := m[2] == "Go to the questionnaire, with your answers"; keeps != (tc.link != "/") {
				t.Errorf("the link says %q", m[2])
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("an answer in the address reached the page unescaped:\n%s", body)
			}
			if tc.link == "/" {
				return
			}
			// The link shows the form with the answers as typed.
			form := page(t, s, html.UnescapeString(tc.link), tc.formStatus)
			if emp := questionBlock(t, form, "employees"); !strings.Contains(emp, `value="`+tc.employees+`"`) {
				t.Errorf("the form does not keep the answers:\n%s", emp)
			}
		})
	}
}

// TestFullReport checks the web page's way to what the brief report leaves
// out: a link, where it counts what it left out, to the same advice with
// _full=true, which shows every reason, note and disputed point in
// people's words; links that keep it full, the form's included; and a
// Markdown download that points a web visitor to that link, not to a
// command.
func TestFullReport(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	q := "employees=40&product_driven=true&engineers=6&compliance=soc2,hipaa"
	esc := func(u string) string { return html.EscapeString(u) }
	var api struct {
		Fired    []json.RawMessage
		Notes    []string
		Disputes []json.RawMessage
	}
	if err := json.Unmarshal(call(s, "POST", "/v1/advise", jsonCT, `{"employees": 40, "product_driven": true, "engineers": 6, "compliance": ["soc2", "hipaa"]}`).Body.Bytes(), &api); err != nil {
		t.Fatal(err)
	}

	brief := page(t, s, "/advice?"+q, 200)
	more := regexp.MustCompile(`<p class="more">Left out for brevity: ([^<]*)\. <a href="([^"]*)" id="full-report">Show the full report</a></p>`).FindStringSubmatch(brief)
	if more == nil {
		t.Fatalf("the brief report has no link to the full report:\n%s", brief)
	}
	if more[2] != esc("/advice?"+q+"&_full=true") || strings.Contains(brief, "orgadvisor advise") || len(api.Disputes) == 0 || !strings.Contains(more[1], "disputed point") {
		t.Errorf("the brief report says %q and links to %q", more[1], more[2])
	}

	full := page(t, s, html.UnescapeString(more[2]), 200)
	section := func(id string) string {
		return regexp.MustCompile(`(?s)<section id="` + id + `">.*?</section>`).FindString(full)
	}
	if n := strings.Count(section("reasons"), "<li>"); n != len(api.Fired) {
		t.Errorf("the full report gives %d reasons, the advice has %d", n, len(api.Fired))
	}
	if n := strings.Count(section("notes"), "<li>"); n != len(api.Notes) {
		t.Errorf("the full report gives %d notes, the advice has %d", n, len(api.Notes))
	}
	if n := strings.Count(section("disputes"), "<li>"); n != len(api.Disputes) {
		t.Errorf("the full report gives %d disputed points, the advice has %d", n, len(api.Disputes))
	}
	for _, unwanted := range []string{"Left out", `id="full-report"`, "<code>", `<section id="trace">`} {
		if strings.Contains(full, unwanted) {
			t.Errorf("the full report holds %s", unwanted)
		}
	}
	for _, link := range []string{
		`href="` + esc("/?"+q+"&_full=true") + `" id="change"`,
		`href="` + esc("/advice?"+q+"&_full=true") + `" id="permalink"`,
		`href="` + esc("/advice?"+q) + `" id="brief-report">Show the short report</a>`,
		`href="` + esc("/advice.json?"+q) + `" id="download-json" download`,
		`href="` + esc("/advice.md?"+q+"&_full=true") + `" id="download-markdown" download`,
	} {
		if !strings.Contains(full, link) {
			t.Errorf("the full report has no link %s", link)
		}
	}

	// The Markdown: the brief one points to the page's link, in words a
	// web visitor can act on; the full one leaves nothing out.
	md := call(s, "GET", "/advice.md?"+q, "", "").Body.String()
	if !strings.Contains(md, "*Left out for brevity: "+more[1]+"; the advice page's link “Show the full report” shows them.*\n") || strings.Contains(md, "orgadvisor advise") {
		t.Errorf("the brief Markdown does not point a web visitor to the full report:\n%s", md)
	}
	md = call(s, "GET", "/advice.md?"+q+"&_full=true", "", "").Body.String()
	if strings.Contains(md, "Left out") || !strings.Contains(md, "\n## Where the sources disagree\n") {
		t.Errorf("the full Markdown leaves something out:\n%s", md)
	}

	// The form keeps _full, with the questions it shows, to the advice.
	form := page(t, s, "/?"+q+"&_full=true", 200)
	if !strings.Contains(form, `<input type="hidden" name="_full" value="true">`) {
		t.Fatalf("the form does not keep _full:\n%s", form)
	}
	shown := regexp.MustCompile(`name="_shown" value="([^"]*)"`).FindStringSubmatch(form)[1]
	w := call(s, "GET", "/advice?_shown="+shown+"&"+q+"&_full=true", "", "")
	if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != "/advice?"+q+"&_full=true" {
		t.Errorf("the form's submit: %d to %q, want the full report", w.Code, loc)
	}
	again := page(t, s, "/advice?_shown=employees,product_driven&employees=40&product_driven=true&_full=true", 200)
	if !strings.Contains(again, "more questions apply") || !strings.Contains(again, `<input type="hidden" name="_full" value="true">`) {
		t.Errorf("the form shown again for new questions does not keep _full")
	}
	if strings.Contains(page(t, s, "/?"+q, 200), `name="_full"`) || strings.Contains(page(t, s, "/advice?"+q+"&_full=false", 200), `<section id="disputes">`) {
		t.Errorf("without _full=true, the form or the report asks for the full report")
	}
	for _, bad := range []string{"_full=maybe", "_full=true&_full=false"} {
		got := page(t, s, "/advice?"+q+"&"+bad, 400)
		if !strings.Contains(got, "query parameter _full must be given once, true or false") {
			t.Errorf("%s:\n%s", bad, got)
		}
	}

	// _full cannot be a question's id: rules that name a question so do
	// not load.
	src := strings.Replace(string(orgadvisor.DefaultRulesYAML), "id: engineers\n", "id: "+fullParam+"\n", 1)
	if src == string(orgadvisor.DefaultRulesYAML) {
		t.Fatal("the default rules have no question engineers to rename")
	}
	if _, _, err := rules.Load("rules.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "id must be snake_case (a-z, 0-9, _), starting with a letter") {
		t.Errorf("a question named %s: %v", fullParam, err)
	}
}
