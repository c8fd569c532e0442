package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"go.uber.org/goleak"
)

// testRules is a small rules file whose results are easy to work out:
// cto scores 3 for a product company and 2 more with 10 engineers or more
// (asked only of product companies); cio scores 2 from 50 employees (not
// early) and 2.5 with hipaa.
const testRules = `
version: 1
sources:
  s: {title: Test source, ref: "https://example.com"}
questions:
  - {id: employees, type: int, prompt: P, help: H, min: 1, required: true}
  - {id: product_driven, type: bool, prompt: P, help: H, default: false}
  - id: stage
    type: choice
    prompt: P
    help: H
    options: [{id: early, label: E}, {id: scaling, label: S}, {id: established, label: T}]
    default: established
  - id: compliance
    type: multi
    prompt: P
    help: H
    options: [{id: soc2, label: S}, {id: hipaa, label: H}]
  - {id: engineers, type: int, prompt: P, help: H, min: 0, default: 0, ask_if: product_driven}
roles:
  - {id: cto, title: Chief Technology Officer, fractional_title: Virtual CTO, label: cto, fractional_label: vcto}
  - {id: cio, title: Chief Information Officer, fractional_title: Virtual CIO, label: cio, fractional_label: vcio}
rules:
  - {id: builds, description: D, sources: [s], when: product_driven, add: {cto: 3}}
  - {id: team, description: D, sources: [s], when: engineers >= 10, add: {cto: 2}}
  - {id: big, description: D, sources: [s], when: "employees >= 50 and stage != 'early'", add: {cio: 2}}
  - {id: regulated, description: D, sources: [s], when: "'hipaa' in compliance", add: {cio: 2.5}}
decide:
  cto:
    - {when: score >= 5, level: full-time, because: B}
    - {when: score >= 3, level: fractional, because: B}
    - {level: none, because: B}
  cio:
    - {when: score >= 4, level: full-time, because: B}
    - {when: score >= 2, level: fractional, because: B}
    - {level: none, because: B}
`

