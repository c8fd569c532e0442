//go:build unix

package serve

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/server/servertest"
)

// TestSignals sends the process a real SIGTERM, then a real SIGINT, while
// a request is in flight: the request finishes, then serve stops, with
// exit status 0 for SIGTERM and 130 (interrupted) for SIGINT. Not
// parallel: signals reach the whole process.
func TestSignals(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		exit int
	}{{syscall.SIGTERM, cmdutil.ExitOK}, {syscall.SIGINT, cmdutil.ExitInterrupted}} {
		opts, logs := options(t)
		base, wait := serving(t, opts)
		finish := servertest.InFlight(t, base)
		if err := syscall.Kill(os.Getpid(), tc.sig); err != nil {
			t.Fatal(err)
		}
		// The request finishes only once serve is shutting down, so that
		// it is a request in flight at the shutdown.
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "shutting down"); {
			if time.Now().After(deadline) {
				t.Fatalf("%v: serve did not start shutting down:\n%s", tc.sig, logs)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if !finish() {
			t.Errorf("%v: the request in flight did not finish", tc.sig)
		}
		err := wait()
		if code := cmdutil.ExitCode(err); code != tc.exit || (err != nil && !errors.Is(err, cmdutil.ErrCancel)) {
			t.Errorf("%v: error %v, exit %d, want %d", tc.sig, err, code, tc.exit)
		}
		if _, err := http.Get(base + "/healthz"); err == nil {
			t.Errorf("%v: still serving", tc.sig)
		}
		t.Logf("%v:\n%s", tc.sig, logs)
	}
}
