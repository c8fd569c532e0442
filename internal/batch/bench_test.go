package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/orgadvisor/orgadvisor"
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
	const n = 20000
	rs, data := benchInput(b, n, in)
	b.SetBytes(int64(len(data)) / n)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	records := 0
	for i := 0; i < b.N; i += n {
		sum, err := Run(context.Background(), bytes.NewReader(data), io.Discard, Options{Rules: rs, Input: in, Output: out, WhatIf: whatIf})
		if err != nil || sum.Failed > 0 {
			b.Fatalf("%v %+v", err, sum.FirstErrors)
		}
		records += sum.Records
	}
	// b.N counts records: ns/op is wall time per record, on all cores;
	// cpu-ns/record is the CPU time per record, summed over the cores.
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	if used := processCPU() - cpu; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(records), "cpu-ns/record")
	}
}

// BenchmarkBatchJSONL is the whole pipeline per record: read, parse, type,
// evaluate and encode, over GOMAXPROCS workers, JSON Lines in and out.
func BenchmarkBatchJSONL(b *testing.B) { benchBatch(b, JSONL, JSONL, false) }

// BenchmarkBatchCSV is the same with CSV in and out.
func BenchmarkBatchCSV(b *testing.B) { benchBatch(b, CSV, CSV, false) }

// BenchmarkBatchWhatIf adds the what-if search to every record.
func BenchmarkBatchWhatIf(b *testing.B) { benchBatch(b, JSONL, JSONL, true) }
