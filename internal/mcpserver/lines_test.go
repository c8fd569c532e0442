package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules/rulestest"
)

func TestCheckLines(t *testing.T) {
	t.Parallel()
	const idRange = "a string or a whole number from -9007199254740991 to 9007199254740991"
	const served = "initialize, ping, server/discover, tools/call, tools/list"
	for _, tt := range []struct {
		line    string
		problem string // "": passed to the SDK
		code    int64
		id      any // the id of the answer: nil for null
		calls   []jsonrpc.ID
	}{
		{line: `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`, calls: []jsonrpc.ID{callID(1.0)}},
		{line: `{"jsonrpc":"2.0","id":"a","method":"tools/list"}`, calls: []jsonrpc.ID{callID("a")}},
		{line: `{"jsonrpc":"2.0","id":-9007199254740991,"method":"ping"}`, calls: []jsonrpc.ID{callID(-9007199254740991.0)}},
		{line: `{"jsonrpc":"2.0","method":"notifications/initialized"}`},
		{line: `{"jsonrpc":"2.0","method":"notifications/initialized","params":[]}`}, // a notification is never answered
		{line: `{"jsonrpc":"2.0","id":3,"result":{}}`},                               // a response
		{line: `[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"ping"}]`,
			calls: []jsonrpc.ID{callID(1.0), callID(2.0)}},
		{line: `oops`, problem: "line 9 is not JSON: invalid character 'o' looking for beginning of value", code: codeParseError},
		{line: `{"jsonrpc":"2.0","id":1,`, problem: "line 9 is not JSON: unexpected end of JSON input", code: codeParseError},
		{line: `{"jsonrpc":"2.0","id":1} {}`, problem: "line 9 is not JSON: invalid character '{' after top-level value", code: codeParseError},
		{line: `[]`, problem: "line 9 is an empty batch: a batch holds one message or more", code: codeInvalidRequest},
		{line: `[{"jsonrpc":"2.0","id":1,"method":"tools/list"}, 3]`, problem: "message 2 of the batch on line 9 is not a JSON-RPC 2.0 message: a message is an object, not the number 3", code: codeInvalidRequest},
		{line: `[{"jsonrpc":"2.0","id":1,"method":"ping"}, {"jsonrpc":"2.0","id":1,"method":"tools/list"}]`, problem: "line 9: request id 1 is in the batch twice", code: codeInvalidRequest},
		{line: `[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[]}]`, problem: `message 1 of the batch on line 9: the params of "tools/call" must be an object, not a list`, code: codeInvalidRequest},
		{line: `{"foo": 1}`, problem: `line 9 is not a JSON-RPC 2.0 message: "jsonrpc" must be "2.0", it has none`, code: codeInvalidRequest},
		{line: `"x"`, problem: `line 9 is not a JSON-RPC 2.0 message: a message is an object, not the string "x"`, code: codeInvalidRequest},
		{line: `{"jsonrpc":"1.0","id":1,"method":"tools/list"}`, problem: `line 9 is not a JSON-RPC 2.0 message: "jsonrpc" must be "2.0", not the string "1.0"`, code: codeInvalidRequest},
		// Ids the SDK would answer with another id, or not at all.
		{line: `{"jsonrpc":"2.0","id":7.5,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not the number 7.5", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":1e3,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not the number 1e3", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":99999999999999999999,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not the number 99999999999999999999", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not the number 9007199254740993", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":null,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not null", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":true,"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not true", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":[1],"method":"ping"}`, problem: "line 9: an id must be " + idRange + ", not a list", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":5}`, problem: "line 9 is neither a request (it has no method) nor a response (it has no result or error)", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","result":{}}`, problem: "line 9 is a response without an id", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":5,"method":3}`, problem: "line 9: the method must be a string, not the number 3", code: codeInvalidRequest},
		// Params that are not an object: answered with the request's id.
		{line: `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":[]}`, problem: `line 9: the params of "tools/call" must be an object, not a list`, code: codeInvalidParams, id: int64(8)},
		{line: `{"jsonrpc":"2.0","id":"x","method":"initialize","params":"hello"}`, problem: `line 9: the params of "initialize" must be an object, not the string "hello"`, code: codeInvalidParams, id: "x"},
		{line: `{"jsonrpc":"2.0","id":9,"method":"ping","params":null}`, calls: []jsonrpc.ID{callID(9.0)}},
		// A member of params of the wrong type: -32602 with the id, naming
		// the member (the SDK's words were Go's).
		{line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}`, problem: `line 9: params.name of "tools/call" must be a string, not the number 5`, code: codeInvalidParams, id: int64(1)},
		{line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"advise","_meta":[]}}`, problem: `line 9: params._meta of "tools/call" must be an object, not a list`, code: codeInvalidParams, id: int64(1)},
		{line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"advise","inputResponses":{"a":5}}}`, problem: `line 9: params.inputResponses of "tools/call" is not in the form MCP defines`, code: codeInvalidParams, id: int64(1)},
		{line: `{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":5}}`, problem: `line 9: params.protocolVersion of "initialize" must be a string, not the number 5`, code: codeInvalidParams, id: "i"},
		{line: `{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"capabilities":{"roots":true}}}`, problem: `line 9: params.capabilities.roots of "initialize" must be an object, not true`, code: codeInvalidParams, id: "i"},
		{line: `{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"capabilities":{"roots":{"listChanged":"yes"}}}}`, problem: `line 9: params.capabilities.roots.listChanged of "initialize" must be true or false, not the string "yes"`, code: codeInvalidParams, id: "i"},
		{line: `{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"clientInfo":{"name":"c","icons":[{"src":"a"},{"src":5}]}}}`, problem: `line 9: params.clientInfo.icons[1].src of "initialize" must be a string, not the number 5`, code: codeInvalidParams, id: "i"},
		{line: `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":true}}`, problem: `line 9: params.cursor of "tools/list" must be a string, not true`, code: codeInvalidParams, id: int64(2)},
		{line: `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":"x"}}`, problem: `line 9: params._meta of "ping" must be an object, not the string "x"`, code: codeInvalidParams, id: int64(2)},
		{line: `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":5}}]`, problem: `message 2 of the batch on line 9: params.name of "tools/call" must be a string, not the number 5`, code: codeInvalidRequest},
		// What the SDK reads passes: null members, members it does not
		// know (names match exactly: "Name" is another member), arguments
		// (the tool's to check), capabilities.roots as an object; and
		// notifications, never answered, whatever their params.
		{line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"roles","Name":5,"arguments":5,"extra":[1],"_meta":{"progressToken":[1]}}}`, calls: []jsonrpc.ID{callID(1.0)}},
		{line: `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":null,"_meta":null}}`, calls: []jsonrpc.ID{callID(2.0)}},
		{line: `{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"roots":{"listChanged":true},"sampling":{}},"clientInfo":{"name":"c","version":"1","icons":[{"src":"a"}]}}}`, calls: []jsonrpc.ID{callID("i")}},
		{line: `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":5}}`},
		// A call to a method the server does not advertise: -32601 with
		// the id (the SDK answered them whatever the capabilities).
		{line: `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"debug"}}`, problem: `line 9: method "logging/setLevel" not found: the server offers tools only; its methods are ` + served, code: codeMethodNotFound, id: int64(3)},
		{line: `{"jsonrpc":"2.0","id":"r","method":"resources/list"}`, problem: `line 9: method "resources/list" not found: the server offers tools only; its methods are ` + served, code: codeMethodNotFound, id: "r"},
		{line: `{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":[]}`, problem: `line 9: method "prompts/get" not found: the server offers tools only; its methods are ` + served, code: codeMethodNotFound, id: int64(3)},
		{line: `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"prompts/list"}]`, problem: `message 2 of the batch on line 9: method "prompts/list" not found: the server offers tools only; its methods are ` + served, code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","method":"notifications/whatever"}`}, // never answered
		// Deeper than the SDK reads (it would end the session).
		{line: `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":` + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + `}}`, problem: "line 9 nests deeper than 1000 levels, the limit", code: codeInvalidRequest},
		{line: `[` + `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":` + strings.Repeat("[", 998) + strings.Repeat("]", 998) + `}}]`, problem: "line 9 nests deeper than 1000 levels, the limit", code: codeInvalidRequest},
		{line: `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":"` + strings.Repeat("[", 2000) + `"}}`, calls: []jsonrpc.ID{callID(1.0)}},
	} {
		v := check([]byte(tt.line), 9)
		if v.problem != tt.problem || v.code != tt.code || v.id != tt.id || !slices.Equal(v.calls, tt.calls) {
			t.Errorf("check(%.100q) = %q, %d, id %v, calls %v\nwant %q, %d, id %v, calls %v", tt.line, v.problem, v.code, v.id, v.calls, tt.problem, tt.code, tt.id, tt.calls)
		}
	}
}

