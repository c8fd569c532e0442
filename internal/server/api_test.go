package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
)

// testServer is a server of the embedded rules; mod changes its config.
func testServer(t testing.TB, mod func(*Config)) *Server {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	// httptest's requests are for example.com.
	cfg := Config{Rules: rs, Version: "test", Hosts: []string{"example.com"}}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// call sends one request to h and returns the response.
func call(h http.Handler, method, target, contentType, body string) *httptest.ResponseRecorder {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// apiError decodes an error answer, failing the test when it is not in the
// one error shape.
func decodeError(t *testing.T, w *httptest.ResponseRecorder) ErrorBody {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	var e ErrorBody
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body is not the error shape: %v\n%s", err, w.Body)
	}
	if e.Error.Message == "" || e.Error.Problems == nil || strings.Contains(e.Error.Message, "\n") {
		t.Errorf("error without a one-line message or a problems list: %s", w.Body)
	}
	return e
}

const jsonCT = "application/json"

// TestAdviseErrors sends every kind of bad request to POST /v1/advise: each
// gets its status and one error in the one shape, with the problems by
// question id.
func TestAdviseErrors(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) { c.Limits.MaxBody = 64 << 10 })
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	nested := `{"employees": ` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`
	tests := []struct {
		name, target, ct, body string
		status                 int
		message                string // the whole message, or a prefix ending in "..."
		problems               []string
	}{
		{"bad JSON", "/v1/advise", jsonCT, `{"employees": 40,`, 400, "the body is not valid JSON: line 1, column 18: unexpected end of JSON input", nil},
		{"single quotes", "/v1/advise", jsonCT, `{'employees': 40}`, 400, `the body is not valid JSON: line 1, column 2: invalid character '\'' looking for beginning of object key string`, nil},
		{"YAML is not JSON", "/v1/advise", jsonCT, "employees: 40\n", 400, "the body is not valid JSON: line 1, column 1: invalid character 'e' looking for beginning of value", nil},
		{"empty body", "/v1/advise", jsonCT, "", 400, `the body is empty: send the answers as a JSON object, such as {"employees": 40}`, nil},
		{"two documents", "/v1/advise", jsonCT, `{} {}`, 400, "the body is not valid JSON: line 1, column 4: invalid character '{' after top-level value", nil},
		{"invalid UTF-8", "/v1/advise", jsonCT, "{\"sector\": \"caf\xe9\"}", 400, "the body is not valid JSON: line 1, column 16: not valid UTF-8", nil},
		{"too deep", "/v1/advise", jsonCT, deep, 400, "the body is not valid JSON: line 1, column 10001: invalid character '[' exceeded max depth", nil},
		{"deep but valid", "/v1/advise", jsonCT, nested, 422, "employees: a list is not a whole number; want a whole number from 1 to 10000000", []string{"employees"}},
		{"not an object", "/v1/advise", jsonCT, `[{"employees": 40}]`, 422, "answers must be an object of question ids to answers, not a list", []string{""}},
		{"duplicate answer", "/v1/advise", jsonCT, `{"employees": 40, "employees": 41}`, 422, "employees: answered twice (first at line 1, column 2)", []string{"employees"}},
		{"unknown question", "/v1/advise", jsonCT, `{"employes": 40, "product_driven": true}`, 422, `unknown question "employes" (did you mean "employees"?)`, []string{"employes"}},
		{"wrong type", "/v1/advise", jsonCT, `{"employees": "many", "product_driven": "perhaps"}`, 422,
			`employees: "many" is not a whole number; want a whole number from 1 to 10000000; product_driven: "perhaps" is not true or false; want true or false`, []string{"employees", "product_driven"}},
		{"out of range", "/v1/advise", jsonCT, `{"employees": 0, "product_driven": true}`, 422, "employees: 0 is out of range; want a whole number from 1 to 10000000", []string{"employees"}},
		{"huge number", "/v1/advise", jsonCT, `{"employees": 123456789012345678901234567890, "product_driven": true}`, 422, "employees: 123456789012345678901234567890 is out of range; want a whole number from 1 to 10000000", []string{"employees"}},
		{"overflowing float", "/v1/advise", jsonCT, `{"employees": 1e400, "product_driven": true}`, 422, `employees: 1e400 is out of range; want a whole number from 1 to 10000000`, []string{"employees"}},
		{"nearly whole number", "/v1/advise", jsonCT, `{"employees": 40.0000000000000000001, "product_driven": true}`, 422, `employees: 40.0000000000000000001 is not a whole number; want a whole number from 1 to 10000000`, []string{"employees"}},
		{"number with an exponent", "/v1/advise", jsonCT, `{"employees": 2e7, "product_driven": true}`, 422, `employees: 2e7 is out of range; want a whole number from 1 to 10000000`, []string{"employees"}},
		{"fraction", "/v1/advise", jsonCT, `{"employees": 4.5, "product_driven": true}`, 422, "employees: 4.5 is not a whole number; want a whole number from 1 to 10000000", []string{"employees"}},
		{"not an option", "/v1/advise", jsonCT, `{"employees": 4, "product_driven": true, "compliance": ["soc2", "sox"]}`, 422, `compliance: "sox" is not an option (did you mean "soc2"?); options: soc2, hipaa, pci-dss, iso27001, gdpr, fedramp`, []string{"compliance"}},
		{"object answer", "/v1/advise", jsonCT, `{"employees": {"n": 4}, "product_driven": true}`, 422, "employees: an object is not a whole number; want a whole number from 1 to 10000000", []string{"employees"}},
		{"missing required", "/v1/advise", jsonCT, `{"sector": "retail"}`, 422, "missing required answers: employees, product_driven", []string{"employees", "product_driven"}},
		{"oversize", "/v1/advise", jsonCT, `{"sector": "` + strings.Repeat("x", 64<<10) + `"}`, 413, "the body is over the limit of 64 KiB", nil},
		{"no content type", "/v1/advise", "", `{}`, 415, "no Content-Type: send the body as application/json", nil},
		{"form", "/v1/advise", "application/x-www-form-urlencoded", `employees=40`, 415, `the Content-Type "application/x-www-form-urlencoded" is not accepted here: send the body as application/json`, nil},
		{"text", "/v1/advise", "text/plain; charset=utf-8", `{}`, 415, `the Content-Type "text/plain" is not accepted here: send the body as application/json`, nil},
		{"other charset", "/v1/advise", "application/json; charset=latin1", `{}`, 415, `the charset "latin1" is not accepted: send UTF-8`, nil},
		{"unreadable content type", "/v1/advise", "application/json; charset", `{}`, 415, `the Content-Type "application/json; charset" cannot be read: send the body as application/json`, nil},
		{"unknown parameter", "/v1/advise?whatif=false", jsonCT, `{}`, 400, `unknown query parameter "whatif"; parameters: explain, what_if`, nil},
		{"bad flag", "/v1/advise?what_if=maybe", jsonCT, `{}`, 400, `query parameter what_if must be true or false, not "maybe"`, nil},
		{"flag twice", "/v1/advise?explain=1&explain=0", jsonCT, `{}`, 400, "query parameter explain is given 2 times; give it once", nil},
		{"bad query", "/v1/advise?what_if=%zz", jsonCT, `{}`, 400, `the query string is not valid: invalid URL escape "%zz"`, nil},
		{"many unknown questions", "/v1/advise", jsonCT, manyAnswers(60), 422, `unknown question "q0"; questions: employees, product_driven, sector, revenue, stage, rd_intensity, engineers, technical_founder, security_needs, compliance, internal_systems, it_footprint, it_staff, existing_leaders, digital_transformation, m_and_a, leadership_budget; unknown question "q1"; questions: employees, product_driven, sector, revenue, stage, rd_intensity, engineers, technical_founder, security_needs, compliance, internal_systems, it_footprint, it_staff, existing_leaders, digital_transformation, m_and_a, leadership_budget; unknown question "q2"; questions: employees, product_driven, sector, revenue, stage, rd_intensity, engineers, technical_founder, security_needs, compliance, internal_systems, it_footprint, it_staff, existing_leaders, digital_transformation, m_and_a, leadership_budget; unknown question "q3"; questions: employees, product_driven, sector, revenue, stage, rd_intensity, engineers, technical_founder, security_needs, compliance, internal_systems, it_footprint, it_staff, existing_leaders, digital_transformation, m_and_a, leadership_budget; unknown question "q4"; questions: employees, product_driven, sector, revenue, stage, rd_intensity, engineers, technical_founder, security_needs, compliance, internal_systems, it_footprint, it_staff, existing_leaders, digital_transformation, m_and_a, leadership_budget (and 55 more problems)`, questionList("q", 50)},
		{"far too many answers", "/v1/advise", jsonCT, manyAnswers(3000), 422, `more than 67 answers, but the rules ask 17 questions; the answers to questions the rules do not ask include "q0"`, questionList("q", 50)},
		{"header injection", "/v1/advise?x%0d%0aSet-Cookie:%20a=b=1", jsonCT, `{}`, 400, `unknown query parameter "x\r\nSet-Cookie: a"; parameters: explain, what_if`, nil},
	}
	gzipped := httptest.NewRequest("POST", "/v1/advise", strings.NewReader("\x1f\x8b"))
	gzipped.Header.Set("Content-Type", jsonCT)
	gzipped.Header.Set("Content-Encoding", "gzip")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, gzipped)
	if e := decodeError(t, w); w.Code != 415 || e.Error.Message != `the Content-Encoding "gzip" is not accepted: send the body uncompressed` {
		t.Errorf("gzip: %d %q", w.Code, e.Error.Message)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := call(s, http.MethodPost, tt.target, tt.ct, tt.body)
			if w.Body.Len() > 64<<10 {
				t.Errorf("an error of %d bytes", w.Body.Len())
			}
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			e := decodeError(t, w)
			if e.Error.Message != tt.message {
				t.Errorf("message\n got %s\nwant %s", e.Error.Message, tt.message)
			}
			var got []string
			for _, p := range e.Error.Problems {
				got = append(got, p.Question)
				if p.Message == "" {
					t.Errorf("problem without a message: %+v", p)
				}
			}
			if !slices.Equal(got, tt.problems) {
				t.Errorf("problems for %q, want %q", got, tt.problems)
			}
			for k := range w.Header() {
				if strings.EqualFold(k, "Set-Cookie") {
					t.Errorf("a header came from the query string: %v", w.Header())
				}
			}
		})
	}
}

// manyAnswers is an answers object of n answers to unknown questions.
func manyAnswers(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"q%d": 1`, i)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// questionList is prefix0, prefix1... prefix<n-1>.
func questionList(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

// TestAllowed checks that problems list what their question allows.
func TestAllowed(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	w := call(s, http.MethodPost, "/v1/advise", jsonCT, `{"employees": "x", "product_driven": "x", "sector": "x", "nope": 1}`)
	e := decodeError(t, w)
	got := map[string]string{}
	for _, p := range e.Error.Problems {
		b, _ := json.Marshal(p.Allowed)
		got[p.Question] = string(b)
	}
	want := map[string]string{
		"nope":           `["employees","product_driven","sector","revenue","stage","rd_intensity","engineers","technical_founder","security_needs","compliance","internal_systems","it_footprint","it_staff","existing_leaders","digital_transformation","m_and_a","leadership_budget"]`,
		"employees":      `null`,
		"product_driven": `[true,false]`,
		"sector":         `["technology","finance","healthcare","manufacturing","retail","professional-services","public-sector","non-profit","other"]`,
	}
	for q, a := range want {
		if got[q] != a {
			t.Errorf("allowed for %s = %s, want %s", q, got[q], a)
		}
	}
}

// TestCharsets checks that UTF-8 is accepted under each of its usual
// names, and ASCII with it, and that no other charset is.
func TestCharsets(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	for cs, want := range map[string]int{
		"utf-8": 200, "UTF-8": 200, "utf8": 200, "UTF8": 200, "us-ascii": 200, `"utf-8"`: 200,
		"latin1": 415, "utf-16": 415, "utf_8": 415, "": 415,
	} {
		w := call(s, http.MethodPost, "/v1/advise", "application/json; charset="+cs, `{"employees": 40, "product_driven": true}`)
		if w.Code != want {
			t.Errorf("charset=%s: %d, want %d: %s", cs, w.Code, want, w.Body)
		}
	}
}

// TestAdvise checks the answer of POST /v1/advise and its parameters.
func TestAdvise(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	body := `{"employees": 40, "product_driven": "yes", "engineers": "12", "compliance": "soc2,hipaa", "sector": null}`
	var reports []map[string]any
	for _, target := range []string{"/v1/advise", "/v1/advise?what_if=false", "/v1/advise?explain=true&what_if=0"} {
		w := call(s, http.MethodPost, target, "application/json; charset=UTF-8", body)
		if w.Code != 200 || w.Header().Get("Content-Type") != jsonCT {
			t.Fatalf("%s: %d %s: %s", target, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		var r map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	full, noWhatIf, explained := reports[0], reports[1], reports[2]
	if full["schema"] != "orgadvisor/recommendation/v1" || full["recommendation"] == "" {
		t.Errorf("not a report: %v", full)
	}
	answers := full["answers"].(map[string]any)
	if answers["employees"] != 40.0 || answers["engineers"] != 12.0 || answers["sector"] != "other" || answers["product_driven"] != true {
		t.Errorf("answers = %v", answers)
	}
	if c := answers["compliance"].([]any); len(c) != 2 || c[0] != "soc2" || c[1] != "hipaa" {
		t.Errorf("compliance = %v", c)
	}
	if len(full["what_if"].([]any)) == 0 || len(noWhatIf["what_if"].([]any)) != 0 {
		t.Errorf("what_if: %d by default, %d with what_if=false", len(full["what_if"].([]any)), len(noWhatIf["what_if"].([]any)))
	}
	if _, ok := full["trace"]; ok {
		t.Error("a trace without explain")
	}
	if tr, ok := explained["trace"].([]any); !ok || len(tr) == 0 {
		t.Error("no trace with explain=true")
	}
	if full["recommendation"] != noWhatIf["recommendation"] || full["rules"].(map[string]any)["path"] != "embedded" {
		t.Errorf("recommendations differ or rules misnamed: %v / %v", full["recommendation"], full["rules"])
	}
}

// TestRoutes checks methods, unknown paths and path tricks: a JSON 404
// under /v1, a page elsewhere, a 405 with Allow for a wrong method.
func TestRoutes(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	tests := []struct {
		method, target string
		status         int
		ct, allow      string
	}{
		{"GET", "/v1/advise", 405, jsonCT, "OPTIONS, POST"},
		{"PUT", "/v1/advise", 405, jsonCT, "OPTIONS, POST"},
		{"TRACE", "/v1/questions", 405, jsonCT, "GET, HEAD, OPTIONS"},
		{"get", "/v1/questions", 405, jsonCT, "GET, HEAD, OPTIONS"},
		{"POST", "/", 405, "text/html; charset=utf-8", "GET, HEAD, OPTIONS"},
		{"DELETE", "/healthz", 405, jsonCT, "GET, HEAD, OPTIONS"},
		{"OPTIONS", "/v1/advise", 204, "", "OPTIONS, POST"},
		{"HEAD", "/v1/questions", 200, jsonCT, ""},
		{"GET", "/v1/nope", 404, jsonCT, ""},
		{"GET", "/v1", 404, jsonCT, ""},
		{"GET", "/v1/", 404, jsonCT, ""},
		{"GET", "/v1/questions/", 404, jsonCT, ""},
		{"GET", "//v1/questions", 404, "text/html; charset=utf-8", ""},
		{"GET", "/v1/../v1/questions", 404, jsonCT, ""},
		{"GET", "/v1/./questions", 404, jsonCT, ""},
		{"GET", "/v1%2Fquestions", 404, jsonCT, ""},
		{"GET", "/V1/questions", 404, "text/html; charset=utf-8", ""},
		{"GET", "/assets/../server.go", 404, "text/html; charset=utf-8", ""},
		{"GET", "/assets/", 404, "text/html; charset=utf-8", ""},
		{"GET", "/assets/nope.js", 404, "text/html; charset=utf-8", ""},
		{"GET", "/nope", 404, "text/html; charset=utf-8", ""},
		{"GET", "*", 404, "text/html; charset=utf-8", ""},
	}
	for _, tt := range tests {
		w := call(s, tt.method, tt.target, "", "")
		if w.Code != tt.status || w.Header().Get("Content-Type") != tt.ct || w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d %q Allow %q, want %d %q Allow %q", tt.method, tt.target, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Allow"), tt.status, tt.ct, tt.allow)
			continue
		}
		if tt.ct == jsonCT && tt.status >= 400 {
			decodeError(t, w)
		}
		if tt.status >= 400 && !strings.Contains(w.Body.String(), map[int]string{404: "no such", 405: "is not allowed"}[tt.status]) {
			t.Errorf("%s %s: the body does not say why: %s", tt.method, tt.target, w.Body)
		}
	}
	// A path from the request is shown escaped and short in the error.
	w := call(s, "GET", "/v1/"+strings.Repeat("a", 500)+"%3Cscript%3E", "", "")
	if e := decodeError(t, w); len(e.Error.Message) > 300 || strings.Contains(e.Error.Message, "<script>") {
		t.Errorf("404 message too long or raw: %s", e.Error.Message)
	}
	w = call(s, "GET", "/%3Cscript%3Ealert(1)%3C/script%3E", "", "")
	if strings.Contains(w.Body.String(), "<script>alert") || !strings.Contains(w.Body.String(), "&#34;/%3Cscript%3Ealert(1)%3C/script%3E&#34;") {
		t.Errorf("the 404 page does not show the path as sent, escaped: %s", w.Body)
	}
	// The path as sent, not decoded: decoded, these are paths that exist.
	for _, sent := range []string{"/v1%2Fadvise", "/%68ealthz", "/v1/%71uestions"} {
		w = call(s, "GET", sent, "", "")
		if e := decodeError(t, w); !strings.HasPrefix(e.Error.Message, "no such endpoint \""+sent+"\"") {
			t.Errorf("GET %s: %s", sent, e.Error.Message)
		}
	}
}

// errorContentType is the type of a path's errors: JSON for the API and
// the machine-read documents, text for the Markdown download, a page
// elsewhere.
func errorContentType(path string) string {
	switch {
	case strings.HasPrefix(path, "/v1/") || path == "/openapi.json" || path == "/healthz" || path == "/advice.json":
		return jsonCT
	case path == "/advice.md":
		return "text/plain; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// errorText is the text of an error answer in any of its forms: the
// message of JSON, a page's text unescaped, plain text as it is.
func errorText(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	switch w.Header().Get("Content-Type") {
	case jsonCT:
		return decodeError(t, w).Error.Message
	case "text/html; charset=utf-8":
		return html.UnescapeString(w.Body.String())
	}
	return w.Body.String()
}

// TestUnknownQueryParameters checks that every path of the route table
// refuses a query parameter it does not take, naming it, in the form of
// its other errors: a 400 where the query string is parameters, a 422
// where it is answers (an unknown question, in words on a page). Before,
// /healthz and the assets ignored theirs and answered 200.
func TestUnknownQueryParameters(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	answers := map[string]string{"/": `"zz" is not one of the questions`, "/advice": `"zz" is not one of the questions`, "/advice.json": `unknown question "zz"`, "/advice.md": `unknown question "zz"`}
	for _, path := range sortedKeys(s.routes) {
		method := "GET"
		if _, ok := s.routes[path].methods["POST"]; ok {
			method = "POST"
		}
		w := call(s, method, path+"?zz=1", jsonCT, `{"employees": 40, "product_driven": true}`)
		status, want := 400, `unknown query parameter "zz"`
		if unknown, ok := answers[path]; ok {
			status, want = 422, unknown
		}
		if w.Code != status || !strings.Contains(errorText(t, w), want) {
			t.Errorf("%s %s?zz=1: %d, want %d saying %s\n%s", method, path, w.Code, status, want, w.Body)
		}
		if got, want := w.Header().Get("Content-Type"), errorContentType(path); got != want {
			t.Errorf("%s %s?zz=1: Content-Type %q, want %q", method, path, got, want)
		}
	}
	for target, want := range map[string]string{
		"/healthz?x=1":          `unknown query parameter "x": /healthz takes no parameters`,
		"/healthz?%zz":          `the query string is not valid: invalid URL escape "%zz"`,
		"/assets/style.css?x=1": `unknown query parameter "x"; parameters: v`,
		"/favicon.ico?v=1&y=2":  `unknown query parameter "y"; parameters: v`,
	} {
		if w := call(s, "GET", target, "", ""); w.Code != 400 || !strings.Contains(errorText(t, w), want) {
			t.Errorf("%s: %d, want 400 saying %s\n%s", target, w.Code, want, w.Body)
		}
	}
	// The pages link to the assets with ?v=, which is any version: a page
	// kept from an older server still gets its styles.
	if w := call(s, "GET", "/assets/style.css?v=old", "", ""); w.Code != 200 {
		t.Errorf("an asset with an old version: %d", w.Code)
	}
}

// TestHeaders checks the security headers on every kind of response, and
// that embedding and CORS are off unless set.
func TestHeaders(t *testing.T) {
	t.Parallel()
	plain := testServer(t, nil)
	open := testServer(t, func(c *Config) {
		c.EmbedOrigins = []string{"https://www.example.org"}
		c.CORSOrigins = []string{"https://app.example.org"}
	})
	for _, target := range []string{"/", "/v1/questions", "/nope", "/assets/style.css", "/healthz"} {
		w := call(plain, "GET", target, "", "")
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(csp, "frame-ancestors 'none'") ||
			!strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", target, h)
		}
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: CORS without --cors-origin", target)
		}
	}
	w := call(open, "GET", "/", "", "")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors https://www.example.org") || w.Header().Get("X-Frame-Options") != "" {
		t.Errorf("embedding allowed: %v", w.Header())
	}
	req := httptest.NewRequest("OPTIONS", "/v1/advise", nil)
	req.Header.Set("Origin", "https://app.example.org")
	req.Header.Set("Access-Control-Request-Method", "POST")
	rec := httptest.NewRecorder()
	open.ServeHTTP(rec, req)
	if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" || rec.Header().Get("Access-Control-Allow-Headers") != "Content-Type" {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	for origin, want := range map[string]string{"https://app.example.org": "https://app.example.org", "https://evil.example": ""} {
		req = httptest.NewRequest("POST", "/v1/advise?what_if=false", strings.NewReader(`{"employees": 4, "product_driven": false}`))
		req.Header.Set("Content-Type", jsonCT)
		req.Header.Set("Origin", origin)
		rec = httptest.NewRecorder()
		open.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != want || rec.Header().Get("Vary") != "Origin" {
			t.Errorf("origin %s: %d %v", origin, rec.Code, rec.Header())
		}
	}
}

