package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// TestNewCmdServe checks the settings from flags, the environment and the
// config file, and every bad value's message. Not parallel: it sets
// environment variables.
func TestNewCmdServe(t *testing.T) {
	for _, k := range []string{"ADDR", "LOG_FORMAT", "EMBED_ORIGIN", "CORS_ORIGIN", "ALLOWED_HOST", "MAX_BODY", "MAX_LINE", "MAX_REQUESTS", "READ_TIMEOUT", "BATCH_TIMEOUT"} {
		t.Setenv("ORGADVISOR_"+k, "")
	}
	cfg, err := config.Parse("/etc/oa.yaml", []byte("addr: 127.0.0.1:9000\nmax_body: 2MiB\nread_timeout: 1m\nmax_requests: 300\nanswers:\n  employees: 5000\n"))
	if err != nil {
		t.Fatal(err)
	}
	show := func(o *ServeOptions) string {
		l := o.Limits
		return fmt.Sprintf("%s %s embed=%v cors=%v hosts=%v body=%d line=%d n=%d rh=%v r=%v w=%v i=%v b=%v", o.Addr, o.LogFormat, o.EmbedOrigins, o.CORSOrigins, o.Hosts,
			l.MaxBody, l.MaxLine, l.MaxRequests, l.ReadHeaderTimeout, l.ReadTimeout, l.WriteTimeout, l.IdleTimeout, l.BatchTimeout)
	}
	for _, tc := range []struct {
		env    map[string]string
		config bool
		args   []string
		want   string
		err    string
	}{
		{args: nil, want: "127.0.0.1:8080 text embed=[] cors=[] hosts=[] body=1048576 line=1048576 n=128 rh=5s r=10s w=1m0s i=2m0s b=10m0s"},
		{config: true, want: "127.0.0.1:9000 text embed=[] cors=[] hosts=[] body=2097152 line=1048576 n=300 rh=5s r=1m0s w=1m0s i=2m0s b=10m0s"},
		{config: true, env: map[string]string{"ORGADVISOR_ADDR": ":0", "ORGADVISOR_MAX_BODY": "64KiB", "ORGADVISOR_LOG_FORMAT": "json"},
			want: ":0 json embed=[] cors=[] hosts=[] body=65536 line=1048576 n=300 rh=5s r=1m0s w=1m0s i=2m0s b=10m0s"},
		{config: true, env: map[string]string{"ORGADVISOR_ADDR": ":0"}, args: []string{"--addr", "localhost:1234", "--embed-origin", "https://a.example,https://B.example", "--cors-origin", "*", "--allowed-host", "Advisor.example.org,*", "--max-line", "4096", "--batch-timeout", "90s", "--write-timeout", "5s"},
			want: "localhost:1234 text embed=[https://a.example https://b.example] cors=[*] hosts=[advisor.example.org *] body=2097152 line=4096 n=300 rh=5s r=1m0s w=5s i=2m0s b=1m30s"},
		{args: []string{"--addr", "8080"}, err: "`--addr`: \"8080\" is not an address such as 127.0.0.1:8080 or :8080"},
		{env: map[string]string{"ORGADVISOR_LOG_FORMAT": "xml"}, err: `ORGADVISOR_LOG_FORMAT: unknown log format "xml"; formats: text, json`},
		{args: []string{"--embed-origin", "https://a.example/page"}, err: "`--embed-origin`: \"https://a.example/page\" is not a web origin such as https://example.org or http://localhost:3000"},
		{args: []string{"--cors-origin", "https://a.example;script-src *"}, err: "`--cors-origin`: \"https://a.example;script-src\" is not a web origin such as https://example.org or http://localhost:3000"},
		{env: map[string]string{"ORGADVISOR_ALLOWED_HOST": "https://advisor.example.org"}, err: `ORGADVISOR_ALLOWED_HOST: "https://advisor.example.org" is not a host name such as advisor.example.org (no scheme, no port)`},
		{args: []string{"--max-body", "big"}, err: "`--max-body`: \"big\" is not a size such as 1MiB, 512KiB or 65536 (bytes)"},
		{args: []string{"--max-requests", "0"}, err: "`--max-requests`: \"0\" is not a whole number of at least 1"},
		{env: map[string]string{"ORGADVISOR_READ_TIMEOUT": "30"}, err: `ORGADVISOR_READ_TIMEOUT: "30" is not a duration such as 30s, 2m or 1m30s`},
		{args: []string{"extra"}, err: "unexpected argument \"extra\" for \"serve\""},
	} {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		rs := cmdtest.SmallRules(t)
		f, _ := cmdtest.Factory(rs, "small.yaml")
		if tc.config {
			f.Config = cfg
		}
		var got *ServeOptions
		err := cmdtest.ParseFlags(NewCmdServe(f, func(o *ServeOptions) error { got = o; return nil }), tc.args)
		for k := range tc.env {
			t.Setenv(k, "")
		}
		if !cmdtest.CheckError(t, tc.args, err, tc.err) || tc.err != "" {
			continue
		}
		if s := strings.ReplaceAll(show(got), "[]", "[]"); s != tc.want {
			t.Errorf("%v %v: %s\nwant %s", tc.env, tc.args, s, tc.want)
		}
	}
}

