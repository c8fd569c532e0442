// Package serve is `orgadvisor serve`: the questionnaire as a web page and
// the advice over HTTP (package server), configured like every command.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/config"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/server"
)

// DefaultAddr is where serve listens by default: this machine only.
const DefaultAddr = "127.0.0.1:8080"

// gcPercent is the garbage collector's target for serve, unless GOGC is
// set.
const gcPercent = 400

// ServeOptions is what `serve` needs, resolved from flags, environment and
// config file.
type ServeOptions struct {
	IO        *iostreams.IOStreams
	Rules     func() (*rules.Ruleset, []rules.Diagnostic, error)
	RulesName string
	Version   string

	Addr         string
	LogFormat    string
	EmbedOrigins []string
	CORSOrigins  []string
	Hosts        []string
	Limits       server.Limits

	// Context, when set, stops the server when done (tests); signals stop
	// it too.
	Context context.Context
	// Ready, when set, is called with the address once the server listens.
	Ready func(addr string)
}

const long = `Serve the questionnaire as a web page and the advice over HTTP, on this machine
by default. The server keeps no state: the answers travel with each request.

  GET  /               the questionnaire, a form that works without JavaScript
  GET  /advice?...     the advice for the answers in the address, a permalink:
                       /advice?employees=40&product_driven=true&compliance=soc2
  POST /v1/advise      an answers object in (JSON, as an answers file), the
                       JSON of "advise -o json" out; ?what_if=false skips the
                       what-if search, ?explain=true adds the trace
  POST /v1/applicable  which questions apply to the answers so far
  POST /v1/batch       JSON Lines in, JSON Lines out, streamed, as "batch"
  GET  /v1/questions   the JSON of "questions -o json"
  GET  /v1/roles       the JSON of "roles -o json"
  GET  /openapi.json   the OpenAPI 3.1 document of the API, from the rules
  GET  /healthz        whether the server is up

Errors are JSON under /v1: {"error": {"message": ..., "problems": [...]}}, with
400 for a body that is not JSON, 422 for answers that do not fit (one problem
per answer, by question id), 413 for a body over --max-body, 415 for a wrong
content type, 405 for a wrong method, 404 for an unknown endpoint and 503 when
--max-requests requests are already being served.

Only the request's answers count: ORGADVISOR_<QUESTION> variables and the
config file's answers are not read, so every request gets the answer its own
answers give. Each setting below has a variable (ORGADVISOR_ADDR,
ORGADVISOR_MAX_BODY, ...) and a config file key (addr, max_body, ...).

It serves plain HTTP. To expose it beyond this machine, put it behind a
reverse proxy that terminates TLS, and name the proxy's host with
--allowed-host: it answers requests sent to localhost or an IP address, and
to other names only when told them, so that no web page can reach it by
pointing its own name at this machine. One line per request goes to standard
error. SIGTERM, or Ctrl-C, stops it gracefully: requests in flight finish
first (up to 30s), then it exits 0 for SIGTERM and 130 for Ctrl-C.`