func loadRules(t testing.TB) *rules.Ruleset {
	t.Helper()
	rs, _, err := rules.Load("test.yaml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// run runs a batch over in and returns the output and summary.
func run(t testing.TB, in string, opt Options) (string, Summary, error) {
	t.Helper()
	if opt.Rules == nil {
		opt.Rules = loadRules(t)
	}
	var out bytes.Buffer
	sum, err := Run(context.Background(), strings.NewReader(in), &out, opt)
	return out.String(), sum, err
}

func TestJSONLines(t *testing.T) {
	in := `{"id": "acme", "employees": 60, "product_driven": true, "engineers": 12}
{"employees": 5, "compliance": ["hipaa"], "stage": "early"}
{"id": 7, "employees": 50, "compliance": "soc2;hipaa"}
{"id": "svc", "employees": 50, "engineers": 40}
`
	got, sum, err := run(t, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"line":1,"id":"acme","recommendation":"cto+vcio","roles":{"cto":{"level":"full-time","score":5,"covered":false},"cio":{"level":"fractional","score":2,"covered":false}},"assumed":["stage","compliance"],"ignored":[]}
{"line":2,"recommendation":"vcio","roles":{"cto":{"level":"none","score":0,"covered":false},"cio":{"level":"fractional","score":2.5,"covered":false}},"assumed":["product_driven","engineers"],"ignored":[]}
{"line":3,"id":7,"recommendation":"cio","roles":{"cto":{"level":"none","score":0,"covered":false},"cio":{"level":"full-time","score":4.5,"covered":false}},"assumed":["product_driven","stage","engineers"],"ignored":[]}
{"line":4,"id":"svc","recommendation":"vcio","roles":{"cto":{"level":"none","score":0,"covered":false},"cio":{"level":"fractional","score":2,"covered":false}},"assumed":["product_driven","stage","compliance","engineers"],"ignored":["engineers"]}
`
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if sum.Records != 4 || sum.Failed != 0 || fmt.Sprint(sum.Labels) != "[{vcio 2} {cio 1} {cto+vcio 1}]" {
		t.Errorf("summary %+v", sum)
	}
}

func TestCSV(t *testing.T) {
	in := "id,employees,product_driven,compliance,engineers\n" +
		"acme,60,yes,,12\n" +
		"\"Smith, Jones & \"\"Co\"\"\",50,false,soc2;hipaa,\n"
	got, _, err := run(t, in, Options{Input: CSV, Output: CSV})
	if err != nil {
		t.Fatal(err)
	}
	want := "line,id,recommendation,roles.cto.level,roles.cto.score,roles.cto.covered,roles.cio.level,roles.cio.score,roles.cio.covered,assumed,ignored,error\n" +
		"2,acme,cto+vcio,full-time,5,false,fractional,2,false,stage;compliance,,\n" +
		"3,\"Smith, Jones & \"\"Co\"\"\",cio,none,0,false,full-time,4.5,false,stage;engineers,,\n"
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

// TestBadRecordAmongGood checks that a bad record yields an error record
// with its line and the engine's message, and the others are scored.
func TestBadRecordAmongGood(t *testing.T) {
	var in strings.Builder
	for i := 1; i <= 200; i++ {
		switch i {
		case 17:
			fmt.Fprintf(&in, `{"id": "bad", "employees": "abc", "stage": "erly"}`+"\n")
		case 90:
			in.WriteString("{\"employees\": 3, \"employees\": 4}\n")
		case 120:
			in.WriteString("{\"employees\": 3,\n")
		case 150:
			in.WriteString("{\"compliance\": [\"soc2\"]}\n")
		default:
			fmt.Fprintf(&in, `{"id": %d, "employees": %d}`+"\n", i, i)
		}
	}
	got, sum, err := run(t, in.String(), Options{Workers: 4, chunkRecords: 16})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 200 {
		t.Fatalf("%d output lines, want 200", len(lines))
	}
	wantErr := map[int]string{
		17:  `{"line":17,"id":"bad","error":` + quote(engineError(t, map[string]any{"employees": "abc", "stage": "erly"})) + `}`,
		90:  `{"line":90,"error":"column 18: duplicate key \"employees\""}`,
		120: `{"line":120,"error":"column 17: unexpected end of line, want a quoted key"}`,
		150: `{"line":150,"error":"missing required answer: employees"}`,
	}
	for i, l := range lines {
		if want, ok := wantErr[i+1]; ok {
			if l != want {
				t.Errorf("line %d:\n got %s\nwant %s", i+1, l, want)
			}
			continue
		}
		var rec struct {
			Line           int    `json:"line"`
			ID             int    `json:"id"`
			Recommendation string `json:"recommendation"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Line != i+1 || rec.ID != i+1 || rec.Recommendation == "" {
			t.Errorf("line %d: %s (%v)", i+1, l, err)
		}
	}
	if sum.Records != 200 || sum.Failed != 4 || len(sum.FirstErrors) != 4 || sum.FirstErrors[0].Line != 17 {
		t.Errorf("summary %+v", sum)
	}
}

func TestCSVRowErrors(t *testing.T) {
	in := "employees,stage,id\n" +
		"10,early,a\n" +
		"11\n" + // ragged: too few, no id
		"12,early\n" + // ragged: too few, but the id's column is missing
		"12,early,c,extra\n" + // ragged: too many; the id is still in its column
		"13,\"early\n" + // a quoted field never closed: runs to the end
		"14,scaling\n"
	got, sum, err := run(t, in, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"line":2,"id":"a","recommendation":"none","roles":{"cto":{"level":"none","score":0,"covered":false},"cio":{"level":"none","score":0,"covered":false}},"assumed":["product_driven","compliance","engineers"],"ignored":[]}
{"line":3,"error":"row has 1 column but the header has 3"}
{"line":4,"error":"row has 2 columns but the header has 3"}
{"line":5,"id":"c","error":"row has 4 columns but the header has 3"}
{"line":6,"error":"column 2, character 4: quoted field has no closing quote"}
`
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if sum.Failed != 4 {
		t.Errorf("summary %+v", sum)
	}
	got, _, err = run(t, "employees,stage\n1,ear\"ly\n", Options{Input: CSV})
	if err != nil || !strings.Contains(got, `"error":"column 2, character 6: bare \" in a field without quotes"`) {
		t.Errorf("bare quote: %s (%v)", got, err)
	}
}

// TestCSVHeaderErrors: a header that cannot be read stops the whole run
// with an InputError naming the place.
func TestCSVHeaderErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "in.csv: empty CSV input: the first line must name the columns (question ids)"},
		{"\n\n", "in.csv: empty CSV input: the first line must name the columns (question ids)"},
		{"id,employes\n1,2\n", `in.csv:1: CSV header: column 2: unknown question "employes" (did you mean "employees"?)`},
		{"employees,,stage\n", "in.csv:1: CSV header: column 2 has no name"},
		{"\nemployees,employees\n", `in.csv:2: CSV header: duplicate column "employees"`},
		{"employees,\"stage\n", "in.csv:1: CSV header: column 2, character 11: quoted field has no closing quote"},
	}
	for _, c := range cases {
		got, _, err := run(t, c.in, Options{Input: CSV, Name: "in.csv"})
		var ie *advisor.InputError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
		if got != "" {
			t.Errorf("%q: wrote %q before failing", c.in, got)
		}
	}
}

func TestBOMAndCRLF(t *testing.T) {
	want := `{"line":1,"id":"a","recommendation":"vcto","roles":{"cto":{"level":"fractional","score":3,"covered":false},"cio":{"level":"none","score":0,"covered":false}},"assumed":["stage","compliance","engineers"],"ignored":[]}
{"line":3,"id":"b","recommendation":"none","roles":{"cto":{"level":"none","score":0,"covered":false},"cio":{"level":"none","score":0,"covered":false}},"assumed":["product_driven","stage","compliance","engineers"],"ignored":[]}
`
	jsonl := "\ufeff{\"id\":\"a\",\"employees\":5,\"product_driven\":true}\r\n  \r\n{\"id\":\"b\",\"employees\":5}  \r\n"
	got, _, err := run(t, jsonl, Options{})
	if err != nil || got != want {
		t.Errorf("JSON Lines with BOM and CRLF:\n%s (%v)\nwant:\n%s", got, err, want)
	}
	csv := "\ufeffid,employees,product_driven\r\na,5,true\r\n\r\nb,5,\r\n"
	got, _, err = run(t, csv, Options{Input: CSV})
	want = strings.Replace(strings.Replace(want, `"line":1`, `"line":2`, 1), `"line":3`, `"line":4`, 1)
	if err != nil || got != want {
		t.Errorf("CSV with BOM and CRLF:\n%s (%v)\nwant:\n%s", got, err, want)
	}
}

// TestLongLines: a 10 MiB record is read whole; one over the limit becomes
// an error record and the records after it are read as usual.
func TestLongLines(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	in := `{"id":"` + long + `","employees":5}` + "\n" + `{"id":"next","employees":5}` + "\n"
	got, sum, err := run(t, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"line":1,"id":"`+long+`","recommendation":"none"`) || !strings.HasPrefix(lines[1], `{"line":2,"id":"next","recommendation":"none"`) {
		t.Errorf("10 MiB line: %d lines, first %.80q..., second %.80q", len(lines), lines[0], lines[len(lines)-1])
	}
	if sum.Failed != 0 {
		t.Errorf("summary %+v", sum)
	}

	in = `{"id":"` + strings.Repeat("y", 5000) + `","employees":5}` + "\n" + `{"id":"next","employees":5}` + "\n"
	for _, format := range []Format{JSONL, CSV} {
		src := in
		if format == CSV {
			src = "id,employees\n" + strings.Repeat("z", 5000) + ",5\nnext,5\n"
		}
		got, sum, err = run(t, src, Options{Input: format, MaxRecordSize: 1024})
		if err != nil {
			t.Fatal(err)
		}
		first := 1
		if format == CSV {
			first = 2
		}
		wantFirst := fmt.Sprintf(`{"line":%d,"error":"record too large: over 1 KiB"}`, first)
		lines = strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != 2 || lines[0] != wantFirst || !strings.HasPrefix(lines[1], fmt.Sprintf(`{"line":%d,"id":"next","recommendation"`, first+1)) {
			t.Errorf("%s over the limit:\n%s\nwant first %s", format, got, wantFirst)
		}
		if sum.Failed != 1 {
			t.Errorf("%s summary %+v", format, sum)
		}
	}
}