// serving runs serveRun on a free port until the test ends; it returns the
// base URL and the error serveRun returns.
func serving(t *testing.T, opts *ServeOptions) (string, func() error) {
	t.Helper()
	ready := make(chan string, 1)
	opts.Ready = func(addr string) { ready <- addr }
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	done := make(chan error, 1)
	go func() { done <- serveRun(opts) }()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("not listening after 10s")
	}
	var once sync.Once
	var err error
	wait := func() error {
		once.Do(func() {
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				err = fmt.Errorf("serve did not stop within 10s")
			}
		})
		return err
	}
	return base, wait
}

func options(t *testing.T) (*ServeOptions, *cmdtest.SyncBuffer) {
	rs, err := orgadvisor.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	f, streams := cmdtest.Factory(rs, "")
	logs := &cmdtest.SyncBuffer{}
	f.IOStreams.ErrOut = logs
	_ = streams
	return &ServeOptions{IO: f.IOStreams, Rules: func() (*rules.Ruleset, []rules.Diagnostic, error) { return rs, nil, nil }, RulesName: "embedded", LogFormat: "json"}, logs
}

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, m
}

// TestServeOnlyRequestAnswers checks that the answers of a request are the
// whole input: neither ORGADVISOR_<QUESTION> variables nor the config
// file's answers fill in what it leaves out. Not parallel: it sets
// environment variables.
func TestServeOnlyRequestAnswers(t *testing.T) {
	t.Setenv("ORGADVISOR_EMPLOYEES", "5000")
	t.Setenv("ORGADVISOR_PRODUCT_DRIVEN", "true")
	t.Setenv("ORGADVISOR_SECTOR", "finance")
	opts, logs := options(t)
	ctx, cancel := context.WithCancel(context.Background())
	opts.Context = ctx
	base, wait := serving(t, opts)
	status, body := post(t, base+"/v1/advise?what_if=false", `{"it_staff": "team"}`)
	if status != 422 || body["error"].(map[string]any)["message"] != "missing required answers: employees, product_driven" {
		t.Errorf("the environment answered: %d %v", status, body)
	}
	status, body = post(t, base+"/v1/advise?what_if=false", `{"employees": 40, "product_driven": false}`)
	if a := body["answers"].(map[string]any); status != 200 || a["employees"] != 40.0 || a["sector"] != "other" {
		t.Errorf("answers %d %v", status, a)
	}
	cancel()
	if err := wait(); err != nil {
		t.Fatalf("stopped by its context: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var req map[string]any
	if len(lines) < 4 || json.Unmarshal([]byte(lines[1]), &req) != nil || req["msg"] != "request" || req["status"] != 422.0 || req["path"] != "/v1/advise" || req["method"] != "POST" {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// TestServeAddressInUse checks that a port already taken is bad input
// (exit 2) that says so.
func TestServeAddressInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	opts, _ := options(t)
	opts.Addr = ln.Addr().String()
	err = serveRun(opts)
	if cmdutil.ExitCode(err) != cmdutil.ExitBadInput || err.Error() != "cannot listen on "+opts.Addr+": address already in use" {
		t.Errorf("error %v (exit %d)", err, cmdutil.ExitCode(err))
	}
}
