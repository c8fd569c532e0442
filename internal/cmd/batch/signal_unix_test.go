//go:build unix

package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
)

// endlessInput yields JSON Lines records for ever.
type endlessInput struct {
	n   int
	buf []byte
}

func (e *endlessInput) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) {
		e.n++
		e.buf = fmt.Appendf(e.buf, `{"id":"org-%d","employees":%d}`+"\n", e.n, e.n%900+1)
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

// signalWriter collects the output and closes started at the first write.
type signalWriter struct {
	mu      sync.Mutex
	b       bytes.Buffer
	once    sync.Once
	started chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.started) })
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestInterruptSignal sends the process a real SIGINT while batch runs on
// an endless input: it stops with the interrupt (exit 130) and every line
// written is a whole record.
func TestInterruptSignal(t *testing.T) {
	opts, _, errOut := options(t, "")
	out := &signalWriter{started: make(chan struct{})}
	opts.IO.In, opts.IO.Out = &endlessInput{}, out
	done := make(chan error, 1)
	go func() { done <- batchRun(opts) }()
	select {
	case <-out.started:
	case <-time.After(30 * time.Second):
		t.Fatal("no output after 30s")
	}
	// The command's signal handler is in place once it writes.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("batch did not stop within 30s of SIGINT")
	}
	if !errors.Is(err, cmdutil.ErrCancel) || cmdutil.ExitCode(err) != cmdutil.ExitInterrupted {
		t.Fatalf("error %v, want the interrupt (exit 130)", err)
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	data := out.b.String()
	if !strings.HasSuffix(data, "\n") {
		t.Fatalf("output does not end with a whole line: ...%q", data[max(0, len(data)-80):])
	}
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i, l := range lines {
		var rec struct {
			Line int    `json:"line"`
			ID   string `json:"id"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Line != i+1 || rec.ID != fmt.Sprintf("org-%d", i+1) {
			t.Fatalf("line %d is not whole: %.100q (%v)", i+1, l, err)
		}
	}
	if !strings.Contains(errOut.String(), fmt.Sprintf("%d records, 0 failed (interrupted)", len(lines))) {
		t.Errorf("stderr %q does not count the %d records written", errOut, len(lines))
	}
}
