package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/benchutil"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// benchInput is n synthetic profiles for the default rules, as bench/gen
// writes them.
func benchInput(b *testing.B, n int, format Format) (*rules.Ruleset, []byte) {
	b.Helper()
	rs, _, err := rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	if err != nil {
		b.Fatal(err)
	}
	syn := NewSynthesizer(rs, 1)
	var buf bytes.Buffer
	if format == CSV {
		buf.WriteString("id")
		for _, q := range rs.Questions {
			buf.WriteString("," + q.ID)
		}
		buf.WriteString("\n")
	}
	for i := range n {
		a := syn.Answers()
		if format == CSV {
			fmt.Fprintf(&buf, "org-%d", i)
			for _, q := range rs.Questions {
				buf.WriteByte(',')
				switch v := a[q.ID].(type) {
				case nil:
				case []string:
					for j, s := range v {
						if j > 0 {
							buf.WriteByte(';')
						}
						buf.WriteString(s)
					}
				default:
					fmt.Fprint(&buf, v)
				}
			}
			buf.WriteByte('\n')
			continue
		}
		a["id"] = fmt.Sprintf("org-%d", i)
		line, _ := json.Marshal(a)
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return rs, buf.Bytes()
}

func benchBatch(b *testing.B, in, out Format, whatIf bool) {
	const pool = 20000
	rs, data := benchInput(b, pool, in)
	// One op is one record: the input is b.N records, cycling through
	// the pool (after the CSV header).
	var header []byte
	if in == CSV {
		i := bytes.IndexByte(data, '\n') + 1
		header, data = data[:i], data[i:]
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	input := append([]byte{}, header...)
	for i := range b.N {
		input = append(input, lines[i%pool]...)
	}
	b.SetBytes(int64(len(data)) / pool)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := benchutil.ProcessCPU()
	sum, err := Run(context.Background(), bytes.NewReader(input), io.Discard, Options{Rules: rs, Input: in, Output: out, WhatIf: whatIf})
	if err != nil || sum.Failed > 0 || sum.Records != b.N {
		b.Fatalf("%v %d records %+v", err, sum.Records, sum.FirstErrors)
	}
	// ns/op is wall time per record, on all cores; cpu-ns/op is the CPU
	// time per record, summed over the cores.
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if used := benchutil.ProcessCPU() - cpu; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkBatchJSONL is the whole pipeline per record: read, parse, type,
// evaluate and encode, over GOMAXPROCS workers, JSON Lines in and out.
func BenchmarkBatchJSONL(b *testing.B) { benchBatch(b, JSONL, JSONL, false) }

// BenchmarkBatchCSV is the same with CSV in and out.
func BenchmarkBatchCSV(b *testing.B) { benchBatch(b, CSV, CSV, false) }

// BenchmarkBatchWhatIf adds the what-if search to every record.
func BenchmarkBatchWhatIf(b *testing.B) { benchBatch(b, JSONL, JSONL, true) }
