package batch

import (
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
// a JSON document would hold them: bool, int, string, or []string, drawn
// as each question's type draws them (rules.Question.Draw). Every required
// question is answered; the others are answered seven times in ten so that
// some answers are assumed.
func (s *Synthesizer) Answers() map[string]any {
	out := make(map[string]any, len(s.rs.Questions))
	for _, q := range s.rs.Questions {
		if !q.Required && s.rng.IntN(10) >= 7 {
			continue
		}
		out[q.ID] = q.Draw(s.rng)
	}
	return out
}
