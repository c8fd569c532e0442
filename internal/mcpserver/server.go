// Package mcpserver is orgadvisor as a Model Context Protocol server, the
// way AI assistants call local tools. Its tools are advise, questions and
// roles, with the same contract as the command line: advise goes through
// the engine's front door (advisor.Run), and every tool gives the JSON
// document the matching command prints. It knows nothing of cobra or of
// exit codes; the `mcp` command wires it to standard input and output.
package mcpserver

import (
	"context"
	"io"
	"log/slog"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Options is what a server needs beside the rules.
type Options struct {
	// RulesName names the rules in the documents: "embedded" or the path.
	RulesName string
	// Version is orgadvisor's version, told to clients when they connect.
	Version string
	// Logger logs the server's activity; nil logs nothing.
	Logger *slog.Logger
}

// instructions tell an assistant how the tools fit together.
const instructions = `orgadvisor recommends the technology leadership an organisation needs: a CTO, a CIO, both, a fractional (virtual) CTO or CIO, or none yet, with the reasons, their sources and what would change the answer.
Call "questions" to learn what to ask (or read the input schema of "advise"), then "advise" with the answers by question id. Ask the user for the required answers rather than guess them; questions left out take their defaults, which the result lists in "assumed": tell the user which answers were assumed. An answer that does not fit comes back as an error naming the question and the answers it takes: correct it and call again.
"roles" explains what a CTO, a CIO, a vCTO and a vCIO do and how they differ, with sources.`

// New returns a server whose tools answer from rs. rs must be loaded and
// checked: a broken rules file is the caller's to report, before serving.
func New(rs *rules.Ruleset, opts Options) *mcp.Server {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	srv := mcp.NewServer(
		&mcp.Implementation{Name: "orgadvisor", Title: "orgadvisor", Version: version},
		&mcp.ServerOptions{
			Instructions: instructions,
			Logger:       logger,
			// What the server does: tools, whose list never changes. The
			// SDK's default would offer logging, which it never sends.
			Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}},
		},
	)
	t := &tools{rs: rs, rulesName: opts.RulesName, log: logger}
	for _, tool := range t.list() {
		srv.AddTool(tool.Tool, tool.handler)
	}
	return srv
}

// Serve runs srv over in and out, one JSON-RPC message a line, until in
// ends (the client closed it: nil, once the requests read are answered)
// or ctx is done (ctx's error). Nothing but protocol is written to out.
func Serve(ctx context.Context, srv *mcp.Server, in io.Reader, out io.Writer) error {
	w := &lockedWriter{w: out}
	calls := newPendingCalls()
	t := &mcp.IOTransport{
		Reader: io.NopCloser(newLineFilter(in, w, calls)),
		Writer: nopWriteCloser{w},
		// The filter refuses the lines over maxLine itself; the SDK's
		// limit, a little above, is never reached (a line it reads may
		// count the newline before it too).
		MaxLineLength: maxLine + 64,
	}
	return srv.Run(ctx, drainTransport{Transport: t, calls: calls, timeout: drainTimeout})
}

// nopWriteCloser leaves out open when the session closes: it is the
// process's standard output, which is not the server's to close.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