// callID is the SDK's id of a request: v is a float64 or a string.
func callID(v any) jsonrpc.ID {
	id, err := jsonrpc.MakeID(v)
	if err != nil {
		panic(err)
	}
	return id
}

// filter reads in through a line filter, and returns what it passes on
// and what it answers itself.
func filter(t *testing.T, in io.Reader) (passed, answered string) {
	return filterMax(t, in, maxLine)
}

// filterMax is filter with lines of at most max bytes.
func filterMax(t *testing.T, in io.Reader, max int) (passed, answered string) {
	t.Helper()
	var out bytes.Buffer
	f := newLineFilter(in, &lockedWriter{w: &out}, newPendingCalls())
	f.max = max
	got, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(got), out.String()
}

// TestLineFilterPassesABatchWhole: the batch reaches the SDK byte for byte
// (checking it once overwrote it with its first message).
func TestLineFilterPassesABatchWhole(t *testing.T) {
	t.Parallel()
	batch := `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`
	next := `{"jsonrpc":"2.0","id":3,"method":"ping"}`
	passed, answered := filter(t, strings.NewReader(batch+"\n"+next+"\n"))
	if passed != batch+"\n"+next+"\n" || answered != "" {
		t.Errorf("passed %q, answered %q; want the batch and the next message as they are", passed, answered)
	}
}

