package mcpserver

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

func TestCheckLines(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		line string
		code int64 // 0: passed to the SDK
	}{
		{``, 0},
		{`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, 0},
		{`{"jsonrpc":"2.0","method":"notifications/initialized"}`, 0},
		{`[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"ping"}]`, 0},
		{`oops`, codeParseError},
		{`{"jsonrpc":"2.0","id":1,`, codeParseError},
		{`[]`, codeInvalidRequest},
		{`[{"jsonrpc":"2.0","id":1,"method":"tools/list"}, 3]`, codeInvalidRequest},
		{`{"foo": 1}`, codeInvalidRequest},
		{`"x"`, codeInvalidRequest},
		{`{"jsonrpc":"1.0","id":1,"method":"tools/list"}`, codeInvalidRequest},
	} {
		problem, code := check([]byte(tt.line))
		if code != tt.code || (code == 0) != (problem == "") {
			t.Errorf("check(%q) = %q, %d; want code %d", tt.line, problem, code, tt.code)
		}
	}
}

// TestServeGoesOnAfterABadLine: the SDK alone ends the session at a line
// that is not JSON, and Serve returns its error.
func TestServeGoesOnAfterABadLine(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`not json`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
	}, "\n") // no newline at the end: the last line still counts
	var out bytes.Buffer
	srv := New(rulestest.SmallRules(t), Options{RulesName: rulestest.SmallRulesName})
	if err := Serve(context.Background(), srv, strings.NewReader(in), &out); err != nil {
		t.Fatalf("Serve = %v, want nil at the end of the input", err)
	}
	// Answers come in any order: the filter reads ahead of the SDK.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	slices.Sort(lines)
	if len(lines) != 3 || !strings.HasPrefix(lines[0], `{"jsonrpc":"2.0","id":1,"result":`) ||
		!strings.HasPrefix(lines[1], `{"jsonrpc":"2.0","id":2,"result":{`) ||
		lines[2] != `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"line 3 is not JSON: invalid character 'o' in literal null (expecting 'u')"}}` {
		t.Errorf("want the answers to initialize and tools/list, and the parse error; got:\n%s", out.String())
	}
}

// TestLineFilterPassesALongLineWhole: a line over the SDK's limit goes to
// the SDK whole, for it to refuse, and none of it is answered here.
func TestLineFilterPassesALongLineWhole(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", mcp.DefaultMaxLineLength+100) + "\n"
	next := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}` + "\n"
	var answered bytes.Buffer
	got, err := io.ReadAll(newLineFilter(strings.NewReader(long+"oops\n"+next), &lockedWriter{w: &answered}))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != long+next {
		t.Errorf("passed %d bytes, want the long line whole and the next message (%d bytes)", len(got), len(long+next))
	}
	if want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"line 2 is not JSON: invalid character 'o' looking for beginning of value"}}` + "\n"; answered.String() != want {
		t.Errorf("answered %q, want only line 2's error", answered.String())
	}
}
