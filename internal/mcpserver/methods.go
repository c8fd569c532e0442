package mcpserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdkjson "github.com/segmentio/encoding/json"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// codeMethodNotFound is JSON-RPC 2.0's code for a method the server does
// not answer.
const codeMethodNotFound = jsonrpc.CodeMethodNotFound

// methods are the methods the server answers, by name, with the type the
// SDK (v1.8.0) reads their params into: the lifecycle (initialize, ping,
// and server/discover, which starts a session of the protocol after
// 2025-11-25 and which the SDK answers under that protocol only), the
// tools, the one capability New advertises, and the client's
// notifications. MCP asks a server to answer only what it advertised; the
// SDK answers prompts/list, prompts/get, resources/list,
// resources/templates/list, resources/read, logging/setLevel,
// completion/complete and subscriptions/listen whatever the capabilities,
// so the filter answers a call to any method not here itself, with
// -32601. Adding a capability in New means adding its methods here.
var methods = map[string]reflect.Type{
	"initialize":      reflect.TypeFor[initializeParams](),
	"ping":            reflect.TypeFor[mcp.PingParams](),
	"server/discover": reflect.TypeFor[mcp.DiscoverParams](),
	"tools/list":      reflect.TypeFor[mcp.ListToolsParams](),
	"tools/call":      reflect.TypeFor[mcp.CallToolParamsRaw](),

	"notifications/initialized": reflect.TypeFor[mcp.InitializedParams](),
	"notifications/cancelled":   reflect.TypeFor[mcp.CancelledParams](),
	"notifications/progress":    reflect.TypeFor[mcp.ProgressNotificationParams](),
	// Roots are deprecated in the 2026-07-28 protocol, but the SDK still
	// reads this notification's params, so the filter checks them alike.
	//lint:ignore SA1019 the SDK still reads these params
	"notifications/roots/list_changed": reflect.TypeFor[mcp.RootsListChangedParams](),
}

// initializeParams reads initialize's params as the SDK's unexported
// initializeParamsV2 does: capabilities.roots is an object (the SDK's
// RootCapabilities), which shadows the one of ClientCapabilities.
type initializeParams struct {
	mcp.InitializeParams
	Capabilities *struct {
		mcp.ClientCapabilities
		//lint:ignore SA1019 the SDK still reads capabilities.roots as this type
		Roots *mcp.RootCapabilities `json:"roots,omitempty"`
	} `json:"capabilities"`
}

// calledMethods lists the methods a client may call, for the message that
// refuses another.
func calledMethods() string {
	var names []string
	for name := range methods {
		if !strings.HasPrefix(name, "notifications/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// unknownMethod is the problem of a call to a method the server does not
// answer, or "".
func unknownMethod(method string) string {
	if _, ok := methods[method]; ok {
		return ""
	}
	return fmt.Sprintf("method %s not found: the server offers tools only; its methods are %s", rules.Quote(method), calledMethods())
}

// paramsProblem says what keeps params, an object, from being those of
// method as the SDK reads them, naming the member and what it must be:
// `params.name of "tools/call" must be a string, not the number 5`; ""
// when the SDK reads them. It reads them with the SDK's own decoder and
// its settings (member names match exactly), into the SDK's own types, so
// that it refuses exactly what the SDK would answer in Go's words, and
// passes every request the SDK takes.
func paramsProblem(method string, params json.RawMessage) string {
	t, ok := methods[method]
	if !ok || isNull(params) {
		return ""
	}
	err := decodeParams(params, t)
	if err == nil {
		return ""
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		name, v, ok := member(params, te.Field)
		if !ok {
			return fmt.Sprintf("params.%s of %s must be %s", te.Field, rules.Quote(method), wantText(te.Type))
		}
		return fmt.Sprintf("%s of %s must be %s, not %s", name, rules.Quote(method), wantText(te.Type), describe(v))
	}
	// A member whose type reads itself (such as tools/call's
	// inputResponses) says less: name the first member that does not read.
	var members map[string]json.RawMessage
	if json.Unmarshal(params, &members) == nil {
		for _, k := range sortedKeys(members) {
			one, _ := json.Marshal(map[string]json.RawMessage{k: members[k]})
			if decodeParams(one, t) != nil {
				return fmt.Sprintf("params.%s of %s is not in the form MCP defines", k, rules.Quote(method))
			}
		}
	}
	return fmt.Sprintf("the params of %s are not in the form MCP defines", rules.Quote(method))
}

// decodeParams reads params into a new value of t as the SDK reads them.
func decodeParams(params json.RawMessage, t reflect.Type) error {
	_, err := sdkjson.Parse(params, reflect.New(t).Interface(), sdkjson.DontMatchCaseInsensitiveStructFields)
	return err
}

// wantText names what a value of Go type t is in JSON, for a message.
func wantText(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}

// member finds the value at path, the decoder's dotted names of members
// and indexes of list items, in the JSON raw; it names the value as
// people write it: params.clientInfo.icons[1].src.
func member(raw json.RawMessage, path string) (name string, v json.RawMessage, ok bool) {
	name = "params"
	for _, step := range strings.Split(path, ".") {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			if raw, ok = obj[step]; !ok {
				return "", nil, false
			}
			name += "." + step
			continue
		}
		var list []json.RawMessage
		i, err := strconv.Atoi(step)
		if json.Unmarshal(raw, &list) != nil || err != nil || i < 0 || i >= len(list) {
			return "", nil, false
		}
		raw = list[i]
		name += "[" + step + "]"
	}
	return name, raw, true
}
