//go:build unix

package main_test

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMCPSignals starts `orgadvisor mcp`, as an assistant does, and stops
// it with a signal once it has answered: exit status 0 for SIGTERM (how
// clients stop their tools) and 130 for SIGINT (Ctrl-C), as `serve`.
func TestMCPSignals(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("orgadvisor")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		exit int
	}{{syscall.SIGTERM, 0}, {syscall.SIGINT, 130}} {
		cmd, stdin, stdout, stderr := startMCP(t, bin, []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0")})
		if _, err := io.WriteString(stdin, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"e2e","version":"0"}}}`+"\n"); err != nil {
			t.Fatal(err)
		}
		// The signal handlers are in place once it answers.
		if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || !strings.HasPrefix(line, `{"jsonrpc":"2.0","id":1,"result":`) {
			t.Fatalf("%v: answer to initialize %q, %v (stderr %q)", tc.sig, line, err, stderr.String())
		}
		if err := cmd.Process.Signal(tc.sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != tc.exit {
			t.Errorf("%v: %v, exit status %d, want %d (stderr %q)", tc.sig, err, code, tc.exit, stderr.String())
		}
		if stderr.Len() > 0 {
			t.Errorf("%v: standard error %q, want nothing", tc.sig, stderr.String())
		}
		stdin.Close()
	}
}
