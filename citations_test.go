package orgadvisor_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// seedsDir is where the seed articles live: shared/ beside the repository.
const seedsDir = "../shared/seeds"

// normalizeText makes a quote and a seed comparable: typographic quotes as
// plain ones, and every run of white space as one space.
func normalizeText(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// quoteProblems checks every citation of a seed in rs: it must carry a
// quote, and the quote must appear in the seed's text, read from dir.
func quoteProblems(rs *rules.Ruleset, dir string) ([]string, error) {
	texts := map[string]string{}
	var problems []string
	check := func(where string, cites []rules.Citation) error {
		for _, c := range cites {
			src := rs.Source(c.Source)
			if src == nil || !strings.HasPrefix(c.Source, "seed:") {
				continue
			}
			if c.Quote == "" {
				problems = append(problems, fmt.Sprintf("%s cites %s without a quote", where, c.Source))
				continue
			}
			text, ok := texts[src.Ref]
			if !ok {
				b, err := os.ReadFile(filepath.Join(dir, src.Ref))
				if err != nil {
					return err
				}
				text = normalizeText(string(b))
				texts[src.Ref] = text
			}
			if !strings.Contains(text, normalizeText(c.Quote)) {
				problems = append(problems, fmt.Sprintf("%s: the quote from %s is not in %s: %q", where, c.Source, src.Ref, c.Quote))
			}
		}
		return nil
	}
	for _, r := range rs.Rules {
		if err := check("rule "+r.ID, r.Citations); err != nil {
			return nil, err
		}
		for i, d := range r.DisputedBy {
			if err := check(fmt.Sprintf("rule %s: disputed_by[%d]", r.ID, i), d.Citations); err != nil {
				return nil, err
			}
		}
	}
	return problems, nil
}

// seedsOrSkip returns the seeds folder, skipping the test when it is absent
// (a clone outside this layout), except in CI, which must check the quotes.
func seedsOrSkip(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(seedsDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the seed articles are needed to check the rules' quotes, and %s is missing: %v", seedsDir, err)
		}
		t.Skipf("%s is absent (a clone outside the project's layout): the rules' quotes are not checked", seedsDir)
	}
	return seedsDir
}

// TestEverySeedCitationQuotesTheSeed checks that each citation of a seed
// article in the default rules carries the passage it rests on, verbatim.
func TestEverySeedCitationQuotesTheSeed(t *testing.T) {
	dir := seedsOrSkip(t)
	rs := loadDefault(t)
	problems, err := quoteProblems(rs, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	n := 0
	for _, r := range rs.Rules {
		for _, c := range r.Citations {
			if c.Quote != "" {
				n++
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d quotes in the default rules", n)
	}
}

// TestQuoteCheckFindsMisquotes shows the check can fail: a quote the seed
// does not hold, and a seed cited without a quote.
func TestQuoteCheckFindsMisquotes(t *testing.T) {
	dir := seedsOrSkip(t)
	src := `version: 1
sources:
  seed:001: {title: Seed 001, ref: 001_24809007fe139f47.txt}
  seed:003: {title: Seed 003, ref: 003_f035a06ac6764cba.txt}
questions:
  - id: big
    type: bool
    prompt: Is it big
    help: h
    required: true
roles:
  - {id: cio, title: CIO, fractional_title: vCIO, label: cio, fractional_label: vcio}
rules:
  - id: r1
    description: d
    when: big
    add: {cio: 1}
    sources:
      - {id: seed:001, quote: "The CIO oversees the company's IT department"}
      - {id: seed:003, quote: "Banks are CIO-led."}
  - id: r2
    description: d
    when: big
    add: {cio: 1}
    sources: [seed:001]
decide:
  cio:
    - level: none
      because: b
`
	rs, _, err := rules.Load("misquote.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	problems, err := quoteProblems(rs, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`rule r1: the quote from seed:003 is not in 003_f035a06ac6764cba.txt: "Banks are CIO-led."`,
		"rule r2 cites seed:001 without a quote",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}
