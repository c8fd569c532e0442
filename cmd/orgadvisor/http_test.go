package main

// Script commands for the scripts that run `orgadvisor serve`
// (testdata/script/serve*.txtar): a free loopback port, and HTTP requests
// without curl, which a machine may not have.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdFreePort is `freeport NAME`: it sets the variable NAME to a TCP port
// that is free on 127.0.0.1.
//
// The port is free now, and serve binds it a moment later. To keep another
// listener from taking it in between, it is drawn at random below Linux's
// ephemeral range (32768 and up), from which the kernel gives the ports of
// every listener on port 0, the other tests' included.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport NAME")
	}
	for range 100 {
		port := 20000 + rand.IntN(12000)
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			ts.Check(ln.Close())
			ts.Setenv(args[0], fmt.Sprint(port))
			return
		}
	}
	ts.Fatalf("freeport: no free port found in 100 tries")
}

// cmdHTTP is `http [-type CONTENT-TYPE] [-indent] [-host NAME] [-header
// NAME]... METHOD URL [BODYFILE]`: it sends one request (for the host NAME
// with -host, as through a proxy) and writes the status line, the
// Content-Type and each header named to stderr, and the body to stdout,
// indented by two spaces with -indent (as the CLI writes JSON; the server
// writes it compact). The URL must be on
// the loopback interface. While the server is still starting (connection
// refused), it tries again for up to 10 seconds. The body is sent as
// application/json unless -type says otherwise.
func cmdHTTP(ts *testscript.TestScript, neg bool, args []string) {
	ct, indent, host := "application/json", false, ""
	var headers []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case args[0] == "-type" && len(args) > 1:
			ct, args = args[1], args[2:]
		case args[0] == "-header" && len(args) > 1:
			headers, args = append(headers, args[1]), args[2:]
		case args[0] == "-host" && len(args) > 1:
			host, args = args[1], args[2:]
		case args[0] == "-indent":
			indent, args = true, args[1:]
		default:
			ts.Fatalf("http: unknown option %q", args[0])
		}
	}
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: http [-type CONTENT-TYPE] [-indent] [-host NAME] [-header NAME]... METHOD URL [BODYFILE]")
	}
	method, url := args[0], args[1]
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		ts.Fatalf("http: %s is not on 127.0.0.1", url)
	}
	var body []byte
	if len(args) == 3 {
		body = []byte(ts.ReadFile(args[2]))
	}
	client := &http.Client{Timeout: 30 * time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, err := http.NewRequest(method, url, strings.NewReader(string(body)))
		ts.Check(err)
		if body != nil {
			req.Header.Set("Content-Type", ct)
		}
		if host != "" {
			req.Host = host
		}
		resp, err := client.Do(req)
		if errors.Is(err, syscall.ECONNREFUSED) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		ts.Check(err)
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ts.Check(err)
		fmt.Fprintf(ts.Stderr(), "%s %s\nContent-Type: %s\n", resp.Proto, resp.Status, resp.Header.Get("Content-Type"))
		for _, h := range headers {
			fmt.Fprintf(ts.Stderr(), "%s: %s\n", h, resp.Header.Get(h))
		}
		if indent {
			var b bytes.Buffer
			ts.Check(json.Indent(&b, data, "", "  "))
			data = b.Bytes()
		}
		_, err = ts.Stdout().Write(data)
		ts.Check(err)
		return
	}
}