// TestOrderUnderParallelism runs many small chunks on many workers: the
// results come out in input order whatever order they finish in.
func TestOrderUnderParallelism(t *testing.T) {
	rs := loadRules(t)
	syn := NewSynthesizer(rs, 7)
	var in strings.Builder
	const n = 5000
	for i := range n {
		raw := syn.Answers()
		raw["id"] = fmt.Sprintf("org-%d", i)
		b, _ := json.Marshal(raw)
		in.Write(b)
		in.WriteByte('\n')
	}
	for _, workers := range []int{1, 3, 8} {
		got, sum, err := run(t, in.String(), Options{Rules: rs, Workers: workers, chunkRecords: 7, chunkBytes: 300})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != n || sum.Records != n {
			t.Fatalf("%d workers: %d lines, summary %+v", workers, len(lines), sum)
		}
		for i, l := range lines {
			var rec struct {
				Line int    `json:"line"`
				ID   string `json:"id"`
			}
			if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Line != i+1 || rec.ID != fmt.Sprintf("org-%d", i) {
				t.Fatalf("%d workers: output line %d is %s", workers, i+1, l)
			}
		}
	}
}

// endless yields JSON Lines records for ever and cancels the run after
// some of them have been read.
type endless struct {
	n      int
	after  int
	cancel func()
	buf    []byte
}

