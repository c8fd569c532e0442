package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmd/root"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/server"
)

// newServer is a server of the embedded rules, as `orgadvisor serve`
// starts it.
func newServer(t testing.TB) *server.Server {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	// httptest's requests are for example.com.
	s, err := server.New(server.Config{Rules: rs, RulesName: "embedded", Version: "test", Hosts: []string{"example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cli runs orgadvisor's command tree in process, with the embedded rules,
// no configuration and stdin as given, and returns what it prints.
func cli(t testing.TB, stdin string, args ...string) string {
	t.Helper()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	f, streams := cmdtest.Factory(rs, "")
	streams.In.WriteString(stdin)
	cmd := root.NewCmdRoot(f)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("orgadvisor %s: %v\n%s", strings.Join(args, " "), err, streams.ErrOut)
	}
	return streams.Out.String()
}

func fetch(t *testing.T, s http.Handler, method, target, ct, body string) string {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body)
	}
	return w.Body.String()
}

// TestSameAsCLI checks that the API gives byte for byte what the command
// line prints for the same answers: advise -o json (what-if and --explain
// included), questions -o json, roles -o json and batch.
func TestSameAsCLI(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, tc := range []struct {
		body, target string
		flags        []string
	}{
		{`{"employees": 40, "product_driven": true, "engineers": 6, "compliance": ["soc2", "hipaa"]}`, "/v1/advise",
			[]string{"--employees", "40", "--product-driven", "--engineers", "6", "--compliance", "soc2,hipaa"}},
		{`{"employees": 1200, "product_driven": false, "sector": "healthcare", "it_staff": "team", "existing_leaders": ["it-director"]}`, "/v1/advise?explain=true",
			[]string{"--employees", "1200", "--product-driven=false", "--sector", "healthcare", "--it-staff", "team", "--existing-leaders", "it-director", "--explain"}},
		{`{"employees": 8, "product_driven": "no", "engineers": 3}`, "/v1/advise",
			[]string{"--employees", "8", "--product-driven=no", "--engineers", "3"}},
	} {
		// The server writes compact JSON; indented, it is the CLI's.
		var got bytes.Buffer
		if err := json.Indent(&got, []byte(fetch(t, s, "POST", tc.target, "application/json", tc.body)), "", "  "); err != nil {
			t.Fatal(err)
		}
		want := cli(t, "", append([]string{"advise", "-o", "json"}, tc.flags...)...)
		if got.String() != want {
			t.Errorf("POST %s %s differs from advise %s", tc.target, tc.body, strings.Join(tc.flags, " "))
		}
	}
	if got, want := fetch(t, s, "GET", "/v1/questions", "", ""), cli(t, "", "questions", "-o", "json"); got != want {
		t.Error("GET /v1/questions differs from questions -o json")
	}
	if got, want := fetch(t, s, "GET", "/v1/roles", "", ""), cli(t, "", "roles", "-o", "json"); got != want {
		t.Error("GET /v1/roles differs from roles -o json")
	}
	if got, want := fetch(t, s, "GET", "/v1/roles?role=vcto", "", ""), cli(t, "", "roles", "vcto", "-o", "json"); got != want {
		t.Error("GET /v1/roles?role=vcto differs from roles vcto -o json")
	}
	records := `{"id": "a", "employees": 40, "product_driven": true}
{"id": "b", "employees": "many"}
{"id": "c", "employees": 3000, "product_driven": false, "compliance": "soc2;gdpr"}
`
	for _, whatIf := range []bool{false, true} {
		target, args := "/v1/batch", []string{"batch"}
		if whatIf {
			target, args = target+"?what_if=true", append(args, "--what-if")
		}
		got := fetch(t, s, "POST", target, "application/x-ndjson", records)
		rs, _ := orgadvisor.DefaultRules()
		f, streams := cmdtest.Factory(rs, "")
		streams.In.WriteString(records)
		cmd := root.NewCmdRoot(f)
		cmd.SetArgs(args)
		_ = cmd.Execute() // a failed record: exit 1
		if want := streams.Out.String(); got != want || !bytes.Contains([]byte(got), []byte(`"error"`)) {
			t.Errorf("POST %s differs from %v:\n%s\n%s", target, args, got, want)
		}
	}
}
