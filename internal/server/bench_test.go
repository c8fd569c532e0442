package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/benchutil"
)

// BenchmarkAdvise is one POST /v1/advise through the whole handler (log
// to nowhere, headers, routing, limit, body, front door, JSON), in process:
// the server's own cost, without the network (bench/serve.sh has that).
// cpu-ns/op is the process's CPU time per request, garbage collection
// included.
func BenchmarkAdvise(b *testing.B) {
	for _, bc := range []struct{ name, target string }{
		{"what_if=false", "/v1/advise?what_if=false"}, {"what_if=true", "/v1/advise"}, {"healthz", "/healthz"},
	} {
		target := bc.target
		b.Run(bc.name, func(b *testing.B) {
			s := testServer(b, nil)
			body := []byte(`{"employees": 40, "product_driven": true, "engineers": 6, "compliance": ["soc2", "hipaa"], "sector": "finance"}`)
			method := "POST"
			if target == "/healthz" {
				method = "GET"
			}
			b.ReportAllocs()
			cpu := benchutil.ProcessCPU()
			for b.Loop() {
				req := httptest.NewRequest(method, target, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
			if used := benchutil.ProcessCPU() - cpu; used > 0 {
				b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
