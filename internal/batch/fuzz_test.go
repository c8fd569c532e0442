package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzJSONRecord holds the record parser to encoding/json: what one
// accepts as an object the other accepts with the same values, except where
// the parser is stricter on purpose (duplicate keys, invalid UTF-8, deep
// nesting) or leaves the judgement to the engine (numbers beyond float64).
func FuzzJSONRecord(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","employees":40,"compliance":["soc2","hipaa"],"product_driven":true}`,
		`{"id":{"x":[1,2.5e3,null]},"stage":"early","a":"\u00e9\ud83d\ude00"}`,
		`  {"employees": -0.0e+1 }  `,
		`{"a":1,"a":2}`, `[1]`, `{"a":"\x"}`, `{"a":[[[[]]]]}`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := jsonParser{known: newKnown([]string{"employees", "stage"}, []string{"early"}), seen: make([]bool, 2)}
		id, pairs, err := p.parseRecord(data, nil)
		var want map[string]any
		jerr := json.Unmarshal(data, &want)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "column ") {
				t.Fatalf("%q: error without a column: %v", data, err)
			}
			if jerr == nil && !strings.Contains(msg, "duplicate key") && !strings.Contains(msg, "not valid UTF-8") && !strings.Contains(msg, "nested too deeply") {
				t.Fatalf("%q: parser says %v, encoding/json accepts it as %v", data, err, want)
			}
			return
		}
		if jerr != nil {
			if strings.Contains(jerr.Error(), "cannot unmarshal number") {
				return
			}
			t.Fatalf("%q: parser accepts it, encoding/json says %v", data, jerr)
		}
		got := map[string]any{}
		for _, pr := range pairs {
			got[pr.key] = normalize(pr.val)
		}
		if id != nil {
			var v any
			if err := json.Unmarshal(id, &v); err != nil {
				t.Fatalf("%q: id %q is not JSON: %v", data, id, err)
			}
			got["id"] = v
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n parser %#v\n  json %#v", data, got, want)
		}
	})
}

// FuzzCSVRecord holds the CSV field splitter to encoding/csv on records of
// one line: the same fields, or both refuse.
func FuzzCSVRecord(f *testing.F) {
	for _, s := range []string{`a,b,c`, `"a,b","c""d",`, ` x , "y" `, `a"b`, `"a"b`, `"abc`, `,,`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || bytes.ContainsAny(data, "\r\n") || !utf8.Valid(data) {
			return
		}
		fields, _, err := csvFields(data, nil, nil)
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		want, cerr := r.Read()
		if (err != nil) != (cerr != nil) {
			t.Fatalf("%q: splitter %q (%v), encoding/csv %q (%v)", data, fields, err, want, cerr)
		}
		if err != nil {
			return
		}
		var got []string
		for _, f := range fields {
			got = append(got, string(f))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: splitter %q, encoding/csv %q", data, got, want)
		}
	})
}

// FuzzBatch runs whole inputs through the pipeline, JSON Lines and CSV: it
// never fails as a whole for a readable JSON Lines input, writes one whole
// JSON line per record, and never panics.
func FuzzBatch(f *testing.F) {
	f.Add([]byte("{\"employees\":3}\n{\"employees\":\"x\"}\n\n[1]\n"), false)
	f.Add([]byte("employees,stage\n3,early\n4\n\"5\",\"scaling\"\n"), true)
	rs := loadRules(f)
	f.Fuzz(func(t *testing.T, data []byte, csvInput bool) {
		in := JSONL
		if csvInput {
			in = CSV
		}
		var out bytes.Buffer
		sum, err := Run(context.Background(), bytes.NewReader(data), &out, Options{Rules: rs, Input: in, Workers: 2, chunkRecords: 3, MaxRecordSize: 4096})
		if err != nil {
			if !csvInput {
				t.Fatalf("JSON Lines input failed as a whole: %v", err)
			}
			if out.Len() != 0 {
				t.Fatalf("CSV failed as a whole (%v) after writing %q", err, out.String())
			}
			return
		}
		n := 0
		for line, err := out.ReadBytes('\n'); err != io.EOF; line, err = out.ReadBytes('\n') {
			var rec map[string]any
			if json.Unmarshal(line, &rec) != nil {
				t.Fatalf("output line %q is not JSON", line)
			}
			n++
		}
		if n != sum.Records {
			t.Fatalf("%d output lines, summary says %d records", n, sum.Records)
		}
		if sum.Records < sum.Failed {
			t.Fatal(fmt.Sprint("summary ", sum))
		}
	})
}