func (e *endless) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) {
		e.n++
		if e.n == e.after {
			e.cancel()
		}
		e.buf = fmt.Appendf(e.buf, `{"id":"org-%d","employees":%d,"product_driven":%t}`+"\n", e.n, e.n%500+1, e.n%2 == 0)
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

// TestInterrupt cancels the context mid-stream: Run stops with the
// context's error, and every result written is a whole JSON line.
func TestInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	sum, err := Run(ctx, &endless{after: 50000, cancel: cancel}, &out, Options{Rules: loadRules(t), Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if out.Len() == 0 || !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		t.Fatalf("output of %d bytes does not end in a whole line", out.Len())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for i, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["line"] != float64(i+1) {
			t.Fatalf("line %d is not a whole record: %.100q (%v)", i+1, l, err)
		}
	}
	if len(lines) != sum.Records || sum.Records >= 50000+10000 {
		t.Errorf("%d lines written, summary says %d records", len(lines), sum.Records)
	}
}

// TestLiveInputWritesEachResult checks that with Live, a record's result is
// written as soon as the record is read, before the next one arrives: a
// client may send one record and wait for its result.
func TestLiveInputWritesEachResult(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	pr, pw := io.Pipe()
	results := make(chan string, 10)
	done := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), pr, lineWriter(results), Options{Rules: loadRules(t), Workers: 2, Live: true})
		done <- err
	}()
	for i, rec := range []string{
		`{"id": "a", "employees": 60, "product_driven": true}` + "\n",
		`{"id": "b", "employees": 5}` + "\n" + `{"id": "c", "employees": 7}` + "\n" + `{"id": "d", "empl`,
		`oyees": 9}` + "\n",
	} {
		if _, err := io.WriteString(pw, rec); err != nil {
			t.Fatal(err)
		}
		for _, id := range [][]string{{"a"}, {"b", "c"}, {"d"}}[i] {
			select {
			case got := <-results:
				if !strings.Contains(got, `"id":"`+id+`"`) {
					t.Fatalf("result %q, want record %s's", got, id)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("record %s's result was not written before the next record came", id)
			}
		}
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// lineWriter sends each line written to it on a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	for _, l := range strings.SplitAfter(string(p), "\n") {
		if l != "" {
			w <- l
		}
	}
	return len(p), nil
}

// TestInterruptDuringSlowRecord: an interrupted run waits for the record
// being evaluated (evaluation is bounded: the what-if search is capped),
// starts no other, and leaves no goroutine behind.
func TestInterruptDuringSlowRecord(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 100)
	opt := Options{Rules: loadRules(t), Workers: 1, chunkRecords: 1, beforeRecord: func() {
		started <- struct{}{}
		<-release
	}}
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, strings.NewReader(strings.Repeat(`{"employees": 3}`+"\n", 50)), io.Discard, opt)
		done <- err
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) while a record was still being evaluated", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of the slow record's end")
	}
	if n := len(started); n > 0 {
		t.Errorf("%d more records were evaluated after the cancel", n)
	}
}