// TestLineFilterPassesLinesTrimmed: lines pass trimmed, one newline each,
// "\r\n" or not, the last one without a newline too; blank lines do not
// pass but count.
func TestLineFilterPassesLinesTrimmed(t *testing.T) {
	t.Parallel()
	in := "  {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} \r\n\n \t\r\noops\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"
	passed, answered := filter(t, strings.NewReader(in))
	if want := `{"jsonrpc":"2.0","id":1,"method":"ping"}` + "\n" + `{"jsonrpc":"2.0","id":2,"method":"ping"}` + "\n"; passed != want {
		t.Errorf("passed %q, want %q", passed, want)
	}
	if want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"line 4 is not JSON: invalid character 'o' looking for beginning of value"}}` + "\n"; answered != want {
		t.Errorf("answered %q, want %q", answered, want)
	}
}

// longLine yields size bytes of a line, then the rest, without holding
// the line.
type longLine struct {
	size int
	rest string
}

func (l *longLine) Read(p []byte) (int, error) {
	if l.size > 0 {
		n := min(l.size, len(p))
		for i := range p[:n] {
			p[i] = 'x'
		}
		l.size -= n
		return n, nil
	}
	if l.rest == "" {
		return 0, io.EOF
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

// TestLineFilterRefusesALongLine: a line over the limit (16 MiB; 1 MiB
// here, as the messages say) is answered with -32600 naming it, and what
// comes after it passes; a line at the limit, with "\r\n", passes. The
// limit itself is tested through the binary (mcp.txtar).
func TestLineFilterRefusesALongLine(t *testing.T) {
	t.Parallel()
	const max = 1 << 20
	next := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}` + "\n"
	passed, answered := filterMax(t, &longLine{size: max + 1, rest: "\n" + next + "\noops\n"}, max)
	if passed != next {
		t.Errorf("passed %d bytes, want only the next message", len(passed))
	}
	want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 1 is longer than 1 MiB, the limit"}}` + "\n" +
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"line 4 is not JSON: invalid character 'o' looking for beginning of value"}}` + "\n"
	if answered != want {
		t.Errorf("answered %q, want %q", answered, want)
	}

	// The longest line: a message of max bytes, then "\r\n"; then one of
	// max bytes and a space, the last line, without a newline.
	head, tail := `{"jsonrpc":"2.0","method":"notifications/x","params":{"a":"`, `"}}`
	longest := func(end string) io.Reader {
		return io.MultiReader(strings.NewReader(head), &longLine{size: max - len(head) - len(tail), rest: tail + end})
	}
	passed, answered = filterMax(t, io.MultiReader(longest("\r\n"), longest(" ")), max)
	if len(passed) != max+1 || !strings.HasPrefix(passed, head) || !strings.HasSuffix(passed, tail+"\n") {
		t.Errorf("passed %d bytes, want %d", len(passed), max+1)
	}
	if want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 2 is longer than 1 MiB, the limit"}}` + "\n"; answered != want {
		t.Errorf("answered %q, want %q", answered, want)
	}
}

