package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
)

// FuzzJSONRecord and FuzzCSVRecord (fuzz_test.go) hold the record parsers
// to encoding/json and encoding/csv; this target holds the pipeline to its
// promises about order and error records.

// FuzzBatchOrder runs the whole pipeline on arbitrary JSON Lines or CSV input,
// with tiny chunks and a tiny record limit so that every boundary is
// crossed: it never panics; input that cannot be read as a whole is an
// *InputError only for CSV (its header); otherwise every record gets one
// output line, in input order, each a JSON object that is either a result
// or a one-line error record, and the output is the same on one worker and
// on three.
func FuzzBatchOrder(f *testing.F) {
	for _, s := range []string{`{"id": "a", "employees": 40}`, `{"employees": 1, "employees": 2}`, `[1]`, `{`, `{"employees": "` + strings.Repeat("x", 300) + `"}`} {
		f.Add([]byte(s+"\n"+`{"employees": 3}`+"\n"), false)
	}
	f.Add([]byte("\ufeff{\"employees\": 40}\r\n\r\n{\"employees\": 0}\n[1]\n"), false)
	f.Add([]byte("id,employees,compliance\na,40,soc2\nb,x\n\"c\nd\",3,\n"), true)
	f.Add([]byte("\ufeffemployees,stage\r\n40,early\r\n,\r\n"), true)
	f.Add([]byte("id,employes\n"), true)
	f.Add([]byte(""), true)
	f.Add([]byte("employees\n"+strings.Repeat("9", 300)+"\n1\n"), true)
	for _, s := range []string{`a,40,"soc2;hipaa"`, `"a ""q""",40,`, `"`, `a"b`, "\"multi\nline\",3,"} {
		f.Add([]byte("id,employees,compliance\n"+s+"\n"), true)
	}
	rs := loadRules(f)
	f.Fuzz(func(t *testing.T, data []byte, isCSV bool) {
		format := JSONL
		if isCSV {
			format = CSV
		}
		var outs [2]string
		for i, workers := range []int{1, 3} {
			var out bytes.Buffer
			opt := Options{Rules: rs, Input: format, Workers: workers, MaxRecordSize: 200, chunkBytes: 64, chunkRecords: 3}
			sum, err := Run(context.Background(), bytes.NewReader(data), &out, opt)
			if err != nil {
				var ie *advisor.InputError
				if !isCSV || !errors.As(err, &ie) {
					t.Fatalf("Run: %T %v", err, err)
				}
				if out.Len() != 0 {
					t.Fatalf("output with an input error: %q", out.String())
				}
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("input error on more than one line: %q", err)
				}
				return
			}
			outs[i] = out.String()
			checkOutput(t, outs[i], sum)
		}
		if outs[0] != outs[1] {
			t.Fatalf("one worker wrote\n%s\nthree wrote\n%s", outs[0], outs[1])
		}
	})
}

func checkOutput(t *testing.T, out string, sum Summary) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		lines = nil
	} else if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a line end: %q", out)
	}
	if len(lines) != sum.Records {
		t.Fatalf("%d output lines for %d records:\n%s", len(lines), sum.Records, out)
	}
	failed, last := 0, 0
	for _, l := range lines {
		var rec struct {
			Line           int     `json:"line"`
			Error          *string `json:"error"`
			Recommendation *string `json:"recommendation"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("output line %q is not a JSON object: %v", l, err)
		}
		if rec.Line <= last {
			t.Fatalf("line %d after line %d:\n%s", rec.Line, last, out)
		}
		last = rec.Line
		switch {
		case rec.Error != nil && rec.Recommendation == nil:
			failed++
			if *rec.Error == "" || strings.ContainsAny(*rec.Error, "\n\r") {
				t.Fatalf("error record %q: want a one-line message", l)
			}
		case rec.Error == nil && rec.Recommendation != nil:
		default:
			t.Fatalf("output line %q is neither a result nor an error record", l)
		}
	}
	if failed != sum.Failed {
		t.Fatalf("%d error records, summary says %d failed", failed, sum.Failed)
	}
}
