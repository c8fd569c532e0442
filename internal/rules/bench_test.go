package rules_test

import (
	"flag"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/benchutil"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The benchmarks run on the default rules as shipped, so their figures
// follow the knowledge base. docs/performance.md records them.

func loadDefault(b *testing.B) *rules.Ruleset {
	b.Helper()
	rs, _, err := rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML)
	if err != nil {
		b.Fatal(err)
	}
	return rs
}

// profiles returns n complete synthetic profiles for rs, the same every run.
func profiles(b *testing.B, rs *rules.Ruleset, n int) []*rules.Profile {
	b.Helper()
	syn := batch.NewSynthesizer(rs, 1)
	out := make([]*rules.Profile, n)
	for i := range out {
		given, err := rs.ParseAnswers(syn.Answers())
		if err != nil {
			b.Fatal(err)
		}
		if out[i], err = rs.Complete(given); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkLoadDefault is the start-up cost of the default rules: parse,
// check and compile every expression.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rules.Load(orgadvisor.DefaultRulesName, orgadvisor.DefaultRulesYAML); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEvaluate(b *testing.B, opt rules.EvalOptions) {
	rs := loadDefault(b)
	ps := profiles(b, rs, nProfiles)
	b.ReportAllocs()
	cpu := benchutil.ProcessCPU()
	i := 0
	for b.Loop() {
		if _, err := rs.Evaluate(ps[i%nProfiles], opt); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRates(b, cpu)
}

// nProfiles is how many distinct profiles the evaluation benchmarks cycle
// through: different answers, so that different rules fire, yet few enough
// to stay in the CPU's cache, as in batch where Complete has just built the
// profile. Set -profiles 1024 to see the cost of cache misses.
var nProfiles = 64

func init() {
	flag.IntVar(&nProfiles, "profiles", nProfiles, "distinct profiles the evaluation benchmarks cycle through")
}

// reportRates reports profiles per second of wall time, and the CPU time
// per profile summed over the cores (cpu-ns/op): 1e9 / cpu-ns/op is the
// rate per core, which the machine's other load disturbs least.
func reportRates(b *testing.B, cpuStart time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
	if used := benchutil.ProcessCPU() - cpuStart; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkEvaluate is one evaluation of a complete profile, as batch runs it.
func BenchmarkEvaluate(b *testing.B) { benchEvaluate(b, rules.EvalOptions{}) }

// BenchmarkEvaluateTrace is one evaluation recording every condition (--explain).
func BenchmarkEvaluateTrace(b *testing.B) { benchEvaluate(b, rules.EvalOptions{Trace: true}) }

// BenchmarkEvaluateParallel spreads evaluations over GOMAXPROCS goroutines,
// as batch does; profiles/s is the total over all cores.
func BenchmarkEvaluateParallel(b *testing.B) {
	rs := loadDefault(b)
	ps := profiles(b, rs, 1024)
	b.ReportAllocs()
	cpu := benchutil.ProcessCPU()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := rs.Evaluate(ps[i&1023], rules.EvalOptions{}); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	reportRates(b, cpu)
}

// BenchmarkWhatIf is one what-if search (every single-answer change).
func BenchmarkWhatIf(b *testing.B) {
	rs := loadDefault(b)
	ps := profiles(b, rs, 256)
	b.ReportAllocs()
	cpu := benchutil.ProcessCPU()
	i := 0
	for b.Loop() {
		if _, err := rs.WhatIf(ps[i&255]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportRates(b, cpu)
}

// BenchmarkTypeAnswers is typing one record's raw answers and completing
// them with defaults (ParseAnswers + Complete), the step before Evaluate.
func BenchmarkTypeAnswers(b *testing.B) {
	rs := loadDefault(b)
	syn := batch.NewSynthesizer(rs, 1)
	raws := make([]map[string]any, 1024)
	for i := range raws {
		raws[i] = syn.Answers()
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		given, err := rs.ParseAnswers(raws[i&1023])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rs.Complete(given); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