// TestNoGoroutineOutlivesRun checks every way a run ends: to the end of the
// input, at a failed record with FailFast, on a write error, and cancelled
// while the reader is blocked on a pipe with nothing to read.
func TestNoGoroutineOutlivesRun(t *testing.T) {
	rs := loadRules(t)
	in := strings.Repeat(`{"employees": 3}`+"\n", 3000) + "{bad\n" + strings.Repeat(`{"employees": 30}`+"\n", 3000)
	for _, tc := range []struct {
		name string
		w    io.Writer
		opt  Options
	}{
		{"to the end", io.Discard, Options{}},
		{"fail fast", io.Discard, Options{FailFast: true}},
		{"write error", failingWriter{}, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			tc.opt.Rules, tc.opt.chunkRecords = rs, 100
			if _, err := Run(context.Background(), strings.NewReader(in), tc.w, tc.opt); tc.name == "write error" && err == nil {
				t.Error("no error from a failing writer")
			}
		})
	}
	t.Run("cancelled while reading a pipe", func(t *testing.T) {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer pr.Close()
		defer pw.Close()
		// Checked before the pipe closes, which would end a stuck reader.
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := Run(ctx, pr, io.Discard, Options{Rules: rs})
			done <- err
		}()
		if _, err := pw.WriteString(`{"employees": 3}` + "\n"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return within 10s of the cancel while its reader waited on a pipe")
		}
	})
}

func TestFailFast(t *testing.T) {
	var in strings.Builder
	for i := 1; i <= 3000; i++ {
		if i == 1234 || i == 2000 {
			in.WriteString(`{"employees": 0}` + "\n")
			continue
		}
		fmt.Fprintf(&in, `{"employees": %d}`+"\n", i)
	}
	got, sum, err := run(t, in.String(), Options{FailFast: true, Workers: 4, chunkRecords: 100})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 1234 || lines[1233] != `{"line":1234,"error":`+quote(engineError(t, map[string]any{"employees": 0}))+`}` {
		t.Errorf("%d lines, last %s", len(lines), lines[len(lines)-1])
	}
	if !sum.Stopped || sum.Failed != 1 || sum.Records != 1234 {
		t.Errorf("summary %+v", sum)
	}
}

// TestSameFieldsAsAdvise holds the batch record to advise -o json: the
// shared fields have the same names and values.
func TestSameFieldsAsAdvise(t *testing.T) {
	rs := loadRules(t)
	raw := map[string]any{"employees": 60, "product_driven": true, "engineers": 9, "compliance": []any{"soc2"}}
	b, _ := json.Marshal(raw)
	got, _, err := run(t, string(b)+"\n", Options{Rules: rs, WhatIf: true})
	if err != nil {
		t.Fatal(err)
	}
	given, err := rs.ParseAnswers(raw)
	if err != nil {
		t.Fatal(err)
	}
	d, err := advisor.Decide(rs, given, advisor.Options{WhatIf: true})
	if err != nil {
		t.Fatal(err)
	}
	rep := d.Report(rs, advisor.Options{WhatIf: true})
	repJSON, _ := json.Marshal(rep)
	var want, have map[string]any
	json.Unmarshal(repJSON, &want)
	if err := json.Unmarshal([]byte(got), &have); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"recommendation", "assumed", "ignored", "what_if"} {
		if fmt.Sprint(have[k]) != fmt.Sprint(want[k]) {
			t.Errorf("%s: batch %v, advise %v", k, have[k], want[k])
		}
	}
	if len(have["what_if"].([]any)) == 0 {
		t.Errorf("what_if is empty; the test needs a profile with changes")
	}
	for _, role := range []string{"cto", "cio"} {
		hr := have["roles"].(map[string]any)[role].(map[string]any)
		wr := want["roles"].(map[string]any)[role].(map[string]any)
		for _, k := range []string{"level", "score", "covered"} {
			if fmt.Sprint(hr[k]) != fmt.Sprint(wr[k]) {
				t.Errorf("roles.%s.%s: batch %v, advise %v", role, k, hr[k], wr[k])
			}
		}
		if len(hr) != 3 {
			t.Errorf("roles.%s has %v, want level, score and covered", role, hr)
		}
	}
}

