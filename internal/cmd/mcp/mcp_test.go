package mcp

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestNewCmdMCP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		verbose bool
		wantErr string
	}{
		{args: nil},
		{args: []string{"--verbose"}, verbose: true},
		{args: []string{"serve"}, wantErr: `unexpected argument "serve" for "mcp"`},
		{args: []string{"--stdio"}, wantErr: "unknown flag `--stdio`"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			f, _ := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
			var got *MCPOptions
			cmd := NewCmdMCP(f, func(o *MCPOptions) error { got = o; return nil })
			err := cmdtest.ParseFlags(cmd, tt.args)
			if !cmdtest.CheckError(t, tt.args, err, tt.wantErr) || tt.wantErr != "" {
				return
			}
			if got.Verbose != tt.verbose || got.RulesName != cmdtest.SmallRulesName || got.Version != "1.2.3" {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

// requests is a client's session: initialize, then one call of advise.
const requests = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"advise","arguments":{"answers":{"team_size":20,"builds_software":true}}}}
`

// run serves requests on the small rules and returns standard output and
// standard error.
func run(t *testing.T, verbose bool, rulesFn func() (*rules.Ruleset, []rules.Diagnostic, error)) (string, string, error) {
	t.Helper()
	f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
	s.In.WriteString(requests)
	opts := &MCPOptions{IO: s.IO, Rules: f.ActiveRules, RulesName: f.RulesName(), Version: "1.2.3", Verbose: verbose}
	if rulesFn != nil {
		opts.Rules = rulesFn
	}
	err := mcpRun(opts)
	return s.Out.String(), s.ErrOut.String(), err
}

// TestOnlyProtocolOnStandardOutput checks that standard output holds the
// answers to the two calls and nothing else, and that standard error stays
// silent without --verbose.
func TestOnlyProtocolOnStandardOutput(t *testing.T) {
	t.Parallel()
	for _, verbose := range []bool{false, true} {
		out, errOut, err := run(t, verbose, nil)
		if err != nil {
			t.Fatalf("verbose %v: %v (the end of the input is a normal stop)", verbose, err)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		ids := map[float64]bool{}
		for _, l := range lines {
			var msg struct {
				JSONRPC string          `json:"jsonrpc"`
				ID      float64         `json:"id"`
				Result  json.RawMessage `json:"result"`
			}
			if err := json.Unmarshal([]byte(l), &msg); err != nil || msg.JSONRPC != "2.0" || msg.Result == nil {
				t.Errorf("verbose %v: not a JSON-RPC result on standard output: %q", verbose, l)
			}
			ids[msg.ID] = true
		}
		if len(lines) != 2 || !ids[1] || !ids[2] {
			t.Errorf("verbose %v: %d lines, ids %v; want the answers to 1 and 2", verbose, len(lines), ids)
		}
		if !strings.Contains(out, `"recommendation":"ptech"`) {
			t.Errorf("verbose %v: no recommendation in %s", verbose, out)
		}
		switch {
		case !verbose && errOut != "":
			t.Errorf("standard error without --verbose: %q", errOut)
		case verbose && (!strings.Contains(errOut, "msg=serving rules=small.yaml") || !strings.Contains(errOut, "tool=advise recommendation=ptech")):
			t.Errorf("standard error with --verbose: %q", errOut)
		}
	}
}

func TestBrokenRulesStopTheServerBeforeItStarts(t *testing.T) {
	t.Parallel()
	_, _, loadErr := rules.Load("bad.yaml", []byte("version: 1\nquestions: [}\n"))
	if loadErr == nil {
		t.Fatal("the bad rules loaded")
	}
	out, errOut, err := run(t, true, func() (*rules.Ruleset, []rules.Diagnostic, error) {
		return nil, nil, cmdutil.BadInput(loadErr)
	})
	if !errors.Is(err, loadErr) || cmdutil.ExitCode(err) != cmdutil.ExitBadInput {
		t.Errorf("error = %v (exit %d), want the rules' error (exit 2)", err, cmdutil.ExitCode(err))
	}
	if out != "" || errOut != "" {
		t.Errorf("the server started: stdout %q, stderr %q", out, errOut)
	}
}

func TestRulesWarningsGoToStandardError(t *testing.T) {
	t.Parallel()
	rs := cmdtest.SmallRules(t)
	warning := rules.Diagnostic{Severity: rules.SeverityWarning, Pos: rules.Pos{File: "small.yaml", Line: 3, Col: 5}, Message: "source s2 is never cited"}
	out, errOut, err := run(t, false, func() (*rules.Ruleset, []rules.Diagnostic, error) {
		return rs, []rules.Diagnostic{warning}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if errOut != warning.String()+"\n" || strings.Contains(out, "never cited") {
		t.Errorf("stderr %q, want the warning alone; stdout %q", errOut, out)
	}
}
