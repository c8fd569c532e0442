package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

// connect starts a server on rs and a client connected to it through the
// SDK's in-memory transport.
func connect(t *testing.T, rs *rules.Ruleset) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	srv := New(rs, Options{RulesName: rulestest.SmallRulesName, Version: "1.2.3"})
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

func call(t *testing.T, cs *mcp.ClientSession, name string, args any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// textOf is the text of a result of one text block.
func textOf(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	texts := textsOf(t, res)
	if len(texts) != 1 {
		t.Fatalf("content = %d blocks, want 1", len(texts))
	}
	return texts[0]
}

// textsOf is the text of each block of a result, all text.
func textsOf(t *testing.T, res *mcp.CallToolResult) []string {
	t.Helper()
	var texts []string
	for _, c := range res.Content {
		tc, ok := c.(*mcp.TextContent)
		if !ok {
			t.Fatalf("content is %T, want text", c)
		}
		texts = append(texts, tc.Text)
	}
	return texts
}

// structured re-encodes the structured content as the command line writes
// JSON, so that it compares with the CLI's bytes.
func structured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	data, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("structured content is not an object: %s", data)
	}
	return m
}

func decoded(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestListTools(t *testing.T) {
	t.Parallel()
	cs := connect(t, rulestest.SmallRules(t))
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if tool.Description == "" || tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("%s: description %q, annotations %+v", tool.Name, tool.Description, tool.Annotations)
		}
	}
	if want := []string{ToolAdvise, ToolQuestions, ToolRoles}; !reflect.DeepEqual(names, want) {
		t.Errorf("tools = %v, want %v", names, want)
	}
}

// compile compiles a tool's input schema as the client received it; the
// compiler checks it against the JSON Schema 2020-12 meta-schema first.
func compile(t *testing.T, cs *mcp.ClientSession, name string) (*jsonschema.Schema, map[string]any) {
	t.Helper()
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range res.Tools {
		if tool.Name != name {
			continue
		}
		data, err := json.Marshal(tool.InputSchema)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource(name+".json", doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(name + ".json")
		if err != nil {
			t.Fatalf("%s: input schema does not compile: %v", name, err)
		}
		return sch, decoded(t, data)
	}
	t.Fatalf("no tool %q", name)
	return nil, nil
}

func TestInputSchemas(t *testing.T) {
	t.Parallel()
	cs := connect(t, rulestest.SmallRules(t))
	tests := []struct {
		tool string
		args string
		ok   bool
	}{
		{ToolAdvise, `{"answers": {"team_size": 20, "builds_software": true}}`, true},
		{ToolAdvise, `{"answers": {"team_size": 20, "builds_software": false, "phase": "growth", "regimes": ["gdpr", "pci"], "devs": 0}, "what_if": false, "explain": true}`, true},
		{ToolAdvise, `{"answers": {"builds_software": true}}`, false},                   // team_size is required
		{ToolAdvise, `{"answers": {"team_size": 0, "builds_software": true}}`, false},   // under the minimum
		{ToolAdvise, `{"answers": {"team_size": 2.5, "builds_software": true}}`, false}, // not whole
		{ToolAdvise, `{"answers": {"team_size": 2, "builds_software": "yes"}}`, false},  // not a boolean
		{ToolAdvise, `{"answers": {"team_size": 2, "builds_software": true, "phase": "late"}}`, false},
		{ToolAdvise, `{"answers": {"team_size": 2, "builds_software": true, "regimes": ["sox"]}}`, false},
		{ToolAdvise, `{"answers": {"team_size": 2, "builds_software": true, "size": 3}}`, false}, // unknown question
		{ToolAdvise, `{"team_size": 2, "builds_software": true}`, false},                         // answers not wrapped
		{ToolAdvise, `{"answers": {"team_size": 2, "builds_software": true}, "what_if": "yes"}`, false},
		{ToolQuestions, `{}`, true},
		{ToolQuestions, `{"rules": "x.yaml"}`, false},
		{ToolRoles, `{}`, true},
		{ToolRoles, `{"roles": ["cto", "vcio"]}`, true},
		{ToolRoles, `{"roles": ["cfo"]}`, false},
		{ToolRoles, `{"roles": ["cto", "cio", "vcto"]}`, false}, // at most two
		{ToolRoles, `{"roles": ["cto", "cto"]}`, false},         // each once
	}
	schemas := map[string]*jsonschema.Schema{}
	for _, tt := range tests {
		sch := schemas[tt.tool]
		if sch == nil {
			sch, _ = compile(t, cs, tt.tool)
			schemas[tt.tool] = sch
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.args))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); (err == nil) != tt.ok {
			t.Errorf("%s %s: valid = %v, want %v (%v)", tt.tool, tt.args, err == nil, tt.ok, err)
		}
	}
}

