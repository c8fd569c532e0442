package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

// loadOpenAPI fetches GET /openapi.json and validates it with
// kin-openapi, as an OpenAPI 3.1 document whose defaults fit their schemas.
func loadOpenAPI(t *testing.T, s *Server) *openapi3.T {
	t.Helper()
	w := call(s, "GET", "/openapi.json", "", "")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %d %v", w.Code, w.Header())
	}
	doc, err := openapi3.NewLoader().LoadFromData(w.Body.Bytes())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableMultiError(), openapi3.EnableSchemaDefaultsValidation(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("the document is not valid OpenAPI 3.1: %v", err)
	}
	return doc
}

// TestOpenAPIFromRules checks that the document is valid and generated
// from the active rules: one request property per question, with its
// type, bounds, options and default, the required ones required.
func TestOpenAPIFromRules(t *testing.T) {
	t.Parallel()
	for _, s := range []*Server{testServer(t, nil), testServer(t, func(c *Config) { c.Rules, c.RulesName = rulestest.SmallRules(t), "small.yaml" })} {
		doc := loadOpenAPI(t, s)
		answers := doc.Components.Schemas["Answers"].Value
		var required []string
		for _, q := range s.rs.Questions {
			p := answers.Properties[q.ID]
			if p == nil {
				t.Errorf("%s: no property for question %s", s.cfg.RulesName, q.ID)
				continue
			}
			want := map[rules.Kind]string{rules.KindBool: "boolean", rules.KindInt: "integer", rules.KindOption: "string", rules.KindOptions: "array"}[q.Kind()]
			if !p.Value.Type.Is(want) || p.Value.Title != q.Prompt {
				t.Errorf("%s: %s is %v %q, want %s %q", s.cfg.RulesName, q.ID, p.Value.Type, p.Value.Title, want, q.Prompt)
			}
			if q.Kind() == rules.KindOption && len(p.Value.Enum) != len(q.Options) {
				t.Errorf("%s: %s enum %v", s.cfg.RulesName, q.ID, p.Value.Enum)
			}
			if q.Min != nil && (p.Value.Min == nil || *p.Value.Min != float64(*q.Min)) {
				t.Errorf("%s: %s minimum %v", s.cfg.RulesName, q.ID, p.Value.Min)
			}
			if q.Required {
				required = append(required, q.ID)
			}
		}
		if !slices.Equal(answers.Required, required) || len(answers.Properties) != len(s.rs.Questions) {
			t.Errorf("%s: required %v, want %v", s.cfg.RulesName, answers.Required, required)
		}
		roles := doc.Components.Schemas["Recommendation"].Value.Properties["roles"].Value
		for _, r := range s.rs.Roles {
			if roles.Properties[r.ID] == nil {
				t.Errorf("%s: no role %s in the recommendation", s.cfg.RulesName, r.ID)
			}
		}
	}
}

// TestOpenAPIContract sends real requests to the server and checks them
// and the answers against the document with kin-openapi's validator: the
// document describes what the server does.
func TestOpenAPIContract(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	doc := loadOpenAPI(t, s)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, target, ct, body string
		status                   int
		validRequest             bool
	}{
		{"POST", "/v1/advise", jsonCT, `{"employees": 40, "product_driven": true, "engineers": 6, "compliance": ["soc2", "hipaa"]}`, 200, true},
		{"POST", "/v1/advise?what_if=false&explain=true", jsonCT, `{"employees": 2000, "product_driven": false, "it_staff": "team", "existing_leaders": ["cio"]}`, 200, true},
		{"POST", "/v1/advise", jsonCT, `{"employees": 40}`, 422, false},
		{"POST", "/v1/advise", jsonCT, `{"employees": 40, "product_driven": true, "colour": "red"}`, 422, false},
		{"POST", "/v1/advise", jsonCT, `{"employees": "many"}`, 422, false},
		{"POST", "/v1/advise", jsonCT, `{"employees": 40,`, 400, false},
		{"POST", "/v1/advise", "text/plain", `{}`, 415, false},
		{"POST", "/v1/advise", jsonCT, `{"sector": "` + strings.Repeat("x", 1<<20) + `"}`, 413, false},
		{"POST", "/v1/applicable", jsonCT, `{"product_driven": true}`, 200, true},
		{"GET", "/v1/questions", "", "", 200, true},
		{"GET", "/v1/roles", "", "", 200, true},
		{"GET", "/v1/roles?role=cto&role=vcio", "", "", 200, true},
		{"GET", "/healthz", "", "", 200, true},
		{"GET", "/openapi.json", "", "", 200, true},
		// The document does not list every parameter an endpoint does not
		// take, but it does list the 400 that refuses one.
		{"GET", "/healthz?x=1", "", "", 400, true},
		{"GET", "/openapi.json?x=1", "", "", 400, true},
		{"GET", "/v1/questions?x=1", "", "", 400, true},
	}
	ctx := context.Background()
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
		if tt.ct != "" {
			req.Header.Set("Content-Type", tt.ct)
		}
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("%s %s: not in the document: %v", tt.method, tt.target, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{MultiError: true}}
		err = openapi3filter.ValidateRequest(ctx, in)
		if tt.validRequest != (err == nil) {
			t.Errorf("%s %s %.60s: the document calls the request valid: %t (%v)", tt.method, tt.target, tt.body, err == nil, err)
		}
		// The validator read the body: send it again.
		req.Body = io.NopCloser(strings.NewReader(tt.body))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != tt.status {
			t.Errorf("%s %s: %d, want %d: %s", tt.method, tt.target, w.Code, tt.status, w.Body)
			continue
		}
		if err := validateResponse(ctx, in, w); err != nil {
			t.Errorf("%s %s: the answer does not fit the document: %v", tt.method, tt.target, err)
		}
	}
	// The check can fail: a report with a wrong field does not fit.
	req := httptest.NewRequest("POST", "/v1/advise", strings.NewReader(`{"employees": 4, "product_driven": false}`))
	req.Header.Set("Content-Type", jsonCT)
	route, params, _ := router.FindRoute(req)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	broken := bytes.Replace(w.Body.Bytes(), []byte(`"level":"none"`), []byte(`"level":"half"`), 1)
	w.Body = bytes.NewBuffer(broken)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
	if err := validateResponse(ctx, in, w); err == nil || !strings.Contains(err.Error(), "half") {
		t.Errorf("a level the schema does not allow passed: %v", err)
	}
}

func validateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, w *httptest.ResponseRecorder) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: w.Code, Header: w.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(w.Body.Bytes())
	return openapi3filter.ValidateResponse(ctx, out)
}

// TestOpenAPIStable checks that the document is the same bytes each time,
// so that it can be cached and compared.
func TestOpenAPIStable(t *testing.T) {
	t.Parallel()
	rs := testServer(t, nil).rs
	a, err := OpenAPI(rs, "embedded", "1", DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := OpenAPI(rs, "embedded", "1", DefaultLimits())
	var doc map[string]any
	if !bytes.Equal(a, b) || json.Unmarshal(a, &doc) != nil || doc["openapi"] != "3.1.0" {
		t.Error("the document changes from one build to the next, or is not JSON")
	}
	if !strings.Contains(string(a), "at most 1.0 MiB") {
		t.Error("the document does not state the body limit")
	}
}
