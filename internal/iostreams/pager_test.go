package iostreams

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
)

// screen is a pseudo-terminal of 80x10 cells standing in for standard
// output: what is written to Out is collected from the other side.
type screen struct {
	ios  *IOStreams
	mu   sync.Mutex
	buf  bytes.Buffer
	done chan struct{}
	tty  *os.File
}

func newScreen(t *testing.T) *screen {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(tty, &pty.Winsize{Cols: 80, Rows: 10}); err != nil {
		t.Fatal(err)
	}
	s := &screen{tty: tty, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		b := make([]byte, 4096)
		for {
			n, err := ptmx.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { ptmx.Close() })
	s.ios = &IOStreams{In: &bytes.Buffer{}, Out: tty, ErrOut: &bytes.Buffer{}}
	s.ios.SetTTY(false, true, false)
	return s
}

// text closes the terminal and returns what was written, with \n line ends.
func (s *screen) text() string {
	s.tty.Close()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.ReplaceAll(s.buf.String(), "\r\n", "\n")
}

func lines(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString("line\n")
	}
	return b.String()
}

func needSed(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("sed is needed as a pager")
	}
}

func TestWritePagedAtATerminal(t *testing.T) {
	t.Parallel()
	needSed(t)
	tests := []struct {
		name  string
		pager string
		text  string
		paged bool
	}{
		{"long text is paged", "sed -e 's/^/paged: /'", lines(12), true},
		{"text that fits is not", "sed -e 's/^/paged: /'", lines(9), false},
		// 3 lines of 200 columns take 9 rows of 80, plus one: 10.
		{"wrapped lines count as rows", "sed -e 's/^/paged: /'", strings.Repeat(strings.Repeat("x", 200)+"\n", 3) + "end\n", true},
		{"colour takes no room", "sed -e 's/^/paged: /'", strings.Repeat("\x1b[1m"+strings.Repeat("x", 78)+"\x1b[0m\n", 9), false},
		{"cat means no pager", "cat", lines(12), false},
		{"no pager", "", lines(12), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newScreen(t)
			s.ios.SetPager(tt.pager, "ORGADVISOR_PAGER")
			if err := s.ios.WritePaged([]byte(tt.text)); err != nil {
				t.Fatal(err)
			}
			got := s.text()
			if paged := strings.Contains(got, "paged: "); paged != tt.paged {
				t.Errorf("paged %v, want %v:\n%s", paged, tt.paged, got)
			}
			if strings.Count(got, "\n") != strings.Count(tt.text, "\n") {
				t.Errorf("%d lines shown, want %d:\n%q", strings.Count(got, "\n"), strings.Count(tt.text, "\n"), got)
			}
		})
	}
}

func TestWritePagedNeverThroughAPipe(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := Test()
	ios.SetPager("sed -e 's/^/paged: /'", "ORGADVISOR_PAGER")
	if err := ios.WritePaged([]byte(lines(500))); err != nil {
		t.Fatal(err)
	}
	if out.String() != lines(500) {
		t.Errorf("output not written directly: %.100q", out.String())
	}
}

// A pager that quits early (q in less) ends the output quietly.
func TestWritePagedPagerQuitsEarly(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("head"); err != nil {
		t.Skip("head is needed as a pager")
	}
	s := newScreen(t)
	s.ios.SetPager("head -n 1", "PAGER")
	big := strings.Repeat(strings.Repeat("x", 79)+"\n", 20000) // 1.6 MB, far past a pipe's buffer
	if err := s.ios.WritePaged([]byte(big)); err != nil {
		t.Fatalf("WritePaged: %v", err)
	}
	if got := s.text(); got != strings.Repeat("x", 79)+"\n" {
		t.Errorf("shown %.200q, want the first line", got)
	}
	if e := s.ios.ErrOut.(*bytes.Buffer).String(); e != "" {
		t.Errorf("standard error: %q", e)
	}
}

// A pager that cannot start means direct output, with a warning when the
// pager was set rather than the default.
func TestWritePagedMissingPager(t *testing.T) {
	t.Parallel()
	for _, from := range []string{"ORGADVISOR_PAGER", ""} {
		s := newScreen(t)
		s.ios.SetPager("orgadvisor-no-such-pager -x", from)
		if err := s.ios.WritePaged([]byte(lines(20))); err != nil {
			t.Fatal(err)
		}
		if got := s.text(); got != lines(20) {
			t.Errorf("from %q: shown %q, want the text itself", from, got)
		}
		warning := s.ios.ErrOut.(*bytes.Buffer).String()
		want := `orgadvisor: warning: cannot start the pager "orgadvisor-no-such-pager -x" (set by ORGADVISOR_PAGER): exec: "orgadvisor-no-such-pager": executable file not found in $PATH; writing directly` + "\n"
		if from == "" {
			want = ""
		}
		if warning != want {
			t.Errorf("from %q: standard error %q, want %q", from, warning, want)
		}
	}
}

func TestPagerEnv(t *testing.T) {
	t.Parallel()
	got := strings.Join(pagerEnv([]string{"HOME=/h", "LESS=-S"}), " ")
	if got != "HOME=/h LESS=-S LV=-c" {
		t.Errorf("pagerEnv = %q", got)
	}
}
