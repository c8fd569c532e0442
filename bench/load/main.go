// Command load measures `orgadvisor serve` under load, side by side with a
// baseline in the same run: N requests at concurrency C for each scenario,
// reporting throughput and latency percentiles. bench/serve.sh starts the
// server and runs it; docs/performance.md records the figures.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -n 20000 -c 16
//
// It sends traffic to the loopback interface only, and stops each scenario
// after N requests or -max-time, whichever comes first.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// scenario is one kind of request.
type scenario struct {
	name string
	// request returns the i-th request.
	request func(i int) (*http.Request, error)
	// n overrides -n for slow scenarios (0: -n).
	n int
	// records is the number of organisations one request scores.
	records int
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's base URL (loopback only)")
	n := flag.Int("n", 20000, "requests per scenario")
	c := flag.Int("c", 16, "concurrent clients")
	maxTime := flag.Duration("max-time", 30*time.Second, "stop a scenario after this long")
	profiles := flag.Int("profiles", 1024, "distinct synthetic organisations to cycle through")
	seed := flag.Uint64("seed", 1, "random seed of the organisations")
	only := flag.String("only", "", "run only the scenarios whose names contain this")
	pid := flag.Int("pid", 0, "the server's process id, to report its CPU time per request (Linux)")
	flag.Parse()
	if err := run(*base, *n, *c, *maxTime, *profiles, *seed, *only, *pid); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(base string, n, c int, maxTime time.Duration, profiles int, seed uint64, only string, pid int) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not on the loopback interface: this benchmark sends traffic to this machine only", base)
	}
	rs, _, err := rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	if err != nil {
		return err
	}
	bodies, queries, lines, err := organisations(rs, profiles, seed)
	if err != nil {
		return err
	}
	post := func(path string) func(int) (*http.Request, error) {
		return func(i int) (*http.Request, error) {
			r, err := http.NewRequest("POST", base+path, bytes.NewReader(bodies[i%len(bodies)]))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return r, err
		}
	}
	const perBatch = 1000
	scenarios := []scenario{
		{name: "GET /healthz (baseline)", request: func(int) (*http.Request, error) { return http.NewRequest("GET", base+"/healthz", nil) }, records: 0},
		{name: "POST /v1/advise?what_if=false", request: post("/v1/advise?what_if=false"), records: 1},
		{name: "POST /v1/advise (what-if, growth)", request: post("/v1/advise"), records: 1},
		{name: "GET /advice (HTML page)", request: func(i int) (*http.Request, error) {
			return http.NewRequest("GET", base+"/advice?"+queries[i%len(queries)], nil)
		}, records: 1},
		{name: fmt.Sprintf("POST /v1/batch (%d records)", perBatch), n: max(n/200, 20), records: perBatch, request: func(i int) (*http.Request, error) {
			var b bytes.Buffer
			for j := range perBatch {
				b.Write(lines[(i*perBatch+j)%len(lines)])
			}
			r, err := http.NewRequest("POST", base+"/v1/batch", &b)
			if err == nil {
				r.Header.Set("Content-Type", "application/x-ndjson")
			}
			return r, err
		}},
	}

	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: c, MaxIdleConnsPerHost: c, MaxConnsPerHost: c,
			IdleConnTimeout: 30 * time.Second, DisableCompression: true,
		},
	}
	fmt.Printf("server %s, %d clients, %d requests per scenario (at most %v each), %d organisations\n\n", base, c, n, maxTime, profiles)
	fmt.Printf("%-36s %8s %9s %9s %9s %9s %9s %9s %10s %7s\n", "scenario", "requests", "req/s", "advice/s", "p50", "p90", "p99", "max", "server CPU", "errors")
	for _, sc := range scenarios {
		if only != "" && !strings.Contains(sc.name, only) {
			continue
		}
		count := n
		if sc.n > 0 {
			count = sc.n
		}
		// Warm up: connections, caches, the server's first allocations.
		if _, err := measure(client, sc, min(count, 500), c, maxTime); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		cpu0 := serverCPU(pid)
		res, err := measure(client, sc, count, c, maxTime)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		cpu := "-"
		if pid > 0 && len(res.latencies) > 0 {
			cpu = fmt.Sprintf("%.0fµs/req", float64((serverCPU(pid)-cpu0).Microseconds())/float64(len(res.latencies)))
		}
		rate := float64(len(res.latencies)) / res.elapsed.Seconds()
		advice := "-"
		if sc.records > 0 {
			advice = fmt.Sprintf("%.0f", rate*float64(sc.records))
		}
		fmt.Printf("%-36s %8d %9.0f %9s %9s %9s %9s %9s %10s %7d\n", sc.name, len(res.latencies), rate, advice,
			ms(res.percentile(50)), ms(res.percentile(90)), ms(res.percentile(99)), ms(res.percentile(100)), cpu, res.errors)
	}
	return nil
}

// serverCPU is the CPU time (user and system, all cores) the process pid
// has used, from /proc/PID/stat in clock ticks of 10ms; 0 when unknown.
// CPU time per request is far steadier than throughput on a shared
// machine, where other processes take cores from the server.
func serverCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(fields[11], &utime)
	fmt.Sscan(fields[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// result is one scenario's measurements.
type result struct {
	latencies []time.Duration
	elapsed   time.Duration
	errors    int64
}

func (r *result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies)-1) * p / 100)
	return r.latencies[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// measure sends count requests from c clients, each waiting for its
// answer before sending the next, and stops early after maxTime.
func measure(client *http.Client, sc scenario, count, c int, maxTime time.Duration) (*result, error) {
	var next, errs atomic.Int64
	lat := make([]time.Duration, count)
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	deadline := time.Now().Add(maxTime)
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= count || time.Now().After(deadline) {
					return
				}
				req, err := sc.request(i)
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				lat[i] = time.Since(t0)
				done.Add(1)
				if err != nil {
					if errs.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "load: %s: first error: %v\n", sc.name, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return nil, firstErr
	}
	got := lat[:min(int(done.Load()), count)]
	got = slices.DeleteFunc(got, func(d time.Duration) bool { return d == 0 })
	slices.Sort(got)
	return &result{latencies: got, elapsed: elapsed, errors: errs.Load()}, nil
}

// organisations makes profiles synthetic but valid organisations: each as
// an answers body, as the query string of the report page, and as a JSON
// Lines record.
func organisations(rs *rules.Ruleset, profiles int, seed uint64) (bodies [][]byte, queries []string, lines [][]byte, err error) {
	syn := batch.NewSynthesizer(rs, seed)
	for range profiles {
		a := syn.Answers()
		body, err := json.Marshal(a)
		if err != nil {
			return nil, nil, nil, err
		}
		bodies = append(bodies, body)
		lines = append(lines, append(append([]byte{}, body...), '\n'))
		q := url.Values{}
		for _, qn := range rs.Questions {
			v, ok := a[qn.ID]
			if !ok {
				continue
			}
			switch x := v.(type) {
			case []string:
				q.Set(qn.ID, strings.Join(x, ","))
			default:
				q.Set(qn.ID, fmt.Sprint(x))
			}
		}
		queries = append(queries, q.Encode())
	}
	return bodies, queries, lines, nil
}