// TestAdviseSchemaFollowsTheQuestions checks the schema of each answer
// against the small rules' questions: type, range, options with labels,
// default, required, in question order.
func TestAdviseSchemaFollowsTheQuestions(t *testing.T) {
	t.Parallel()
	cs := connect(t, rulestest.SmallRules(t))
	_, doc := compile(t, cs, ToolAdvise)
	props := doc["properties"].(map[string]any)
	if d := props["what_if"].(map[string]any)["default"]; d != true {
		t.Errorf("what_if default = %v, want true", d)
	}
	if d := props["explain"].(map[string]any)["default"]; d != false {
		t.Errorf("explain default = %v, want false", d)
	}
	answers := props["answers"].(map[string]any)
	if got := answers["required"]; !reflect.DeepEqual(got, []any{"team_size", "builds_software"}) {
		t.Errorf("required = %v", got)
	}
	q := answers["properties"].(map[string]any)
	want := map[string]string{
		"team_size":       `{"type":"integer","title":"How many people?","description":"Everyone who works there. Required.","minimum":1,"maximum":1000}`,
		"builds_software": `{"type":"boolean","title":"Do you build software?","description":"Products customers use. Required."}`,
		"phase":           `{"type":"string","title":"Which phase?","description":"Where the company is.","default":"seed","enum":["seed","growth"],"oneOf":[{"const":"seed","description":"Seed stage"},{"const":"growth","description":"Growth stage"}]}`,
		"regimes":         `{"type":"array","title":"Which regimes apply?","description":"Compliance regimes.","default":[],"items":{"type":"string","enum":["gdpr","pci"],"oneOf":[{"const":"gdpr","description":"GDPR"},{"const":"pci","description":"PCI DSS"}]},"uniqueItems":true}`,
		"devs":            `{"type":"integer","title":"How many developers?","description":"Developers employed. Used only when the answer to \"Do you build software?\" is yes; otherwise an answer is set aside for the default.","minimum":0,"default":0}`,
	}
	if len(q) != len(want) {
		t.Errorf("answers has %d properties, want %d", len(q), len(want))
	}
	for id, w := range want {
		if !reflect.DeepEqual(q[id], decoded(t, []byte(w))) {
			got, _ := json.Marshal(q[id])
			t.Errorf("%s:\n got %s\nwant %s", id, got, w)
		}
	}
}

func TestAdvise(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	cs := connect(t, rs)
	res := call(t, cs, ToolAdvise, map[string]any{"answers": map[string]any{"team_size": 20, "builds_software": true}})
	if res.IsError {
		t.Fatalf("error: %s", textOf(t, res))
	}
	// builds_software adds 3 to tech (fractional, "Some tech."); nothing
	// adds to info.
	wantText := "Engage a Part-time Technology Chief.\n" +
		"Technology Chief: fractional. Some tech.\n" +
		"Information Chief: none. Little IT."
	texts := textsOf(t, res)
	if len(texts) != 2 || texts[0] != wantText {
		t.Fatalf("text:\n%s\nwant the summary:\n%s\nthen the JSON", strings.Join(texts, "\n---\n"), wantText)
	}
	// The whole report as text too, compact, for clients that give the
	// model the text alone: the structured content.
	doc := structured(t, res)
	if strings.Contains(texts[1], "\n") || !reflect.DeepEqual(decoded(t, []byte(texts[1])), doc) {
		t.Errorf("the second text is not the structured content as compact JSON:\n%.300s", texts[1])
	}
	if doc["schema"] != advisor.Schema || doc["recommendation"] != "ptech" {
		t.Errorf("schema %v, recommendation %v", doc["schema"], doc["recommendation"])
	}
	if got := doc["assumed"]; !reflect.DeepEqual(got, []any{"phase", "regimes", "devs"}) {
		t.Errorf("assumed = %v", got)
	}
	if w, ok := doc["what_if"].([]any); !ok || len(w) == 0 {
		t.Errorf("what_if = %v, want the changes (what_if defaults to true)", doc["what_if"])
	}
	if _, ok := doc["trace"]; ok {
		t.Error("trace without explain")
	}
	if doc["rules"].(map[string]any)["path"] != rulestest.SmallRulesName {
		t.Errorf("rules = %v", doc["rules"])
	}

	res = call(t, cs, ToolAdvise, json.RawMessage(`{"answers": {"team_size": "20", "builds_software": "yes", "regimes": "gdpr"}, "what_if": false, "explain": true}`))
	if res.IsError {
		t.Fatalf("error: %s", textOf(t, res))
	}
	doc = structured(t, res)
	if w := doc["what_if"]; !reflect.DeepEqual(w, []any{}) {
		t.Errorf("what_if = %v with what_if false", w)
	}
	if tr, ok := doc["trace"].([]any); !ok || len(tr) == 0 {
		t.Errorf("trace = %v with explain", doc["trace"])
	}
	if got := doc["recommendation"]; got != "ptech+pinfo" {
		t.Errorf("recommendation = %v, want ptech+pinfo (the answers as the CLI takes them)", got)
	}
}

