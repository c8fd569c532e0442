// Package servertest holds what the tests of the server, and of the serve
// command that runs it, share.
package servertest

import (
	"io"
	"net/http"
	"testing"
	"time"
)

// InFlight starts a POST /v1/advise?what_if=false to the server at base
// with the first half of its body, and returns once the request is in
// flight: the server has its headers and waits for the rest of the body.
// finish sends the rest and returns the response, nil when the request
// failed (the test is told why).
func InFlight(t testing.TB, base, contentType string) (finish func() *http.Response) {
	t.Helper()
	pw, got := Stream(t, base+"/v1/advise?what_if=false", contentType)
	if _, err := io.WriteString(pw, `{"employees": 40, `); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the request is in flight
	return func() *http.Response {
		if _, err := io.WriteString(pw, `"product_driven": true}`); err != nil {
			t.Error(err)
		}
		pw.Close()
		return <-got
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