// TestParseOrigins checks --embed-origin's and --cors-origin's lists: each
// origin as a browser sends it (so that it matches), nothing that could
// change a header's meaning, and "*" for CORS alone.
func TestParseOrigins(t *testing.T) {
	t.Parallel()
	got, err := ParseCORSOrigins("https://Example.org, http://localhost:3000 *")
	if err != nil || strings.Join(got, " ") != "https://example.org http://localhost:3000 *" {
		t.Errorf("ParseCORSOrigins = %q, %v", got, err)
	}
	for in, want := range map[string]string{
		"https://Example.org:443":             "https://example.org",
		"http://example.org:80":               "http://example.org",
		"https://example.org:80":              "https://example.org:80",
		"https://bücher.example":              "https://xn--bcher-kva.example",
		"http://[::1]:3000":                   "http://[::1]:3000",
		"http://127.0.0.1:3000":               "http://127.0.0.1:3000",
		"https://a.example,https://b.example": "https://a.example https://b.example",
	} {
		for _, parse := range []func(string) ([]string, error){ParseOrigins, ParseCORSOrigins} {
			if got, err := parse(in); err != nil || strings.Join(got, " ") != want {
				t.Errorf("%q: %q, %v; want %q", in, got, err, want)
			}
		}
	}
	for _, bad := range []string{"example.org", "https://example.org/", "https://example.org/path", "ftp://example.org", "https://", "https://a.org?x", "https://a.org#x", "https://user@a.org", "https://a.org;script-src", "javascript:alert(1)", "https://a.org'",
		"https://a.org:99999", "https://a.org:0", "https://a.org:", "https://*.example.org", "https://a.org\r\nX-Evil:", "https://a_b.org", "null"} {
		for _, parse := range []func(string) ([]string, error){ParseOrigins, ParseCORSOrigins} {
			if _, err := parse(bad); err == nil || !strings.Contains(err.Error(), "is not a web origin") {
				t.Errorf("%q = %v, want an error", bad, err)
			}
		}
	}
	for _, any := range []string{"*", "https://example.org,*"} {
		if _, err := ParseOrigins(any); err == nil || err.Error() != `"*" would let every website frame the pages: name the websites, such as https://example.org` {
			t.Errorf("embed origins %q: %v", any, err)
		}
	}
	if _, err := New(Config{Rules: testServer(t, nil).rs, EmbedOrigins: []string{"*"}}); err == nil {
		t.Error(`New took "*" as an embed origin`)
	}
}