// TestLineFilterSkipsALongLineInBoundedMemory: a line over the limit is
// read in pieces, not held: skipping one four times as long allocates no
// more. Not parallel, so that the counts are the filter's.
func TestLineFilterSkipsALongLineInBoundedMemory(t *testing.T) {
	const max = 1 << 20
	next := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}` + "\n"
	skip := func(size int) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		passed, _ := filterMax(t, &longLine{size: size, rest: "\n" + next}, max)
		runtime.ReadMemStats(&after)
		if passed != next {
			t.Errorf("passed %d bytes, want the next message", len(passed))
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	short, long := skip(4*max), skip(16*max)
	if long > short+max {
		t.Errorf("skipping a line of %d MiB allocated %d KiB, one of %d MiB %d KiB", 4*max>>20, short>>10, 16*max>>20, long>>10)
	}
}

// session is Serve over the lines given, after initialize; it returns the
// lines written, sorted (answers come in any order), without initialize's.
func session(t *testing.T, srv *mcp.Server, lines ...string) []string {
	t.Helper()
	in := strings.Join(append([]string{initialize, initialized}, lines...), "\n") + "\n"
	var out bytes.Buffer
	if err := Serve(context.Background(), srv, strings.NewReader(in), &out); err != nil {
		t.Fatalf("Serve = %v, want nil at the end of the input; wrote:\n%s", err, out.String())
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if !strings.HasPrefix(l, `{"jsonrpc":"2.0","id":"init",`) {
			got = append(got, l)
		}
	}
	slices.Sort(got)
	return got
}

const (
	initialize  = `{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`
	initialized = `{"jsonrpc":"2.0","method":"notifications/initialized"}`
)

func smallServer(t *testing.T) *mcp.Server {
	return New(rulestest.SmallRules(t), Options{RulesName: rulestest.SmallRulesName})
}

// waitingServer is smallServer with a tool "wait" whose calls are answered
// ("done") only once release is closed.
func waitingServer(t *testing.T) (srv *mcp.Server, release chan struct{}) {
	srv, release = smallServer(t), make(chan struct{})
	srv.AddTool(&mcp.Tool{Name: "wait", InputSchema: noArgsSchema()}, func(ctx context.Context, _ *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		<-release
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "done"}}}, nil
	})
	return srv, release
}

// TestServeGoesOnAfterABadLine: the SDK alone ends the session at a line
// that is not JSON, and Serve returns its error.
func TestServeGoesOnAfterABadLine(t *testing.T) {
	t.Parallel()
	got := session(t, smallServer(t), `not json`, `{"jsonrpc":"2.0","id":2,"method":"ping"}`)
	want := []string{
		`{"jsonrpc":"2.0","id":2,"result":{}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"line 3 is not JSON: invalid character 'o' in literal null (expecting 'u')"}}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestServeAnswersABatch: a batch of two calls gets one array of the two
// answers, and the session goes on. The SDK (v1.8.0) takes batches under
// every protocol version behind drainTransport.
func TestServeAnswersABatch(t *testing.T) {
	t.Parallel()
	got := session(t, smallServer(t),
		`[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"roles","arguments":{"roles":["cto"]}}}]`,
		`{"jsonrpc":"2.0","id":3,"method":"ping"}`)
	if len(got) != 2 || got[1] != `{"jsonrpc":"2.0","id":3,"result":{}}` {
		t.Fatalf("want the batch's answer and 3's; got:\n%s", strings.Join(got, "\n"))
	}
	var batch []struct {
		ID     int             `json:"id"`
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal([]byte(got[0]), &batch); err != nil || len(batch) != 2 || batch[0].ID != 1 || batch[1].ID != 2 ||
		string(batch[0].Result) != "{}" || !strings.Contains(string(batch[1].Result), `"schema":"orgadvisor/roles/v1"`) {
		t.Errorf("the batch's answer: %.300s (%v)", got[0], err)
	}
}

// TestServeRefusesBadIDs: the SDK answers 7.5 as 7 and a number past
// int64 as its lowest value, and a null id not at all.
func TestServeRefusesBadIDs(t *testing.T) {
	t.Parallel()
	got := session(t, smallServer(t),
		`{"jsonrpc":"2.0","id":7.5,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":99999999999999999999,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":null,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":5}`,
		`{"jsonrpc":"2.0","id":6,"method":"ping"}`)
	const idRange = "a string or a whole number from -9007199254740991 to 9007199254740991"
	want := []string{
		`{"jsonrpc":"2.0","id":6,"result":{}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 3: an id must be ` + idRange + `, not the number 7.5"}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 4: an id must be ` + idRange + `, not the number 99999999999999999999"}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 5: an id must be ` + idRange + `, not null"}}`,
		`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 6 is neither a request (it has no method) nor a response (it has no result or error)"}}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestServeAnswersInPeoplesWords: params that are not an object, and a
// call before initialize, are answered with JSON-RPC's codes and in
// people's words, not Go's.
func TestServeAnswersInPeoplesWords(t *testing.T) {
	t.Parallel()
	got := session(t, smallServer(t), `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":[]}`)
	if want := `{"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"line 3: the params of \"tools/call\" must be an object, not a list"}}`; !slices.Equal(got, []string{want}) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	in := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}` + "\n" + `{"jsonrpc":"2.0","id":2,"method":"ping"}` + "\n"
	var out bytes.Buffer
	if err := Serve(context.Background(), smallServer(t), strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := `{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"\"tools/list\" came before initialize: a session starts with initialize, then the notification notifications/initialized"}}` + "\n" +
		`{"jsonrpc":"2.0","id":2,"result":{}}` + "\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestServeAnswersBadParamsInPeoplesWords: a member of params of the
// wrong type is answered -32602 naming it, where the SDK answered in Go's
// words (and initialize with code 0); the requests the SDK takes are
// answered by it, and the session goes on.
func TestServeAnswersBadParamsInPeoplesWords(t *testing.T) {
	t.Parallel()
	got := session(t, smallServer(t),
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}`,
		`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":5}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"questions","Name":5}}`,
		`{"jsonrpc":"2.0","id":5,"method":"ping","params":{"_meta":{"progressToken":"p"}}}`)
	want := []string{
		`{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"line 3: params.name of \"tools/call\" must be a string, not the number 5"}}`,
		`{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"line 4: params.protocolVersion of \"initialize\" must be a string, not the number 5"}}`,
		`{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"line 5: params.cursor of \"tools/list\" must be a string, not the number 5"}}`,
		`{"jsonrpc":"2.0","id":5,"result":{}}`,
	}
	if len(got) != 5 || !slices.Equal(slices.Delete(slices.Clone(got), 3, 4), want) || !strings.HasPrefix(got[3], `{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"{\n  \"schema\": \"orgadvisor/questions/v1\"`) {
		t.Errorf("got:\n%s\nwant:\n%s\nand the questions for 4", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestServeAnswersOnlyWhatItAdvertises: a call to a method the server
// does not advertise (the SDK answered them all, whatever the
// capabilities) is answered -32601 naming it; those it advertises are
// answered.
func TestServeAnswersOnlyWhatItAdvertises(t *testing.T) {
	t.Parallel()
	refused := []string{"completion/complete", "logging/setLevel", "prompts/get", "prompts/list", "resources/list", "resources/read", "resources/subscribe", "resources/templates/list", "resources/unsubscribe", "subscriptions/listen", "sampling/createMessage"}
	var lines, want []string
	for i, method := range refused {
		lines = append(lines, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":{}}`, 10+i, method))
		want = append(want, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"error":{"code":-32601,"message":"line %d: method \"%s\" not found: the server offers tools only; its methods are initialize, ping, server/discover, tools/call, tools/list"}}`, 10+i, 3+i, method))
	}
	lines = append(lines, `{"jsonrpc":"2.0","id":1,"method":"ping"}`, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	got := session(t, smallServer(t), lines...)
	answered := slices.DeleteFunc(slices.Clone(got), func(l string) bool {
		return l == `{"jsonrpc":"2.0","id":1,"result":{}}` || strings.HasPrefix(l, `{"jsonrpc":"2.0","id":2,"result":{`) && strings.Contains(l, `"tools":[`)
	})
	slices.Sort(want)
	if len(got) != len(want)+2 || !slices.Equal(answered, want) {
		t.Errorf("got:\n%.3000s\nwant the answers to 1 and 2, and:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestServeAdvertisesOnlyTools: the capabilities are the tools, whose list
// does not change; no logging, which the server never sends.
func TestServeAdvertisesOnlyTools(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := Serve(context.Background(), smallServer(t), strings.NewReader(initialize+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Result struct {
			Capabilities map[string]any `json:"capabilities"`
		} `json:"result"`
	}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"tools": map[string]any{}}; !reflect.DeepEqual(resp.Result.Capabilities, want) {
		t.Errorf("capabilities = %v, want %v", resp.Result.Capabilities, want)
	}
}

// TestServeRefusesAnIDInUse holds a call unanswered (a tool that waits),
// and sends another request with its id: the SDK would drop it without an
// answer, and the end of the input would not wait for the first. Once the
// first is answered, its id is free again.
func TestServeRefusesAnIDInUse(t *testing.T) {
	t.Parallel()
	srv, release := waitingServer(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), srv, inR, outW); outW.Close() }()
	lines := make(chan string, 10)
	go func() {
		dec := json.NewDecoder(outR)
		for {
			var m json.RawMessage
			if dec.Decode(&m) != nil {
				close(lines)
				return
			}
			lines <- string(m)
		}
	}()
	send := func(s string) {
		if _, err := io.WriteString(inW, s+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	// next is the next line written; a line not answered fails the test
	// rather than hang it.
	next := func() string {
		select {
		case l := <-lines:
			return l
		case <-time.After(10 * time.Second):
			t.Fatal("no answer within 10s")
			return ""
		}
	}
	send(initialize)
	if l := next(); !strings.HasPrefix(l, `{"jsonrpc":"2.0","id":"init","result":`) {
		t.Fatalf("initialize: %s", l)
	}
	send(initialized)
	send(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"wait"}}`)
	send(`{"jsonrpc":"2.0","id":7,"method":"ping"}`)
	if l, want := next(), `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"line 4: request id 7 is already in use by a request not yet answered"}}`; l != want {
		t.Errorf("got %s\nwant %s", l, want)
	}
	close(release)
	if l := next(); !strings.HasPrefix(l, `{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"done"}]`) {
		t.Errorf("the call waiting: %s", l)
	}
	send(`{"jsonrpc":"2.0","id":7,"method":"ping"}`)
	if l := next(); l != `{"jsonrpc":"2.0","id":7,"result":{}}` {
		t.Errorf("7 again, once answered: %s", l)
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Errorf("Serve = %v", err)
	}
	for l := range lines {
		t.Errorf("more: %s", l)
	}
}

// TestServeWaitsForEveryCallAtTheEnd: the end of the input waits for a
// call still being answered, however its id was written.
func TestServeWaitsForEveryCallAtTheEnd(t *testing.T) {
	t.Parallel()
	srv, release := waitingServer(t)
	in := strings.Join([]string{initialize, initialized,
		`{"jsonrpc":"2.0","id":"w","method":"tools/call","params":{"name":"wait"}}`,
		`{"jsonrpc":"2.0","id":1,"method":"ping"}`,
	}, "\n") + "\n"
	var out cmdtest.SyncBuffer
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), srv, strings.NewReader(in), &out) }()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), `"id":1,"result"`); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no answer to the ping after the waiting call:\n%s", out.String())
		}
	}
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) before the call was answered:\n%s", err, out.String())
	default:
	}
	close(release)
	if err := <-done; err != nil || !strings.Contains(out.String(), `{"jsonrpc":"2.0","id":"w","result":{"content":[{"type":"text","text":"done"}]`) {
		t.Errorf("Serve = %v; wrote:\n%s", err, out.String())
	}
}
