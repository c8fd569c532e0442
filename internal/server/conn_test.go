package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/server/servertest"
)

// listen serves s on a loopback port with its own http.Server (timeouts
// included) until the test ends; it returns the base URL.
func listen(t *testing.T, s *Server) (string, context.CancelFunc, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	finished := make(chan struct{})
	go func() {
		done <- s.Serve(ctx, ln)
		close(finished)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return within 10s of the end of the test")
		}
	})
	return "http://" + ln.Addr().String(), cancel, done
}

// fastLimits gives a body a second to come, for the tests of bodies that
// stop, and the rest 10 s: every request here sends its headers at once,
// and a machine that stalls for a moment must not turn a request under
// test into a dropped connection.
func fastLimits(c *Config) {
	c.Limits.ReadHeaderTimeout = 10 * time.Second
	c.Limits.ReadTimeout = time.Second
	c.Limits.WriteTimeout = 10 * time.Second
	c.Limits.IdleTimeout = 10 * time.Second
}

// closedWithin reports whether the server ends the connection within d:
// a slow client is dropped, not waited for.
func closedWithin(t *testing.T, conn net.Conn, d time.Duration) string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(d))
	data, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server still held the connection after %v; read %q", d, data)
	}
	return string(data)
}

// TestSlowClients checks that a client that sends its headers or its body
// too slowly is cut off by the timeouts, and frees its place.
func TestSlowClients(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) {
		fastLimits(c)
		c.Limits.ReadHeaderTimeout = time.Second
		c.Limits.MaxRequests = 1
	})
	base, _, _ := listen(t, s)
	addr := strings.TrimPrefix(base, "http://")

	// Headers that never end.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /v1/advise HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n")
	closedWithin(t, conn, 10*time.Second)

	// A body that never ends, on the one place there is.
	conn2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	fmt.Fprint(conn2, "POST /v1/advise HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"employees\": ")
	got := closedWithin(t, conn2, 10*time.Second)
	if got != "" && !strings.HasPrefix(got, "HTTP/1.1 408 ") {
		t.Errorf("slow body: %q", got)
	}
	// The place is free again.
	resp, err := http.Post(base+"/v1/advise?what_if=false", jsonCT, strings.NewReader(`{"employees": 3, "product_driven": false}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("after the slow clients: %d", resp.StatusCode)
	}

	// Headers over the limit.
	req, _ := http.NewRequest("GET", base+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("x", maxHeaderBytes+4096))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("huge headers: %d", resp.StatusCode)
	}
}

// TestBodyErrorsNameNoAddress checks that a body that stops, or ends
// before its announced end, is an error that says so, and names neither
// the server's address nor the client's (net/http's own errors do: "read
// tcp 127.0.0.1:8080->127.0.0.1:51650: i/o timeout").
func TestBodyErrorsNameNoAddress(t *testing.T) {
	t.Parallel()
	s := testServer(t, fastLimits)
	base, _, _ := listen(t, s)
	addr := strings.TrimPrefix(base, "http://")
	tests := []struct {
		name     string
		halfDone bool // the client closes its side after the partial body
		want     string
	}{
		{"stops", false, "HTTP/1.1 408 Request Timeout\r\n.*\r\n\r\n" + `\{"error":\{"message":"the body did not come within the read timeout of 1s","problems":\[\]\}\}\n$`},
		{"ends early", true, "HTTP/1.1 400 Bad Request\r\n.*\r\n\r\n" + `\{"error":\{"message":"the body ended early: the connection closed before the end its Content-Length or chunks announced","problems":\[\]\}\}\n$`},
	}
	for _, tt := range tests {
		for _, path := range []string{"/v1/advise", "/v1/applicable"} {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"employees\": ", path)
			if tt.halfDone {
				_ = conn.(*net.TCPConn).CloseWrite()
			}
			got := closedWithin(t, conn, 10*time.Second)
			if !regexp.MustCompile(`(?s)^`+tt.want).MatchString(got) || strings.Contains(got, "127.0.0.1") || strings.Contains(got, "tcp") {
				t.Errorf("%s, %s:\n%s", tt.name, path, got)
			}
		}
	}
}

// TestBatchBodyEndsEarly checks that a batch whose body ends before its
// announced end (the client closed its side of the connection) is told so,
// not answered 200 with no results as if it held no records. The record
// that came whole is scored: the answer is a 200 with its result and then
// the error, every time.
func TestBatchBodyEndsEarly(t *testing.T) {
	t.Parallel()
	s := testServer(t, fastLimits)
	base, _, _ := listen(t, s)
	addr := strings.TrimPrefix(base, "http://")
	const want = `{"error":{"message":"the body ended early: the connection closed before the end its Content-Length or chunks announced; the records after the last result were not scored","problems":[]}}`
	for name, req := range map[string]string{
		"length": "Content-Length: 1000\r\n\r\n" + `{"employees": 40, "product_driven": true}` + "\n",
		"chunks": "Transfer-Encoding: chunked\r\n\r\n2a\r\n" + `{"employees": 40, "product_driven": true}` + "\n\r\n",
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n%s", req)
		_ = conn.(*net.TCPConn).CloseWrite()
		got := closedWithin(t, conn, 10*time.Second)
		resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(got)), nil)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, got)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, got)
		}
		lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
		if resp.StatusCode != http.StatusOK || len(lines) != 2 || !strings.HasPrefix(lines[0], `{"line":1,"recommendation":`) || lines[1] != want {
			t.Errorf("%s: want a 200 with one result and then the error:\n%s", name, got)
		}
	}
}

// TestBatchScoresEveryWholeRecord checks the order that
// TestBatchBodyEndsEarly meets only now and then: net/http cancels the
// request's context when the connection ends, a moment before the body's
// read returns io.ErrUnexpectedEOF. Every record that came whole must
// still be scored and written, then the reason the body ended: not some
// of them, by timing, and not a silence as for a client gone. The body
// here sends many records, then does the same at once, so that a run
// that stopped at the cancel could not have scored them all.
func TestBatchScoresEveryWholeRecord(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const n = 300
	var first strings.Builder
	for i := range n {
		fmt.Fprintf(&first, `{"id": "r%d", "employees": %d, "product_driven": true}`+"\n", i, 10+i)
	}
	w := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder(), cutCh: make(chan struct{})}
	body := &cancellingBody{first: first.String(), cancel: cancel}
	req := httptest.NewRequest("POST", "/v1/batch", body).WithContext(ctx)
	req.Header.Set("Content-Type", "application/x-ndjson")
	s.ServeHTTP(w, req)
	want := `{"error":{"message":"the body ended early: the connection closed before the end its Content-Length or chunks announced; the records after the last result were not scored","problems":[]}}`
	lines := strings.Split(strings.TrimSuffix(w.Body.String(), "\n"), "\n")
	if w.Code != http.StatusOK || len(lines) != n+1 || lines[n] != want {
		t.Fatalf("want a 200 with %d results and then the error; got %d with %d lines, the last:\n%s", n, w.Code, len(lines), lines[len(lines)-1])
	}
	for i, l := range lines[:n] {
		if !strings.HasPrefix(l, fmt.Sprintf(`{"line":%d,"id":"r%d","recommendation":`, i+1, i)) {
			t.Fatalf("result %d: %s", i+1, l)
		}
	}
}

// TestDeadlineReaderCut checks that a cut stops every later read at once,
// without reading the body or moving the deadline the cut set.
func TestDeadlineReaderCut(t *testing.T) {
	t.Parallel()
	w := &deadlineRecorder{ResponseRecorder: httptest.NewRecorder(), cutCh: make(chan struct{})}
	body := strings.NewReader("{}\n{}\n")
	d := &deadlineReader{r: body, rc: http.NewResponseController(w), every: time.Minute, end: time.Now().Add(time.Hour)}
	buf := make([]byte, 3)
	if n, err := d.Read(buf); n != 3 || err != nil {
		t.Fatalf("before the cut: %d, %v", n, err)
	}
	if err := d.SetReadDeadline(time.Now()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if n, err := d.Read(buf); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("after the cut: %d, %v", n, err)
		}
	}
	if body.Len() != 3 || !w.cut() || d.failure() != nil {
		t.Errorf("after the cut: %d bytes read of 6, cut %v, failure %v", 6-body.Len(), w.cut(), d.failure())
	}
	w.mu.Lock()
	last := w.last
	w.mu.Unlock()
	if last.After(time.Now()) {
		t.Errorf("a read after the cut moved the deadline to %v", last)
	}
}

// cancellingBody gives its records, then ends as a connection that
// closes does: it cancels the request's context, then returns
// io.ErrUnexpectedEOF.
type cancellingBody struct {
	first  string
	cancel context.CancelFunc
	reads  int
}

func (b *cancellingBody) Read(p []byte) (int, error) {
	b.reads++
	if b.reads == 1 {
		return copy(p, b.first), nil
	}
	b.cancel()
	return 0, io.ErrUnexpectedEOF
}

// deadlineRecorder is a recorder that, as a server's connection does,
// takes read and write deadlines; a read deadline in the past (a cut)
// closes cutCh.
type deadlineRecorder struct {
	*httptest.ResponseRecorder
	cutCh  chan struct{}
	mu     sync.Mutex
	wasCut bool
	last   time.Time // the last read deadline set
}

func (d *deadlineRecorder) SetReadDeadline(t time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = t
	if !t.After(time.Now()) && !d.wasCut {
		d.wasCut = true
		close(d.cutCh)
	}
	return nil
}

func (d *deadlineRecorder) SetWriteDeadline(time.Time) error { return nil }

func (d *deadlineRecorder) cut() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.wasCut
}

// TestBatch checks POST /v1/batch: JSON Lines in and out, error records,
// the line limit, the content types.
func TestBatch(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) { c.Limits.MaxLine = 1024 })
	in := `{"id": "a", "employees": 40, "product_driven": true}
{"id": "b", "employees": "many"}

{"id": "c", "sector": "` + strings.Repeat("x", 2000) + `"}
{"id": "d", "employees": 900, "product_driven": false, "it_staff": "team"}
`
	for _, ct := range []string{"application/x-ndjson", "application/jsonl", "application/json; charset=utf-8"} {
		w := call(s, "POST", "/v1/batch", ct, in)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("%s: %d %v %s", ct, w.Code, w.Header(), w.Body)
		}
		lines := strings.Split(strings.TrimSuffix(w.Body.String(), "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("%s: %d results, want 4:\n%s", ct, len(lines), w.Body)
		}
		var recs []map[string]any
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("%s: not JSON Lines: %v\n%s", ct, err, l)
			}
			recs = append(recs, m)
		}
		if recs[0]["id"] != "a" || recs[0]["recommendation"] == nil || recs[0]["what_if"] != nil {
			t.Errorf("record a: %v", recs[0])
		}
		if recs[1]["id"] != "b" || !strings.Contains(fmt.Sprint(recs[1]["error"]), `employees: "many" is not a whole number`) {
			t.Errorf("record b: %v", recs[1])
		}
		if recs[2]["line"] != 4.0 || !strings.Contains(fmt.Sprint(recs[2]["error"]), "record too large: over 1 KiB") {
			t.Errorf("record c (over the line limit): %v", recs[2])
		}
		if recs[3]["id"] != "d" || recs[3]["line"] != 5.0 {
			t.Errorf("record d: %v", recs[3])
		}
	}
	w := call(s, "POST", "/v1/batch?what_if=true", "application/x-ndjson", `{"employees": 40, "product_driven": true}`)
	if !strings.Contains(w.Body.String(), `"what_if":[`) {
		t.Errorf("what_if=true: %s", w.Body)
	}
	if w := call(s, "POST", "/v1/batch", "text/csv", "employees\n4\n"); w.Code != 415 {
		t.Errorf("CSV: %d", w.Code)
	}
	if w := call(s, "POST", "/v1/batch?explain=true", "application/x-ndjson", "{}"); w.Code != 400 {
		t.Errorf("explain: %d", w.Code)
	}
	if w := call(s, "POST", "/v1/batch", "application/x-ndjson", ""); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("no records: %d %q", w.Code, w.Body)
	}
}

// TestBatchStreams checks that results come back while the records are
// still being sent, and that a client that stops sending ends the stream
// with an error line.
func TestBatchStreams(t *testing.T) {
	t.Parallel()
	s := testServer(t, fastLimits)
	base, _, _ := listen(t, s)
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", base+"/v1/batch", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	type result struct {
		resp *http.Response
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		got <- result{resp, err}
	}()
	// Enough records to fill a chunk, so the first results are written.
	var first strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&first, `{"id": "org-%d", "employees": %d, "product_driven": true}`+"\n", i, i%500+1)
	}
	if _, err := io.WriteString(pw, first.String()); err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.resp.Body.Close()
	br := bufio.NewReader(r.resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, `"id":"org-0"`) {
		t.Fatalf("first result before the body ended: %q, %v", line, err)
	}
	// The client stops sending: the server's read timeout ends the batch.
	rest, err := io.ReadAll(br)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rest)), "\n")
	last := lines[len(lines)-1]
	want := `{"error":{"message":"the body stopped: nothing came for 1s (the read timeout); the records after the last result were not scored","problems":[]}}`
	if len(lines) < 2 || last != want {
		t.Errorf("%d more lines, the last %q", len(lines), last)
	}
	pw.Close()
}

// TestBatchConversation checks that each record's result comes back as
// soon as the record is sent, not when enough records for a chunk have
// come: a client may send one record and wait for its result before it
// sends the next.
func TestBatchConversation(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	base, _, _ := listen(t, s)
	pw, got := servertest.Stream(t, base+"/v1/batch", "application/x-ndjson")
	defer pw.Close()
	var br *bufio.Reader
	for i := range 3 {
		if _, err := fmt.Fprintf(pw, `{"id": "org-%d", "employees": %d, "product_driven": true}`+"\n", i, 40+i); err != nil {
			t.Fatal(err)
		}
		if br == nil {
			resp := <-got
			if resp == nil {
				t.FailNow()
			}
			defer resp.Body.Close()
			br = bufio.NewReader(resp.Body)
		}
		line := make(chan string, 1)
		go func() {
			l, _ := br.ReadString('\n')
			line <- l
		}()
		select {
		case l := <-line:
			if !strings.Contains(l, fmt.Sprintf(`"id":"org-%d"`, i)) || !strings.Contains(l, `"recommendation"`) {
				t.Fatalf("result %d: %q", i, l)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no result for record %d within 5s of sending it", i)
		}
	}
}

// TestGracefulShutdown checks that Serve, told to stop, lets the request
// in flight finish, then returns nil.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	s := testServer(t, nil)
	base, stop, done := listen(t, s)
	finish := servertest.InFlight(t, base)
	stop()
	select {
	case err := <-done:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	finish()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the last request")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after the shutdown")
	}
}

// TestBatchBodyNotReadAsRequests checks that what is left of a batch body
// that failed partway is never read as the next request on its
// connection: the server closes it after the answer. The body announces
// 10,000 bytes and stops after one record; once the read timeout has
// ended the batch, the client sends a request inside the announced body.
func TestBatchBodyNotReadAsRequests(t *testing.T) {
	t.Parallel()
	s := testServer(t, fastLimits)
	base, _, _ := listen(t, s)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nContent-Length: 10000\r\n\r\n%s\n",
		`{"employees": 40, "product_driven": true}`)
	br := bufio.NewReader(conn)
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "nothing came for 1s") {
		t.Fatalf("want the batch ended by the read timeout; got %d:\n%s", resp.StatusCode, body)
	}
	if !resp.Close {
		t.Errorf("want Connection: close on a batch's answer; headers %v", resp.Header)
	}
	// Inside the announced body: never a request.
	_, _ = fmt.Fprintf(conn, "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n")
	if rest := closedWithin(t, &bufConn{conn, br}, 10*time.Second); rest != "" {
		t.Errorf("the server answered bytes of the body as a request:\n%s", rest)
	}
}

// bufConn reads through the buffered reader that took the response.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// TestErrorsDoNotWaitForTheBody checks that an error answered before the
// body is read goes out at once, with the connection closed, rather than
// after net/http has waited for the body it would read to its end. The
// read timeout is long here, so waiting for it fails the test.
func TestErrorsDoNotWaitForTheBody(t *testing.T) {
	t.Parallel()
	s := testServer(t, func(c *Config) {
		fastLimits(c)
		c.Limits.ReadTimeout = 10 * time.Minute
	})
	base, _, _ := listen(t, s)
	for _, tt := range []struct{ req, status string }{
		{"PUT /v1/advise HTTP/1.1\r\nContent-Type: application/json\r\n", "405"},
		{"POST /v1/batch HTTP/1.1\r\nContent-Type: text/plain\r\n", "415"},
		{"POST /v1/nothing HTTP/1.1\r\nContent-Type: application/json\r\n", "404"},
		{"POST /v1/advise?bogus=1 HTTP/1.1\r\nContent-Type: application/json\r\n", "400"},
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The headers announce a body that never comes. (The connection
		// itself closes when the body has come or the read timeout has
		// passed: net/http reads what is left of a short body first.)
		fmt.Fprintf(conn, "%sHost: localhost\r\nContent-Length: 100\r\n\r\n", tt.req)
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%q: no answer before the body came: %v", tt.req, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%q: %v", tt.req, err)
		}
		if strconv.Itoa(resp.StatusCode) != tt.status || !resp.Close {
			t.Errorf("%q: want %s with Connection: close, got %s %v:\n%s", tt.req, tt.status, resp.Status, resp.Header, body)
		}
	}
}

// TestGoServersOwnErrors checks what docs/server.md says of the requests
// net/http refuses before any handler sees them (headers over the limit, a
// bad Content-Length or Host, an unknown transfer coding, an unknown
// Expect): Go's server answers them itself, as plain text without the
// security headers, and http.Server offers no hook to change that. If this
// fails, Go has changed those answers, and the paragraph should too.
func TestGoServersOwnErrors(t *testing.T) {
	t.Parallel()
	s := testServer(t, fastLimits)
	base, _, _ := listen(t, s)
	ask := func(req string) (*http.Response, string) {
		t.Helper()
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprint(conn, req)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%.60q: %v", req, err)
		}
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	// The server's own answers carry the headers: the difference is Go's.
	if resp, _ := ask("GET /v1/nope HTTP/1.1\r\nHost: localhost\r\n\r\n"); resp.StatusCode != 404 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("the server's own 404: %s %v", resp.Status, resp.Header)
	}
	for _, tt := range []struct {
		req    string
		status int
		ct     string
	}{
		{"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + strings.Repeat("x", maxHeaderBytes+4096) + "\r\n\r\n", 431, "text/plain; charset=utf-8"},
		{"POST /v1/advise HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n", 400, "text/plain; charset=utf-8"},
		{"GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "text/plain; charset=utf-8"},
		{"POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "text/plain; charset=utf-8"},
		{"GET /healthz HTTP/1.1\r\nHost: localhost\r\nExpect: magic\r\n\r\n", 417, ""},
	} {
		resp, body := ask(tt.req)
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.ct || resp.Header.Get("Content-Security-Policy") != "" ||
			resp.Header.Get("X-Content-Type-Options") != "" || strings.Contains(body, "{") {
			t.Errorf("%.60q: %s %v %q; want Go's own %d, %q, without the security headers", tt.req, resp.Status, resp.Header, body, tt.status, tt.ct)
		}
	}
}