// NewCmdServe returns the `serve` command; runF replaces the real run in
// tests.
func NewCmdServe(f *cmdutil.Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IOStreams, Rules: f.ActiveRules, RulesName: f.RulesName(), Version: f.Version}
	def := server.DefaultLimits()
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT]",
		Short: "Serve the questionnaire as a web page and the advice over HTTP",
		Long:  long,
		Example: strings.Join([]string{
			"  $ orgadvisor serve",
			"  $ orgadvisor serve --addr 127.0.0.1:9000 --rules my-rules.yaml",
			"  $ curl -s -H 'Content-Type: application/json' \\",
			`      -d '{"employees": 40, "product_driven": true}' \`,
			"      'http://127.0.0.1:8080/v1/advise?what_if=false' | jq -r .recommendation",
			"",
			"  # Let www.example.org show the form in an iframe",
			"  $ orgadvisor serve --embed-origin https://www.example.org",
			"",
			"  # Behind a proxy that keeps the host name advisor.example.org",
			"  $ orgadvisor serve --allowed-host advisor.example.org",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := collect(cmd, f, opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return serveRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.String("addr", DefaultAddr, "listen on `host:port`; port 0 picks a free one")
	fl.String("log-format", "text", "request log `format`: text or json")
	fl.String("embed-origin", "", "let the website at `origin` (https://host[:port]; several comma-separated) frame the pages")
	fl.String("cors-origin", "", "let the scripts of the website at `origin` (several comma-separated, or *) call /v1")
	fl.String("allowed-host", "", "also answer requests sent to the host `name`, a proxy's (several comma-separated, or *)")
	fl.String("max-body", humanize.IBytes(uint64(def.MaxBody)), "the largest body of /v1/advise and /v1/applicable, a `size` such as 1MiB")
	fl.String("max-line", humanize.IBytes(uint64(def.MaxLine)), "the largest record (line) of /v1/batch, a `size` such as 64KiB")
	fl.String("max-requests", fmt.Sprint(def.MaxRequests), "serve at most `n` requests at once; answer 503 beyond")
	fl.String("read-header-timeout", def.ReadHeaderTimeout.String(), "the longest `duration` to read a request's headers")
	fl.String("read-timeout", def.ReadTimeout.String(), "the longest `duration` to read a request; for /v1/batch, between two reads")
	fl.String("write-timeout", def.WriteTimeout.String(), "the longest `duration` to write a response; for /v1/batch, between two writes")
	fl.String("idle-timeout", def.IdleTimeout.String(), "the longest `duration` a kept-alive connection waits for its next request")
	fl.String("batch-timeout", def.BatchTimeout.String(), "the longest `duration` of one whole /v1/batch request")
	_ = cmd.RegisterFlagCompletionFunc("log-format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// collect resolves the settings: flag, then ORGADVISOR_ variable, then
// config file, then default. A bad value names where it was set.
func collect(cmd *cobra.Command, f *cmdutil.Factory, opts *ServeOptions) error {
	cfg := f.Config
	if cfg == nil {
		cfg = config.Empty()
	}
	fl := cmd.Flags()
	str := func(key, flag, def string) config.Setting { return cfg.String(key, fl.Lookup(flag), def) }
	addr := str(config.KeyAddr, "addr", DefaultAddr)
	if _, _, err := net.SplitHostPort(addr.Value); err != nil {
		return cmdutil.BadInputf("%s: %q is not an address such as 127.0.0.1:8080 or :8080", from(addr), addr.Value)
	}
	opts.Addr = addr.Value
	logFormat := str(config.KeyLogFormat, "log-format", "text")
	if logFormat.Value != "text" && logFormat.Value != "json" {
		return cmdutil.BadInputf("%s: unknown log format %q; formats: text, json", from(logFormat), logFormat.Value)
	}
	opts.LogFormat = logFormat.Value
	var err error
	embed := str(config.KeyEmbedOrigin, "embed-origin", "")
	if opts.EmbedOrigins, err = server.ParseOrigins(embed.Value); err != nil {
		return cmdutil.BadInputf("%s: %v", from(embed), err)
	}
	cors := str(config.KeyCORSOrigin, "cors-origin", "")
	if opts.CORSOrigins, err = server.ParseCORSOrigins(cors.Value); err != nil {
		return cmdutil.BadInputf("%s: %v", from(cors), err)
	}
	hosts := str(config.KeyAllowedHost, "allowed-host", "")
	if opts.Hosts, err = server.ParseHosts(hosts.Value); err != nil {
		return cmdutil.BadInputf("%s: %v", from(hosts), err)
	}
	def := server.DefaultLimits()
	l := &opts.Limits
	if l.MaxBody, err = cfg.Size(config.KeyMaxBody, fl.Lookup("max-body"), def.MaxBody); err != nil {
		return cmdutil.BadInput(err)
	}
	if l.MaxLine, err = cfg.Size(config.KeyMaxLine, fl.Lookup("max-line"), def.MaxLine); err != nil {
		return cmdutil.BadInput(err)
	}
	if l.MaxRequests, err = cfg.Count(config.KeyMaxRequests, fl.Lookup("max-requests"), def.MaxRequests); err != nil {
		return cmdutil.BadInput(err)
	}
	for _, d := range []struct {
		key, flag string
		to        *time.Duration
		def       time.Duration
	}{
		{config.KeyReadHeaderTimeout, "read-header-timeout", &l.ReadHeaderTimeout, def.ReadHeaderTimeout},
		{config.KeyReadTimeout, "read-timeout", &l.ReadTimeout, def.ReadTimeout},
		{config.KeyWriteTimeout, "write-timeout", &l.WriteTimeout, def.WriteTimeout},
		{config.KeyIdleTimeout, "idle-timeout", &l.IdleTimeout, def.IdleTimeout},
		{config.KeyBatchTimeout, "batch-timeout", &l.BatchTimeout, def.BatchTimeout},
	} {
		if *d.to, err = cfg.Duration(d.key, fl.Lookup(d.flag), d.def); err != nil {
			return cmdutil.BadInput(err)
		}
	}
	return nil
}

// from names where a setting was set, for an error.
func from(s config.Setting) string {
	if s.From == "" {
		return "default"
	}
	return s.From
}

func serveRun(opts *ServeOptions) error {
	rs, warnings, err := opts.Rules()
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(opts.IO.ErrOut, w.String())
	}
	var handler slog.Handler
	if opts.LogFormat == "json" {
		handler = slog.NewJSONHandler(opts.IO.ErrOut, nil)
	} else {
		handler = slog.NewTextHandler(opts.IO.ErrOut, nil)
	}
	log := slog.New(handler)
	if os.Getenv("GOGC") == "" {
		// The server's live heap is small (the rules, a few buffers), so
		// at Go's default the garbage collector runs every few hundred
		// requests; at 400 it runs a fifth as often, for a quarter less
		// CPU per request (docs/performance.md), and the heap stays within
		// tens of MB. GOGC still overrides it.
		debug.SetGCPercent(gcPercent)
	}
	srv, err := server.New(server.Config{
		Rules: rs, RulesName: opts.RulesName, Version: opts.Version, Logger: log,
		EmbedOrigins: opts.EmbedOrigins, CORSOrigins: opts.CORSOrigins, Hosts: opts.Hosts, Limits: opts.Limits,
	})
	if err != nil {
		return cmdutil.BadInput(err)
	}
	// The signals are caught before the server listens, so that one sent
	// as soon as it is up stops it gracefully.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return cmdutil.BadInputf("cannot listen on %s: %v", opts.Addr, unwrapOpError(err))
	}
	addr := ln.Addr().String()
	log.Info("listening", "url", "http://"+addr+"/", "rules", opts.RulesName)
	if opts.Ready != nil {
		opts.Ready(addr)
	}

	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stoppedBy := make(chan os.Signal, 1)
	go func() {
		select {
		case sig := <-sigs:
			log.Info("signal", "signal", sig.String())
			stoppedBy <- sig
			cancel()
		case <-ctx.Done():
			stoppedBy <- nil
		}
	}()
	err = srv.Serve(ctx, ln)
	cancel()
	got := <-stoppedBy
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return cmdutil.StoppedBy(got)
}

// unwrapOpError keeps the reason of a listen error ("address already in
// use"), without the operation and address the message already names.
func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		var se *os.SyscallError
		if errors.As(oe.Err, &se) {
			return se.Err
		}
		return oe.Err
	}
	return err
}