func TestWhatIfCSV(t *testing.T) {
	got, _, err := run(t, "employees,product_driven,engineers\n60,true,9\n", Options{Input: CSV, Output: CSV, WhatIf: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "line,id,recommendation,roles.cto.level,roles.cto.score,roles.cto.covered,roles.cio.level,roles.cio.score,roles.cio.covered,assumed,ignored,what_if,error\n" +
		"2,,vcto+vcio,fractional,3,false,fractional,2,false,stage;compliance,," +
		"engineers=10 => cto+vcio | employees=49 => vcto | product_driven=false => vcio | compliance=hipaa => vcto+cio | stage=early => vcto,\n"
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	// Removing the last option of a multi answer reads "none", which the
	// input reads back as no option.
	got, _, err = run(t, "employees,compliance\n5,hipaa\n", Options{Input: CSV, Output: CSV, WhatIf: true})
	if err != nil || !strings.Contains(got, " | compliance=none => none | ") {
		t.Errorf("what-if to an empty list: %q (%v)", got, err)
	}
	got, _, _ = run(t, "employees\n0\n", Options{Input: CSV, Output: CSV, WhatIf: true})
	if !strings.HasSuffix(got, "\n2,,,,,,,,,,,,"+engineError(t, map[string]any{"employees": 0})+"\n") {
		t.Errorf("error row: %q", got)
	}
}

// engineError is the engine's message for raw answers, which the error
// records must carry unchanged.
func engineError(t *testing.T, raw map[string]any) string {
	t.Helper()
	_, err := loadRules(t).ParseAnswers(raw)
	if err == nil {
		t.Fatalf("%v: no error", raw)
	}
	return err.Error()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type failingReader struct{ data io.Reader }

func (r *failingReader) Read(p []byte) (int, error) {
	n, err := r.data.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestReadError(t *testing.T) {
	var out bytes.Buffer
	in := &failingReader{strings.NewReader(`{"employees": 3}` + "\n")}
	_, err := Run(context.Background(), in, &out, Options{Rules: loadRules(t), Name: "in.jsonl"})
	var ie *advisor.InputError
	if !errors.As(err, &ie) || err.Error() != "in.jsonl: cannot read input: disk on fire" {
		t.Errorf("error %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestWriteError(t *testing.T) {
	_, err := Run(context.Background(), strings.NewReader(`{"employees": 3}`+"\n"), failingWriter{}, Options{Rules: loadRules(t)})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("error %v", err)
	}
}

func TestFormatFor(t *testing.T) {
	for name, want := range map[string]Format{"a.jsonl": JSONL, "a.NDJSON": JSONL, "x/y.json": JSONL, "b.csv": CSV, "c.txt": "", "": ""} {
		if got := FormatFor(name); got != want {
			t.Errorf("FormatFor(%q) = %q, want %q", name, got, want)
		}
	}
}

// A CSV cell that starts with =, +, -, @, a tab or a carriage return is
// a formula to a spreadsheet: by default it gets a leading ' (OWASP's
// advice against CSV injection); RawCSV keeps it as it was. Numbers, even
// negative ones, are not text and stay as they are. JSON is unchanged.
func TestCSVFormulaInjection(t *testing.T) {
	ids := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"}
	var in strings.Builder
	in.WriteString("id,employees\n")
	for _, id := range ids {
		in.WriteString(string(appendCSV(nil, id)) + ",5\n")
	}
	cells := func(out string) []string {
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV: %v\n%s", err, out)
		}
		var got []string
		for _, r := range recs[1:] {
			got = append(got, r[1])
		}
		return got
	}
	got, _, err := run(t, in.String(), Options{Input: CSV, Output: CSV})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"}
	if g := cells(got); fmt.Sprintf("%q", g) != fmt.Sprintf("%q", want) {
		t.Errorf("ids in CSV\n got %q\nwant %q", g, want)
	}
	got, _, err = run(t, in.String(), Options{Input: CSV, Output: CSV, RawCSV: true})
	if err != nil {
		t.Fatal(err)
	}
	if g := cells(got); fmt.Sprintf("%q", g) != fmt.Sprintf("%q", ids) {
		t.Errorf("ids in raw CSV\n got %q\nwant %q", g, ids)
	}
	got, _, err = run(t, in.String(), Options{Input: CSV})
	if err != nil || !strings.Contains(got, `"id":"=HYPERLINK(\"http://x\",\"y\")"`) || !strings.Contains(got, `"id":"-2"`) {
		t.Errorf("JSON changed the ids: %s (%v)", got, err)
	}
}