// TestHosts checks that the server answers only to the names it is
// reached by: IP addresses, localhost and the names it is given. A web
// page that rebinds its own name to this machine's address (DNS
// rebinding) sends that name, and is refused before anything is read.
func TestHosts(t *testing.T) {
	t.Parallel()
	rs := testServer(t, nil).rs
	server := func(hosts ...string) *Server {
		s, err := New(Config{Rules: rs, Hosts: hosts})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	local, named, anyName := server(), server("Advisor.example.org, bücher.example"), server("*")
	tests := []struct {
		host                  string
		local, named, anyName bool
	}{
		{"127.0.0.1:8080", true, true, true},
		{"127.0.0.1", true, true, true},
		{"[::1]:8080", true, true, true},
		{"10.0.0.7", true, true, true},
		{"localhost:8080", true, true, true},
		{"LOCALHOST.", true, true, true},
		{"app.localhost:3000", true, true, true},
		{"", true, true, true},
		{"advisor.example.org", false, true, true},
		{"advisor.example.org:443", false, true, true},
		{"ADVISOR.EXAMPLE.ORG.", false, true, true},
		{"xn--bcher-kva.example", false, true, true},
		{"evil.example", false, false, true},
		{"evil.example:8080", false, false, true},
		{"127.0.0.1.nip.io", false, false, true},
		{"localhost.evil.example", false, false, true},
		{"example.org", false, false, true},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			name string
			s    *Server
			want bool
		}{{"local", local, tt.local}, {"named", named, tt.named}, {"any", anyName, tt.anyName}} {
			for _, target := range []string{"/v1/questions", "/"} {
				req := httptest.NewRequest("GET", target, nil)
				req.Host = tt.host
				w := httptest.NewRecorder()
				c.s.ServeHTTP(w, req)
				if got := w.Code == 200; got != c.want {
					t.Errorf("%s server, Host %q, %s: %d, want answered %t", c.name, tt.host, target, w.Code, c.want)
					continue
				}
				if c.want {
					continue
				}
				if w.Code != http.StatusMisdirectedRequest || !strings.Contains(w.Body.String(), "this server does not answer to the name") {
					t.Errorf("%s server, Host %q, %s: %d %s", c.name, tt.host, target, w.Code, w.Body)
				}
				if target == "/v1/questions" {
					decodeError(t, w)
				}
			}
		}
	}
	for _, bad := range []string{"https://advisor.example.org", "advisor.example.org:443", "a/b", "[::1]", "a_b.example"} {
		if _, err := ParseHosts(bad); err == nil || !strings.Contains(err.Error(), "is not a host name such as advisor.example.org") {
			t.Errorf("ParseHosts(%q) = %v", bad, err)
		}
		if _, err := New(Config{Rules: rs, Hosts: []string{bad}}); err == nil {
			t.Errorf("New took the host %q", bad)
		}
	}
}

