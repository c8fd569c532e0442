//go:build unix

package mcp

import (
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil/cmdtest"
)

// TestSignals sends the process a real SIGTERM, then a real SIGINT, while
// the server waits for requests: it stops with exit status 0 for SIGTERM
// and 130 (interrupted) for SIGINT, as serve does. Not parallel: signals
// reach the whole process.
func TestSignals(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		exit int
	}{{syscall.SIGTERM, cmdutil.ExitOK}, {syscall.SIGINT, cmdutil.ExitInterrupted}} {
		f, s := cmdtest.Factory(cmdtest.SmallRules(t), cmdtest.SmallRulesName)
		in, client := io.Pipe()
		defer client.Close()
		out := &cmdtest.SyncBuffer{}
		s.IO.In, s.IO.Out = in, out
		opts := &MCPOptions{IO: s.IO, Rules: f.ActiveRules, RulesName: f.RulesName(), Version: "1.2.3"}
		done := make(chan error, 1)
		go func() { done <- mcpRun(opts) }()
		// The signals are caught once the server answers.
		if _, err := io.WriteString(client, strings.SplitN(requests, "\n", 2)[0]+"\n"); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), `"id":1,"result"`); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%v: no answer to initialize", tc.sig)
			}
		}
		if err := syscall.Kill(os.Getpid(), tc.sig); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if code := cmdutil.ExitCode(err); code != tc.exit || (err != nil && !errors.Is(err, cmdutil.ErrCancel)) {
				t.Errorf("%v: error %v, exit %d, want %d", tc.sig, err, code, tc.exit)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v: the server did not stop", tc.sig)
		}
	}
}
