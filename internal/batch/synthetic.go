package batch

import (
	"math"
	"math/rand/v2"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Synthesizer makes synthetic but valid raw answers for a ruleset, for
// benchmarks and load tests. The same seed gives the same profiles.
type Synthesizer struct {
	rs  *rules.Ruleset
	rng *rand.Rand
}

// NewSynthesizer returns a synthesizer of profiles for rs seeded with seed.
func NewSynthesizer(rs *rules.Ruleset, seed uint64) *Synthesizer {
	return &Synthesizer{rs: rs, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Answers returns the raw answers of one profile, keyed by question id, as
// a JSON document would hold them: bool, int, string, or []string. Every
// required question is answered; the others are answered seven times in ten
// so that some answers are assumed.
func (s *Synthesizer) Answers() map[string]any {
	out := make(map[string]any, len(s.rs.Questions))
	for _, q := range s.rs.Questions {
		if !q.Required && s.rng.IntN(10) >= 7 {
			continue
		}
		out[q.ID] = s.value(q)
	}
	return out
}

func (s *Synthesizer) value(q *rules.Question) any {
	switch q.Type {
	case rules.TypeBool:
		return s.rng.IntN(2) == 1
	case rules.TypeChoice:
		return q.Options[s.rng.IntN(len(q.Options))].ID
	case rules.TypeMulti:
		var out []string
		for _, o := range q.Options {
			if s.rng.IntN(4) == 0 {
				out = append(out, o.ID)
			}
		}
		if out == nil {
			out = []string{}
		}
		return out
	case rules.TypeInt:
		lo, hi := 0, 100_000
		if q.Min != nil {
			lo = *q.Min
		}
		if q.Max != nil {
			hi = min(*q.Max, max(lo, 0)+100_000)
		}
		if hi <= lo {
			return lo
		}
		// Log-uniform: organisations of every size, most of them small.
		span := float64(hi-lo) + 1
		n := lo + int(math.Exp(s.rng.Float64()*math.Log(span))) - 1
		return min(max(n, lo), hi)
	}
	return nil
}
