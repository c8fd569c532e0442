package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestMCPOverStdio starts `orgadvisor mcp` as an assistant does, and speaks
// JSON-RPC to it over its standard input and output: initialize, list the
// tools, call advise. The recommendation must be the one `advise -o json`
// gives for the same answers, although the server's environment and config
// file hold other answers (a call's answers are its whole input); closing
// standard input must end the server with status 0.
func TestMCPOverStdio(t *testing.T) {
	t.Parallel()
	// TestMain (testscript) puts this test binary on PATH as orgadvisor:
	// it runs main, as the scripts do.
	bin, err := exec.LookPath("orgadvisor")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("answers:\n  stage: early\n  compliance: [soc2]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A binary built with -race would sleep a second at exit without
	// GORACE's atexit_sleep_ms=0.
	clean := []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "PATH=" + os.Getenv("PATH"), "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0")}

	cmd, stdin, stdout, stderr := startMCP(t, bin, append(clean, "ORGADVISOR_CONFIG="+cfg, "ORGADVISOR_SECTOR=finance", "ORGADVISOR_EMPLOYEES=5000"))
	waited := false
	t.Cleanup(func() {
		if !waited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	lines.Buffer(nil, 16<<20)

	// exchange sends one message and, for a request, reads the next line
	// of standard output, which must be its response: a JSON-RPC 2.0
	// object with the request's id. Anything else on standard output
	// fails the test.
	exchange := func(msg string, id int) map[string]any {
		t.Helper()
		if _, err := io.WriteString(stdin, msg+"\n"); err != nil {
			t.Fatalf("write %s: %v", msg, err)
		}
		if id == 0 {
			return nil
		}
		if !lines.Scan() {
			t.Fatalf("no response to %s (stderr %q)", msg, stderr.String())
		}
		var resp map[string]any
		if err := json.Unmarshal(lines.Bytes(), &resp); err != nil {
			t.Fatalf("not JSON on standard output: %q", lines.Text())
		}
		if resp["jsonrpc"] != "2.0" || resp["id"] != float64(id) || resp["error"] != nil {
			t.Fatalf("response to %d: %s", id, lines.Text())
		}
		return resp["result"].(map[string]any)
	}

	init := exchange(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"0"}}}`, 1)
	if info := init["serverInfo"].(map[string]any); info["name"] != "orgadvisor" || init["protocolVersion"] != "2025-06-18" {
		t.Errorf("initialize: %v", init)
	}
	exchange(`{"jsonrpc":"2.0","method":"notifications/initialized"}`, 0)

	list := exchange(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, 2)
	var names []string
	for _, tool := range list["tools"].([]any) {
		names = append(names, tool.(map[string]any)["name"].(string))
	}
	if !slices.Equal(names, []string{"advise", "questions", "roles"}) {
		t.Errorf("tools = %v", names)
	}

	call := exchange(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"advise","arguments":{"answers":{"employees":40,"product_driven":true,"engineers":6,"compliance":["hipaa"]}}}}`, 3)
	if call["isError"] == true {
		t.Fatalf("advise failed: %v", call["content"])
	}
	got := call["structuredContent"].(map[string]any)

	// The CLI, in a clean environment, with the same answers.
	cli := exec.Command(bin, "advise", "-o", "json", "--employees", "40", "--product-driven", "--engineers", "6", "--compliance", "hipaa")
	cli.Env = clean
	out, err := cli.Output()
	if err != nil {
		t.Fatalf("advise: %v", err)
	}
	var want map[string]any
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if got["recommendation"] != want["recommendation"] || !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got["answers"])
		w, _ := json.Marshal(want["answers"])
		t.Errorf("recommendation %v, advise -o json's %v; the documents differ (answers %s, want %s)", got["recommendation"], want["recommendation"], g, w)
	}

	// Closing standard input ends the server: standard output ends with
	// nothing more on it, then the process exits 0.
	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		t.Errorf("more on standard output: %q", lines.Text())
	}
	waited = true
	if err := cmd.Wait(); err != nil {
		t.Errorf("after standard input closed: %v, want exit status 0 (stderr %q)", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("standard error without --verbose: %q", stderr.String())
	}
}

