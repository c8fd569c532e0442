package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to Load: it must never panic, and must
// return either a ruleset or a *LoadError whose every error has a position.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(levelsRules))
	f.Add([]byte(scoringRules))
	files, _ := filepath.Glob(filepath.Join("testdata", "check", "*.yaml"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("version: 1\nquestions: &q [*q]\n"))
	f.Add([]byte("when: |\n  a\n\n  b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rs, _, err := Load("fuzz.yaml", src)
		if err != nil {
			le, ok := err.(*LoadError)
			if !ok {
				t.Fatalf("Load returned %T: %v", err, err)
			}
			if len(le.Errors()) == 0 {
				t.Fatalf("a LoadError without errors: %v", le.Diagnostics)
			}
			for _, d := range le.Diagnostics {
				if d.Pos.Line < 1 || d.Pos.Col < 1 {
					t.Fatalf("diagnostic without a position: %s", d)
				}
				_ = d.Detail()
			}
			return
		}
		if rs == nil {
			t.Fatal("no ruleset and no error")
		}
		// A ruleset that loads must evaluate its defaults without panicking.
		given := Answers{}
		for _, q := range rs.Questions {
			if q.Required {
				given[q.ID] = requiredValue(q)
			}
		}
		p, err := rs.Complete(given)
		if err != nil {
			t.Fatalf("complete: %v", err)
		}
		if _, err := rs.Evaluate(p, EvalOptions{Trace: true}); err != nil {
			if _, ok := err.(*RuntimeError); !ok {
				t.Fatalf("evaluate returned %T: %v", err, err)
			}
		}
	})
}

// requiredValue is some valid answer for a required question.
func requiredValue(q *Question) any {
	switch q.Type {
	case TypeBool:
		return true
	case TypeInt:
		if q.Min != nil {
			return *q.Min
		}
		if q.Max != nil && *q.Max < 0 {
			return *q.Max
		}
		return 0
	case TypeChoice:
		return q.Options[0].ID
	}
	return []string{}
}

// FuzzParseAnswers feeds arbitrary JSON answers to ParseAnswers and Complete:
// they must never panic, and typed answers must have the question's type.
func FuzzParseAnswers(f *testing.F) {
	rs := mustLoad(f, scoringRules)
	for _, s := range []string{
		`{"employees": 40, "product_driven": true}`,
		`{"employees": "40", "compliance": "soc2;hipaa", "stage": "early"}`,
		`{"employees": 1e300, "product_driven": "maybe"}`,
		`{"employees": -1, "compliance": [1, null], "stage": null}`,
		`{"employes": 3}`,
		`{"compliance": {"a": 1}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		var raw map[string]any
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.UseNumber()
		if dec.Decode(&raw) != nil {
			return
		}
		a, err := rs.ParseAnswers(raw)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for id, v := range a {
			q := rs.Question(id)
			ok := false
			switch q.Type {
			case TypeBool:
				_, ok = v.(bool)
			case TypeInt:
				var n int
				n, ok = v.(int)
				ok = ok && (q.Min == nil || n >= *q.Min) && (q.Max == nil || n <= *q.Max)
			case TypeChoice:
				var s string
				s, ok = v.(string)
				ok = ok && q.HasOption(s)
			case TypeMulti:
				_, ok = v.([]string)
			}
			if !ok {
				t.Fatalf("%s: typed answer %#v does not fit a %s question", id, v, q.Type)
			}
		}
		if p, err := rs.Complete(a); err == nil {
			if _, err := rs.Evaluate(p, EvalOptions{}); err != nil {
				t.Fatalf("evaluate: %v", err)
			}
		}
	})
}
