// Package mcp is `orgadvisor mcp`: the advisor as a tool for AI
// assistants, over the Model Context Protocol on standard input and output
// (the server itself is internal/mcpserver).
package mcp

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/mcpserver"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// MCPOptions is what `mcp` needs.
type MCPOptions struct {
	IO *iostreams.IOStreams
	// Rules are the active rules; RulesName names them in the documents.
	Rules     func() (*rules.Ruleset, []rules.Diagnostic, error)
	RulesName string
	Version   string
	// Verbose logs the server's activity on standard error.
	Verbose bool
	// Context, when set, stops the server when done (tests), as Ctrl-C
	// does; signals stop it too.
	Context context.Context
}

// NewCmdMCP returns the `mcp` command; runF replaces the real run in tests.
func NewCmdMCP(f *cmdutil.Factory, runF func(*MCPOptions) error) *cobra.Command {
	opts := &MCPOptions{IO: f.IOStreams, Rules: f.ActiveRules, RulesName: f.RulesName(), Version: f.Version}
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve the advisor to AI assistants (Model Context Protocol, stdio)",
		Long: strings.TrimSpace(`
Serve the advisor to AI assistants over the Model Context Protocol, on standard
input and output: an assistant starts "orgadvisor mcp" as a local tool and
calls its tools.

  advise     the recommendation for the answers given, as "advise -o json"
             writes it, after a short summary; arguments: {"answers": {...},
             "what_if": true, "explain": false}
  questions  the questions, as "questions -o json" writes them
  roles      the roles explained, as "roles -o json" writes them; at most
             two roles, as "roles" compares

A call's answers are its whole input: the config file's answers and the
ORGADVISOR_<QUESTION> variables do not apply. The rules are the active rules
(--rules FILE, ORGADVISOR_RULES or the config file's rules); a rules file that
does not load stops the server before it starts (exit 2).

Standard output carries only the protocol. Logs go to standard error, with
--verbose only. The server stops when standard input closes, once the
requests read are answered (exit 0); SIGTERM stops it too (exit 0), and
Ctrl-C (exit 130).`),
		Example: strings.Join([]string{
			"  # Register with an assistant: the command is orgadvisor, the arguments mcp",
			`  {"mcpServers": {"orgadvisor": {"command": "orgadvisor", "args": ["mcp"]}}}`,
			"",
			"  # With your own rules, logging to standard error",
			"  $ orgadvisor mcp --rules my-rules.yaml --verbose",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return mcpRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Verbose, "verbose", false, "log the server's activity on standard error")
	return cmd
}

func mcpRun(opts *MCPOptions) error {
	// The rules are loaded and checked before anything is served, so a
	// broken rules file is the command line's one-line error, exit 2.
	rs, warnings, err := opts.Rules()
	if err != nil {
		return err
	}
	ios := opts.IO
	for _, w := range warnings {
		fmt.Fprintln(ios.ErrOut, w.String())
	}
	logger := slog.New(slog.DiscardHandler)
	if opts.Verbose {
		logger = slog.New(slog.NewTextHandler(ios.ErrOut, nil))
	}
	if ios.IsStdinTTY() {
		fmt.Fprintln(ios.ErrOut, "orgadvisor mcp speaks the Model Context Protocol on standard input and output, for an AI assistant to start; Ctrl-D stops it")
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A stop signal ends the session; which one decides the exit status.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	stoppedBy := make(chan os.Signal, 1)
	go func() {
		select {
		case sig := <-sigs:
			logger.Info("signal", "signal", sig.String())
			stoppedBy <- sig
			cancel()
		case <-ctx.Done():
			stoppedBy <- nil
		}
	}()

	logger.Info("serving", "rules", opts.RulesName, "version", rs.Version, "sha256", rs.Digest)
	srv := mcpserver.New(rs, mcpserver.Options{RulesName: opts.RulesName, Version: opts.Version, Logger: logger})
	err = mcpserver.Serve(ctx, srv, ios.In, ios.Out)
	cancel()
	switch sig := <-stoppedBy; {
	case sig != nil:
		logger.Info("stopped")
		return cmdutil.StoppedBy(sig)
	case opts.Context != nil && opts.Context.Err() != nil:
		return cmdutil.ErrCancel
	case err != nil:
		return fmt.Errorf("mcp: %w", err)
	}
	logger.Info("standard input closed; stopping")
	return nil
}
