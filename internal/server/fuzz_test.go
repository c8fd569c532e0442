package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"unicode/utf8"
)

// FuzzAdviseBody sends arbitrary bodies to POST /v1/advise (without the
// what-if search, to try more of them) and to /v1/applicable. The server
// must never panic; it answers 200 with a report, or 400, 413 or 422 with
// one error in the one shape: a one-line message in valid UTF-8, problems
// by question id.
func FuzzAdviseBody(f *testing.F) {
	s := testServer(f, func(c *Config) { c.Limits.MaxBody = 4096 })
	for _, seed := range []string{
		`{"employees": 40, "product_driven": true, "compliance": ["soc2", "hipaa"]}`,
		`{"employees": "40", "product_driven": "yes", "compliance": "soc2,hipaa", "sector": null}`,
		`{"employees": 1e400, "product_driven": 1}`, `{"employees": -0.0, "engineers": 123456789012345678901234567890}`,
		`{"employees": 40, "employees": 41}`, `{"nope": 1}`, `{"": 1}`, `[]`, `null`, `"x"`, `{`, ``, "\ufeff{}",
		`{"a": "\ud83d\ude00\/"}`, `{"a": "\ud800"}`, "{\"sector\": \"caf\xe9\"}", `{"employees": [[[[1]]]], "sector": {"a": 1}}`,
		`{"existing_leaders": ["cto", "cto", "none", ""]}`, `{} {}`, "{\"employees\":\t40\r\n}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range []string{"/v1/advise?what_if=false", "/v1/applicable"} {
			req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			switch w.Code {
			case http.StatusOK:
				if !json.Valid(w.Body.Bytes()) {
					t.Fatalf("%s: 200 with invalid JSON: %q", target, w.Body)
				}
			case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
				var e ErrorBody
				dec := json.NewDecoder(w.Body)
				dec.DisallowUnknownFields()
				if err := dec.Decode(&e); err != nil {
					t.Fatalf("%s: %d not in the error shape: %v", target, w.Code, err)
				}
				if e.Error.Message == "" || bytes.ContainsAny([]byte(e.Error.Message), "\n\r") || !utf8.ValidString(e.Error.Message) || e.Error.Problems == nil {
					t.Fatalf("%s: bad message %q", target, e.Error.Message)
				}
				for _, p := range e.Error.Problems {
					if p.Message == "" {
						t.Fatalf("%s: a problem without a message: %+v", target, p)
					}
				}
				if w.Code == http.StatusUnprocessableEntity && len(e.Error.Problems) == 0 && json.Valid(body) {
					// A 422 names the answers at fault, unless a rule failed.
					t.Logf("422 without problems: %s", e.Error.Message)
				}
			default:
				t.Fatalf("%s: status %d for %q: %s", target, w.Code, body, w.Body)
			}
		}
	})
}
