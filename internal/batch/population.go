package batch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Population draws organisations that look like real ones, for comparing
// rules files (`rules diff`): headcount spread log-uniformly from 1 to
// 100,000, so that small organisations are as common as they are, and the
// answers that follow from size drawn from it: engineers in proportion to
// headcount where the organisation builds technology, revenue from
// headcount at $50k-500k a head. The other answers are drawn one by one,
// as the Synthesizer draws them. Every answer fits the questions of all the
// rulesets given, so both sides of a comparison see the same organisation.
// The same seed gives the same population.
//
// The answers derived from size are found by question id, as the default
// rules name them (employees, engineers, revenue, product_driven,
// rd_intensity); rules files with other ids get independent answers.
type Population struct {
	rng       *rand.Rand
	questions []*domain
}

// domain is what one question may be answered with in every ruleset.
type domain struct {
	q *rules.Question // as the first ruleset asks it
	// within is q narrowed to the answers every ruleset takes: its
	// bounds, its options; its type draws the answers.
	within   *rules.Question
	required bool
	conflict bool
	lo, hi   int
	options  []string
	bands    []band // revenue bands, by option
}

// band is a revenue option read from its id ("1m-10m", "under-1m",
// "over-1b"), in dollars.
type band struct {
	option string
	lo, hi float64
}

// Size-related question ids of the default rules.
var (
	headcountIDs = []string{"employees", "headcount", "staff"}
	engineerIDs  = []string{"engineers", "developers", "devs"}
)

// NewPopulation returns a population of organisations whose answers fit
// every ruleset given. A question that no answer can fit in all of them (a
// different type, no common option, bounds that do not meet) is left
// unanswered, to take each file's default; if some file requires it, that
// is an error naming the question.
func NewPopulation(seed uint64, rss ...*rules.Ruleset) (*Population, error) {
	p := &Population{rng: rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))}
	byID := map[string]*domain{}
	for _, rs := range rss {
		for _, q := range rs.Questions {
			d := byID[q.ID]
			if d == nil {
				d = &domain{q: q, lo: math.MinInt, hi: math.MaxInt, options: q.OptionIDs()}
				byID[q.ID] = d
				p.questions = append(p.questions, d)
			} else if d.q.Type != q.Type {
				d.conflict = true // nothing fits both types
			}
			d.required = d.required || q.Required
			if q.Min != nil {
				d.lo = max(d.lo, *q.Min)
			}
			if q.Max != nil {
				d.hi = min(d.hi, *q.Max)
			}
			d.options = slices.DeleteFunc(d.options, func(o string) bool { return !q.HasOption(o) })
		}
	}
	for _, d := range p.questions {
		within := *d.q
		if d.q.Kind() == rules.KindInt {
			if d.lo == math.MinInt {
				d.lo = 0
			}
			if d.hi == math.MaxInt {
				d.hi = max(d.lo, 0) + 100_000
			}
			within.Min, within.Max = &d.lo, &d.hi
		}
		within.Options = nil
		for _, o := range d.q.Options {
			if slices.Contains(d.options, o.ID) {
				within.Options = append(within.Options, o)
			}
		}
		d.within = &within
		if d.fits() {
			d.bands = revenueBands(d.options)
			continue
		}
		if d.required {
			return nil, fmt.Errorf("question %s: no answer fits every rules file compared, and one of them requires it", d.q.ID)
		}
		d.q = nil // left unanswered
	}
	return p, nil
}

// fits reports whether some answer fits the question in every ruleset:
// the types agree, the bounds meet, and one option at least is common to
// all when the answer is an option (a list may be empty).
func (d *domain) fits() bool {
	switch {
	case d.conflict, d.lo > d.hi:
		return false
	case d.q.Kind() == rules.KindOption:
		return len(d.options) > 0
	}
	return true
}

var bandRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:(under|over)-)?(\d+)([kmb])(?:-(\d+)([kmb]))?$`)
})

// revenueBands reads option ids that name money ranges; nil unless they
// all do but at most one (such as "unknown").
func revenueBands(options []string) []band {
	scale := map[string]float64{"k": 1e3, "m": 1e6, "b": 1e9}
	var out []band
	for _, o := range options {
		m := bandRE().FindStringSubmatch(o)
		if m == nil {
			continue
		}
		n, _ := strconv.ParseFloat(m[2], 64)
		lo := n * scale[m[3]]
		b := band{option: o, lo: lo, hi: lo}
		switch {
		case m[1] == "under":
			b.lo = 0
		case m[1] == "over":
			b.hi = math.Inf(1)
		case m[4] != "":
			n2, _ := strconv.ParseFloat(m[4], 64)
			b.hi = n2 * scale[m[5]]
		default:
			continue
		}
		out = append(out, b)
	}
	if len(out) < 2 || len(out) < len(options)-1 {
		return nil
	}
	return out
}

// Answers returns one organisation's raw answers, keyed by question id.
// Every required question is answered, the answers that follow from size
// always, the others eight times in ten.
func (p *Population) Answers() map[string]any {
	out := make(map[string]any, len(p.questions))
	headcount := int(math.Exp(p.rng.Float64() * math.Log(100_001)))
	builds := p.rng.IntN(100) < 35
	for _, d := range p.questions {
		if d.q == nil {
			continue
		}
		id := d.q.ID
		switch {
		case d.q.Kind() == rules.KindInt && slices.Contains(headcountIDs, id):
			out[id] = clamp(headcount, d)
		case d.q.Kind() == rules.KindBool && id == "product_driven":
			out[id] = builds
		case d.q.Kind() == rules.KindInt && slices.Contains(engineerIDs, id):
			if rd, ok := out["rd_intensity"].(string); ok && rd != "none" {
				builds = true
			}
			share := p.rng.Float64() * 0.02
			if builds {
				share = 0.1 + p.rng.Float64()*0.4
			}
			out[id] = clamp(int(math.Round(float64(headcount)*share)), d)
		case d.q.Kind() == rules.KindOption && id == "revenue" && d.bands != nil:
			// One in ten does not say, when an option allows it.
			if other := d.unbanded(); other != "" && p.rng.IntN(10) == 0 {
				out[id] = other
				continue
			}
			perHead := math.Exp(math.Log(50e3) + p.rng.Float64()*math.Log(10))
			out[id] = bandOf(d.bands, float64(headcount)*perHead)
		default:
			if !d.required && p.rng.IntN(10) >= 8 {
				continue
			}
			out[id] = d.within.Draw(p.rng)
		}
	}
	return out
}

// unbanded is the option that names no money range ("unknown"), or "".
func (d *domain) unbanded() string {
	for _, o := range d.options {
		if !slices.ContainsFunc(d.bands, func(b band) bool { return b.option == o }) {
			return o
		}
	}
	return ""
}

func clamp(n int, d *domain) int { return min(max(n, d.lo), d.hi) }

func bandOf(bands []band, dollars float64) string {
	for _, b := range bands {
		if dollars >= b.lo && dollars < b.hi {
			return b.option
		}
	}
	return bands[len(bands)-1].option
}
