// Package servertest holds what the tests of the server, and of the serve
// command that runs it, share.
package servertest

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// InFlight starts a streamed POST /v1/batch to the server at base, and
// returns once the request is in flight: the server has answered its
// first record, so its handler runs and reads the rest of the body. (No
// sleep can promise that: a stalled machine may not have read the
// headers yet.) finish sends a second record, ends the body, and reports
// whether the request was served to its end: a result for each record, in
// order. When it was not, the test is told what came instead.
func InFlight(t testing.TB, base string) (finish func() bool) {
	t.Helper()
	pw, got := Stream(t, base+"/v1/batch", "application/x-ndjson")
	if _, err := io.WriteString(pw, `{"id": "first", "employees": 40, "product_driven": true}`+"\n"); err != nil {
		t.Fatal(err)
	}
	resp := <-got
	if resp == nil {
		t.FailNow()
	}
	br := bufio.NewReader(resp.Body)
	first, err := br.ReadString('\n')
	if err != nil {
		resp.Body.Close()
		t.Fatalf("no result for the first record: %q, %v", first, err)
	}
	return func() bool {
		t.Helper()
		defer resp.Body.Close()
		if _, err := io.WriteString(pw, `{"id": "second", "employees": 400, "product_driven": false}`+"\n"); err != nil {
			t.Errorf("the second record: %v", err)
		}
		pw.Close()
		rest, err := io.ReadAll(br)
		if err != nil {
			t.Errorf("the results after the first: %v", err)
		}
		lines := strings.Split(strings.TrimSuffix(first+string(rest), "\n"), "\n")
		for i, id := range []string{"first", "second"} {
			if len(lines) != 2 || !strings.HasPrefix(lines[i], fmt.Sprintf(`{"line":%d,"id":%q,"recommendation":`, i+1, id)) {
				t.Errorf("the request in flight was not served to its end: %d %q", resp.StatusCode, lines)
				return false
			}
		}
		return true
	}
}

// Stream starts a POST to url whose body is what the test writes to w,
// until it closes w; got receives the response as soon as the server
// answers, nil when the request failed (the test is told why).
func Stream(t testing.TB, url, contentType string) (w *io.PipeWriter, got <-chan *http.Response) {
	t.Helper()
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", url, pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	ch := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
		}
		ch <- resp
	}()
	return pw, ch
}