// TestLimit checks that a request beyond Limits.MaxRequests gets a 503 at
// once, and that /healthz still answers.
func TestLimit(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) { c.Limits.MaxRequests = 1 })
	// A batch whose body never ends holds the one place.
	pr, pw := io.Pipe()
	defer pw.Close()
	req := httptest.NewRequest("POST", "/v1/batch", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	held := make(chan struct{})
	go func() {
		defer close(held)
		s.ServeHTTP(httptest.NewRecorder(), req)
	}()
	// Wait until the batch holds the place.
	if _, err := pw.Write([]byte(`{"employees": 3, "product_driven": false}` + "\n")); err != nil {
		t.Fatal(err)
	}
	w := call(s, "POST", "/v1/advise", jsonCT, `{"employees": 3, "product_driven": false}`)
	if w.Code != 503 || w.Header().Get("Retry-After") != "1" {
		t.Errorf("beyond the limit: %d %v", w.Code, w.Header())
	} else if e := decodeError(t, w); e.Error.Message != "the server is busy: 1 requests are being served; try again shortly" {
		t.Errorf("message %q", e.Error.Message)
	}
	if w := call(s, "GET", "/healthz", "", ""); w.Code != 200 {
		t.Errorf("healthz when busy: %d", w.Code)
	}
	pw.Close()
	<-held
	if w := call(s, "POST", "/v1/advise", jsonCT, `{"employees": 3, "product_driven": false}`); w.Code != 200 {
		t.Errorf("after the batch: %d %s", w.Code, w.Body)
	}
}