// TestAdviseMatchesTheFrontDoor checks that the structured content is the
// report advisor.Run gives for the same answers, byte for byte as the CLI
// writes it, on the embedded rules.
func TestAdviseMatchesTheFrontDoor(t *testing.T) {
	t.Parallel()
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	srv := New(rs, Options{RulesName: "embedded"})
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Wait()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res := call(t, cs, ToolAdvise, map[string]any{"answers": map[string]any{"employees": 40, "product_driven": true, "engineers": 6, "compliance": []string{"soc2", "hipaa"}}})
	given := []answers.Raw{{ID: "employees", Value: 40}, {ID: "product_driven", Value: true}, {ID: "engineers", Value: 6}, {ID: "compliance", Value: "soc2,hipaa"}}
	want, err := advisor.Run(context.Background(), rs, advisor.Request{
		Answers: answers.Layers{Flags: given},
		Options: advisor.Options{RulesPath: "embedded", WhatIf: true, Growth: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := advisor.RenderJSON(&b, want.Report); err != nil {
		t.Fatal(err)
	}
	if got := structured(t, res); !reflect.DeepEqual(got, decoded(t, b.Bytes())) {
		t.Errorf("structured content differs from advise -o json:\n%v\n%s", got, b.Bytes())
	}
}

func TestAdviseBadInput(t *testing.T) {
	t.Parallel()
	cs := connect(t, rulestest.SmallRules(t))
	tests := []struct {
		name, args, want string
	}{
		{"bad answers, each at its place",
			`{"answers": {"team_size": "many", "builds_software": true, "phase": "late", "regimes": ["gdpr", "sox"]}}`,
			"`answers.team_size`: \"many\" is not a whole number; want a whole number from 1 to 1000; " +
				"`answers.phase`: \"late\" is not an option; options: seed, growth; " +
				"`answers.regimes`: \"sox\" is not an option; options: gdpr, pci"},
		{"out of range", `{"answers": {"team_size": 0, "builds_software": true}}`,
			"`answers.team_size`: 0 is out of range; want a whole number from 1 to 1000"},
		{"not a whole number", `{"answers": {"team_size": 2.5, "builds_software": true}}`,
			"`answers.team_size`: 2.5 is not a whole number; want a whole number from 1 to 1000"},
		{"unknown question", `{"answers": {"team_sise": 3, "builds_software": true}}`,
			"`answers.team_sise`: unknown question \"team_sise\" (did you mean \"team_size\"?)"},
		{"missing required answers", `{"answers": {}}`,
			"missing required answers: `answers.team_size` (How many people? a whole number from 1 to 1000); `answers.builds_software` (Do you build software? true or false)"},
		{"no answers at all", `{}`,
			"missing required answers: `answers.team_size` (How many people? a whole number from 1 to 1000); `answers.builds_software` (Do you build software? true or false)"},
		{"answers given beside answers", `{"team_size": 3, "answers": {"builds_software": true}}`,
			"\"team_size\" is a question: give its answer in `answers`, as in {\"answers\": {\"team_size\": ...}}"},
		{"unknown argument and a bad option", `{"answers": {"team_size": 3, "builds_software": true}, "whatif": true, "explain": "yes"}`,
			"`explain` must be true or false, not the string \"yes\"; unknown argument \"whatif\"; arguments: answers, what_if, explain"},
		{"a long unknown question, quoted cut",
			`{"answers": {"` + strings.Repeat("x", 100) + `": 3, "team_size": 3, "builds_software": true}}`,
			"`answers`: unknown question \"" + strings.Repeat("x", 64) + "\"... (100 bytes); questions: team_size, builds_software, phase, regimes, devs"},
		{"a long value of an argument, quoted cut", `{"answers": {}, "what_if": "` + strings.Repeat("y", 100) + `"}`,
			"`what_if` must be true or false, not the string \"" + strings.Repeat("y", 64) + "\"... (100 bytes)"},
		{"a question id with a newline", `{"answers": {"team\nsize": 3, "team_size": 3, "builds_software": true}}`,
			"`answers`: unknown question \"team\\nsize\" (did you mean \"team_size\"?)"},
		{"answers not an object", `{"answers": ["team_size", 3]}`,
			"`answers` must be an object of answers by question id, not a list"},
		{"arguments not an object", `[1]`,
			"the arguments must be an object, not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, cs, ToolAdvise, json.RawMessage(tt.args))
			if !res.IsError {
				t.Fatalf("no tool error; text %q", textOf(t, res))
			}
			if got := textOf(t, res); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestAdviseTakesOnlyTheCallsAnswers checks that ORGADVISOR_<QUESTION>
// variables do not answer a call: its answers are its whole input.
func TestAdviseTakesOnlyTheCallsAnswers(t *testing.T) {
	t.Setenv("ORGADVISOR_TEAM_SIZE", "20")
	t.Setenv("ORGADVISOR_BUILDS_SOFTWARE", "true")
	cs := connect(t, rulestest.SmallRules(t))
	res := call(t, cs, ToolAdvise, map[string]any{"answers": map[string]any{}})
	if !res.IsError || !strings.HasPrefix(textOf(t, res), "missing required answers: `answers.team_size`") {
		t.Errorf("the environment answered: error %v, %q", res.IsError, textOf(t, res))
	}
}

func TestQuestionsTool(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	cs := connect(t, rs)
	res := call(t, cs, ToolQuestions, nil)
	want, err := encode.JSON(advisor.Questions(rs, rulestest.SmallRulesName))
	if err != nil {
		t.Fatal(err)
	}
	if res.IsError || textOf(t, res) != string(want) {
		t.Errorf("text is not questions -o json:\n%s", textOf(t, res))
	}
	if got := structured(t, res); !reflect.DeepEqual(got, decoded(t, want)) || got["schema"] != advisor.QuestionsSchema {
		t.Errorf("structured content = %v", got)
	}

	res = call(t, cs, ToolQuestions, map[string]any{"rules": "x.yaml"})
	if got := textOf(t, res); !res.IsError || got != `unknown argument "rules": the tool takes no arguments` {
		t.Errorf("error %v: %q", res.IsError, got)
	}
}

func TestRolesTool(t *testing.T) {
	t.Parallel()
	rs := rulestest.SmallRules(t)
	cs := connect(t, rs)
	for _, ids := range [][]string{nil, {"vcto", "cio"}} {
		res := call(t, cs, ToolRoles, map[string]any{"roles": ids})
		rep, err := advisor.NewRoleGuideReport(rs, ids)
		if err != nil {
			t.Fatal(err)
		}
		want, err := encode.JSON(rep)
		if err != nil {
			t.Fatal(err)
		}
		if res.IsError || textOf(t, res) != string(want) || !reflect.DeepEqual(structured(t, res), decoded(t, want)) {
			t.Errorf("%v: not roles -o json: %.200s", ids, textOf(t, res))
		}
		if n := len(structured(t, res)["roles"].([]any)); ids != nil && n != len(ids) {
			t.Errorf("%v: %d roles", ids, n)
		}
	}
	tests := []struct{ args, want string }{
		{`{"roles": ["cfo"]}`, `unknown role "cfo"; roles: cto, cio, vcto, vcio`},
		{`{"roles": "cto"}`, "`roles` must be a list of role ids (cto, cio, vcto, vcio), not the string \"cto\""},
		{`{"role": ["cto"]}`, `unknown argument "role"; arguments: roles`},
		{`{"roles": ["` + strings.Repeat("c", 100) + `"]}`, `unknown role "` + strings.Repeat("c", 64) + `"... (100 bytes); roles: cto, cio, vcto, vcio`},
		{`{"roles": ["cto", "cio", "vcto"]}`, "`roles` compares at most two roles, got 3; leave it out for all four"},
		{`{"roles": [` + strings.Repeat(`"cto",`, 1000) + `"cio"]}`, "`roles` compares at most two roles, got 1001; leave it out for all four"},
		{`{"roles": ["cto", "CTO "]}`, "`roles` names \"cto\" twice: name each role once"},
	}
	for _, tt := range tests {
		res := call(t, cs, ToolRoles, json.RawMessage(tt.args))
		if got := textOf(t, res); !res.IsError || got != tt.want {
			t.Errorf("%s: error %v %q, want %q", tt.args, res.IsError, got, tt.want)
		}
	}
}

// TestServeAnswersEveryRequestBeforeTheEnd sends the requests and the end
// of the input at once, as `printf ... | orgadvisor mcp` does: every
// request is answered, then Serve returns nil.
func TestServeAnswersEveryRequestBeforeTheEnd(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"advise","arguments":{"answers":{"team_size":20,"builds_software":true}}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"advise","arguments":{"answers":{}}}}`,
	}, "\n") + "\n"
	var out bytes.Buffer
	srv := New(rulestest.SmallRules(t), Options{RulesName: rulestest.SmallRulesName})
	if err := Serve(context.Background(), srv, strings.NewReader(in), &out); err != nil {
		t.Fatalf("Serve = %v, want nil at the end of the input", err)
	}
	answered := map[float64]bool{}
	dec := json.NewDecoder(&out)
	for {
		var resp struct {
			ID     float64         `json:"id"`
			Result json.RawMessage `json:"result"`
		}
		if err := dec.Decode(&resp); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("standard output is not JSON-RPC: %v", err)
		}
		if resp.Result == nil {
			t.Errorf("response %v has no result", resp.ID)
		}
		answered[resp.ID] = true
	}
	if want := map[float64]bool{1: true, 2: true, 3: true, 4: true}; !reflect.DeepEqual(answered, want) {
		t.Errorf("answered %v, want %v", answered, want)
	}
}

func TestSummarySaysWhoIsInPlace(t *testing.T) {
	t.Parallel()
	r := &advisor.Report{
		Headline: "Keep your CTO.",
		Roles: advisor.RoleReports{
			{ID: "cto", Title: "Chief Technology Officer", Level: rules.LevelFullTime, Covered: true, CoveredBy: "your Chief Technology Officer", Action: "keep", Because: "Much technology."},
			{ID: "cio", Title: "Chief Information Officer", Level: rules.LevelFractional, Covered: true, CoveredBy: "your CTO", Action: "keep"},
		},
	}
	want := "Keep your CTO.\nChief Technology Officer: full-time (keep). Much technology.\nChief Information Officer: fractional (keep: your CTO does this part-time)"
	if got := summary(r); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

// TestRolesHonoursCancellation: a call cancelled before it starts is not
// answered.
func TestRolesHonoursCancellation(t *testing.T) {
	t.Parallel()
	tl := &tools{rs: rulestest.SmallRules(t), log: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := tl.roles(ctx, &mcp.CallToolRequest{Params: &mcp.CallToolParamsRaw{Name: ToolRoles, Arguments: json.RawMessage(`{"roles": ["cto"]}`)}})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("roles = %v, %v; want context.Canceled", res, err)
	}
}

// TestToolDescriptions checks what an assistant reads before it calls:
// advise names the required answers, asks it to ask rather than guess,
// and to read `assumed` back; what_if false says what the empty lists
// mean; roles states its limit; nothing speaks of the command line.
func TestToolDescriptions(t *testing.T) {
	t.Parallel()
	cs := connect(t, rulestest.SmallRules(t))
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	descriptions := map[string]string{}
	for _, tool := range res.Tools {
		descriptions[tool.Name] = tool.Description
		data, _ := json.Marshal(tool.InputSchema)
		for _, cli := range []string{"orgadvisor ", "--", "-o json", "command line"} {
			if strings.Contains(tool.Description, cli) || strings.Contains(string(data), cli) {
				t.Errorf("%s speaks of the command line (%q):\n%s\n%s", tool.Name, cli, tool.Description, data)
			}
		}
	}
	for tool, want := range map[string][]string{
		ToolAdvise: {
			"Required: `team_size` (How many people?); `builds_software` (Do you build software?).",
			"Ask the user for the answers you do not know rather than guess them.",
			"the result's `assumed` lists them; read them back to the user",
			"`recommendation` and `headline`", "`roles`", "`what_if`", "`growth`", "`fired`", "`ignored`",
		},
		ToolRoles: {"at most two"},
	} {
		for _, w := range want {
			if !strings.Contains(descriptions[tool], w) {
				t.Errorf("%s's description lacks %q:\n%s", tool, w, descriptions[tool])
			}
		}
	}
	_, doc := compile(t, cs, ToolAdvise)
	whatIf := doc["properties"].(map[string]any)["what_if"].(map[string]any)["description"].(string)
	if !strings.Contains(whatIf, "With false, both are empty lists: that says nothing was searched, not that nothing would change.") {
		t.Errorf("what_if's description: %s", whatIf)
	}
}