// TestREADMEMCPExample keeps the README's MCP example true: its
// registration snippet names the command and its arguments, and its
// exchange's requests are the ones testdata/script/readme_mcp.txtar
// replays and checks the responses of.
func TestREADMEMCPExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## AI assistants (MCP)\n")
	if !ok {
		t.Fatal("README has no section \"AI assistants (MCP)\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")

	_, snippet, ok := strings.Cut(section, "```json\n")
	snippet, _, _ = strings.Cut(snippet, "```")
	var reg struct {
		MCPServers map[string]struct {
			Command string   `json:"command"`
			Args    []string `json:"args"`
		} `json:"mcpServers"`
	}
	if err := json.Unmarshal([]byte(snippet), &reg); !ok || err != nil {
		t.Fatalf("registration snippet: %v\n%s", err, snippet)
	}
	if s := reg.MCPServers["orgadvisor"]; s.Command != "orgadvisor" || !slices.Equal(s.Args, []string{"mcp"}) {
		t.Errorf("registration = %+v, want the command orgadvisor with the argument mcp", s)
	}

	var requests []string
	for _, l := range strings.Split(section, "\n") {
		if r, ok := strings.CutPrefix(l, "→ "); ok {
			requests = append(requests, r)
		}
	}
	ar, err := txtar.ParseFile("testdata/script/readme_mcp.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var replayed []string
	for _, f := range ar.Files {
		if f.Name == "session.jsonl" {
			replayed = strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
		}
	}
	if len(requests) == 0 || !slices.Equal(requests, replayed) {
		t.Errorf("the README's requests are not the ones the script replays:\n%s\nwant:\n%s", strings.Join(requests, "\n"), strings.Join(replayed, "\n"))
	}
}

// startMCP starts `orgadvisor mcp` with env and pipes on its standard
// input and output. A server that stops answering is killed after a
// minute, so that a test's reads end instead of hanging.
func startMCP(t *testing.T, bin string, env []string) (*exec.Cmd, io.WriteCloser, io.Reader, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "mcp")
	cmd.Env = env
	stderr := &bytes.Buffer{}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(time.Minute, func() { _ = cmd.Process.Kill() })
	t.Cleanup(func() { watchdog.Stop() })
	return cmd, stdin, stdout, stderr
}

// TestMCPClientOverStdio connects the MCP Go SDK's own client to
// `orgadvisor mcp` over its standard input and output, as an assistant
// built on it does: the tools answer, and a method for a capability the
// server does not advertise (it advertises tools only) is refused with
// JSON-RPC's -32601, naming the method, where the SDK's server answered
// them all.
func TestMCPClientOverStdio(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("orgadvisor")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "mcp")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0")}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "e2e", Version: "0"}, nil).Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	// Logging is deprecated in the 2026-07-28 protocol, but a client may
	// still ask for it: the server must not advertise it.
	//lint:ignore SA1019 checking that a deprecated capability is absent
	if caps := cs.InitializeResult().Capabilities; caps.Tools == nil || caps.Logging != nil || caps.Resources != nil || caps.Prompts != nil || caps.Completions != nil {
		t.Errorf("capabilities = %+v, want tools only", caps)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) != 3 {
		t.Fatalf("tools/list: %v, %v", tools, err)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "roles", Arguments: map[string]any{"roles": []string{"cto"}}})
	if err != nil || res.IsError {
		t.Fatalf("tools/call roles: %v, %v", res, err)
	}
	for method, call := range map[string]func() error{
		"logging/setLevel": func() error {
			//lint:ignore SA1019 a client may still call this deprecated method, and must be refused
			return cs.SetLoggingLevel(ctx, &mcp.SetLoggingLevelParams{Level: "debug"})
		},
		"resources/list": func() error { _, err := cs.ListResources(ctx, nil); return err },
		"resources/templates/list": func() error {
			_, err := cs.ListResourceTemplates(ctx, nil)
			return err
		},
		"prompts/list": func() error { _, err := cs.ListPrompts(ctx, nil); return err },
		"completion/complete": func() error {
			_, err := cs.Complete(ctx, &mcp.CompleteParams{Ref: &mcp.CompleteReference{Type: "ref/prompt", Name: "p"}, Argument: mcp.CompleteParamsArgument{Name: "a", Value: "b"}})
			return err
		},
	} {
		var rpcErr *jsonrpc.Error
		if err := call(); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc.CodeMethodNotFound || !strings.Contains(rpcErr.Message, `method "`+method+`" not found: the server offers tools only`) {
			t.Errorf("%s: %v, want -32601 naming it", method, err)
		}
	}
	if err := cs.Ping(ctx, nil); err != nil {
		t.Errorf("ping after the refusals: %v", err)
	}
}