// TestBatchPlaces checks that batches, which hold their place as long as
// their body keeps coming, take at most a quarter of the places: slow ones
// cannot keep the advice and the form answering 503.
func TestBatchPlaces(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) { c.Limits.MaxRequests = 8 })
	if n := s.cfg.Limits.BatchPlaces(); n != 2 {
		t.Fatalf("BatchPlaces = %d, want 2", n)
	}
	var writers []*io.PipeWriter
	var held []chan struct{}
	for range 2 {
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		req := httptest.NewRequest("POST", "/v1/batch", pr)
		req.Header.Set("Content-Type", "application/x-ndjson")
		done := make(chan struct{})
		held = append(held, done)
		go func() {
			defer close(done)
			s.ServeHTTP(httptest.NewRecorder(), req)
		}()
		// The batch holds its places once it reads.
		if _, err := pw.Write([]byte(`{"employees": 3, "product_driven": false}` + "\n")); err != nil {
			t.Fatal(err)
		}
	}
	w := call(s, "POST", "/v1/batch", "application/x-ndjson", `{"employees": 3, "product_driven": false}`)
	if w.Code != 503 || w.Header().Get("Retry-After") != "1" {
		t.Errorf("a third batch: %d %v", w.Code, w.Header())
	} else if e := decodeError(t, w); e.Error.Message != "the server is busy: 2 batches are being served; try again shortly" {
		t.Errorf("message %q", e.Error.Message)
	}
	if w := call(s, "POST", "/v1/advise?what_if=false", jsonCT, `{"employees": 3, "product_driven": false}`); w.Code != 200 {
		t.Errorf("advice beside the batches: %d", w.Code)
	}
	for i, pw := range writers {
		pw.Close()
		<-held[i]
	}
	if w := call(s, "POST", "/v1/batch", "application/x-ndjson", `{"employees": 3, "product_driven": false}`); w.Code != 200 {
		t.Errorf("a batch after the others: %d %s", w.Code, w.Body)
	}
}

// TestPanic checks that a panic in a handler is a 500 in the error shape,
// logged, and not a dropped connection.
func TestPanic(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	s := testServer(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logged, nil)) })
	s.routes["/v1/advise"].methods["POST"] = func(http.ResponseWriter, *http.Request) { panic("boom") }
	w := call(s, "POST", "/v1/advise", jsonCT, `{}`)
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	if e := decodeError(t, w); e.Error.Message != "internal error: the server could not answer this request" {
		t.Errorf("message %q", e.Error.Message)
	}
	if !strings.Contains(logged.String(), "msg=panic") || !strings.Contains(logged.String(), "error=boom") || !strings.Contains(logged.String(), "status=500") {
		t.Errorf("log:\n%s", logged.String())
	}
}

// TestRequestLog checks the one line per request: method, path, status,
// duration, as text or JSON.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	var logged bytes.Buffer
	s := testServer(t, func(c *Config) { c.Logger = slog.New(slog.NewJSONHandler(&logged, nil)) })
	call(s, "POST", "/v1/advise?what_if=false&secret=1", jsonCT, `{"employees": 3, "product_driven": false}`)
	call(s, "GET", "/nope%0Alevel=ERROR", "", "")
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), logged.String())
	}
	var first, second map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first["msg"] != "request" || first["method"] != "POST" || first["path"] != "/v1/advise" || first["status"] != 400.0 || first["duration"] == nil {
		t.Errorf("first line: %v", first)
	}
	if second["path"] != "/nope\nlevel=ERROR" || second["status"] != 404.0 || second["level"] != "INFO" {
		t.Errorf("second line: %v", second)
	}
}

// TestRulesPathNotShown checks that no response names the directories of
// the rules file the server was started with, only its file name: a path
// such as /home/alice/... tells every client who runs the server and how
// its disk is laid out.
func TestRulesPathNotShown(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "home", "alice")
	s := testServer(t, func(c *Config) { c.RulesName = filepath.Join(dir, "clients", "acme-rules.yaml") })
	answers := "employees=40&product_driven=true"
	for _, tc := range []struct{ method, target, body string }{
		{"GET", "/healthz", ""},
		{"GET", "/v1/questions", ""},
		{"GET", "/openapi.json", ""},
		{"POST", "/v1/advise?explain=true", `{"employees": 40, "product_driven": true}`},
		{"GET", "/advice?" + answers, ""},
		{"GET", "/advice.json?" + answers, ""},
		{"GET", "/advice.md?" + answers, ""},
	} {
		w := call(s, tc.method, tc.target, jsonCT, tc.body)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "acme-rules.yaml") || strings.Contains(w.Body.String(), dir) {
			t.Errorf("%s %s: %d, names the rules %t, shows their directory %t", tc.method, tc.target, w.Code,
				strings.Contains(w.Body.String(), "acme-rules.yaml"), strings.Contains(w.Body.String(), dir))
		}
	}
}

// TestDocuments checks GET /v1/questions, /v1/roles and /healthz.
func TestDocuments(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	w := call(s, "GET", "/v1/questions", "", "")
	var q struct {
		Schema    string
		Questions []struct{ ID, Flag, Env string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &q); err != nil || w.Code != 200 || q.Schema != "orgadvisor/questions/v1" || len(q.Questions) != len(s.rs.Questions) || q.Questions[0].Env != "ORGADVISOR_EMPLOYEES" {
		t.Errorf("questions: %d %v %+v", w.Code, err, q)
	}
	for target, want := range map[string]string{
		"/v1/questions?x=1": `unknown query parameter "x": /v1/questions takes no parameters`,
		"/openapi.json?v=3": `unknown query parameter "v": /openapi.json takes no parameters`,
		"/v1/questions?%zz": `the query string is not valid: invalid URL escape "%zz"`,
	} {
		if w := call(s, "GET", target, "", ""); w.Code != 400 {
			t.Errorf("%s: %d", target, w.Code)
		} else if e := decodeError(t, w); e.Error.Message != want {
			t.Errorf("%s: %q, want %q", target, e.Error.Message, want)
		}
	}
	for target, want := range map[string]string{"/v1/roles": "cto cio vcto vcio", "/v1/roles?role=vcio": "vcio", "/v1/roles?role=cto,vcto": "cto vcto", "/v1/roles?role=cio&role=VCIO": "cio vcio"} {
		w := call(s, "GET", target, "", "")
		var g struct{ Roles []struct{ ID string } }
		if err := json.Unmarshal(w.Body.Bytes(), &g); err != nil || w.Code != 200 {
			t.Errorf("%s: %d %v", target, w.Code, err)
			continue
		}
		var ids []string
		for _, r := range g.Roles {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, " ") != want {
			t.Errorf("%s: roles %v, want %s", target, ids, want)
		}
	}
	for target, want := range map[string]string{
		"/v1/roles?role=ceo":                          `query parameter role: unknown role "ceo"; roles: cto, cio, vcto, vcio`,
		"/v1/roles?roles=cto":                         `unknown query parameter "roles"; parameters: role`,
		"/v1/roles?role=" + strings.Repeat("cto,", 5): "too many roles: at most 4",
	} {
		w := call(s, "GET", target, "", "")
		if w.Code != 400 {
			t.Errorf("%s: %d", target, w.Code)
		} else if e := decodeError(t, w); e.Error.Message != want {
			t.Errorf("%s: %q, want %q", target, e.Error.Message, want)
		}
	}
	w = call(s, "GET", "/healthz", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"status":"ok"`) || !strings.Contains(w.Body.String(), s.rs.Digest) {
		t.Errorf("healthz: %d %s", w.Code, w.Body)
	}
}

// TestApplicable checks which questions apply as answers change, as the
// page's script asks.
func TestApplicable(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	skipped := func(body string) []string {
		t.Helper()
		w := call(s, "POST", "/v1/applicable", jsonCT, body)
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body)
		}
		var a Applicable
		if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		if len(a.Applicable)+len(a.Skipped) != len(s.rs.Questions) {
			t.Errorf("%s: %d + %d questions", body, len(a.Applicable), len(a.Skipped))
		}
		return a.Skipped
	}
	if got := skipped(`{}`); !slices.Equal(got, []string{"engineers", "technical_founder"}) {
		t.Errorf("nothing answered: skipped %v", got)
	}
	if got := skipped(`{"product_driven": true}`); len(got) != 0 {
		t.Errorf("product-driven: skipped %v", got)
	}
	if got := skipped(`{"product_driven": false, "rd_intensity": "core"}`); len(got) != 0 {
		t.Errorf("research: skipped %v", got)
	}
	w := call(s, "POST", "/v1/applicable", jsonCT, `{"product_driven": "sometimes"}`)
	if w.Code != 422 {
		t.Errorf("a bad answer: %d", w.Code)
	}
	if w := call(s, "POST", "/v1/applicable", "text/plain", `{}`); w.Code != 415 {
		t.Errorf("text: %d", w.Code)
	}
}

// TestLargeBodiesCostLittleMemory checks that a body at the size limit
// costs memory in proportion to its size, not to what it holds: a hundred
// thousand answers to no question cost 131 MB, and a list of half a
// million numbers 55 MB, for 1 MiB. Not parallel: it reads the process's
// allocation count.
func TestLargeBodiesCostLittleMemory(t *testing.T) {
	s := testServer(t, nil)
	for name, body := range map[string]string{
		"unknown answers":   manyAnswers(70000),
		"a long list":       `{"employees": [` + strings.Repeat("1,", 500000) + `1]}`,
		"a list of objects": `{"employees": [` + strings.Repeat("{},", 340000) + `{}]}`,
		"an object":         `{"employees": {` + strings.Repeat(`"k": 1,`, 140000) + `"k": 1}}`,
	} {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		w := call(s, "POST", "/v1/advise", jsonCT, body)
		runtime.ReadMemStats(&after)
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %s", name, w.Code, w.Body)
		}
		if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(16*len(body)); got > limit {
			t.Errorf("%s: a %d KB body allocated %d MB, want at most %d MB", name, len(body)>>10, got>>20, limit>>20)
		}
	}
}
