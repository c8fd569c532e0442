package answers

import (
	"reflect"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// fuzzRules has a question of every type, with bounds and options, so that
// typed answers of every kind reach Format.
const fuzzRules = `version: 1
sources:
  s: {title: S, ref: s.txt}
questions:
  - {id: size, type: int, prompt: P, help: H, min: 0, max: 1000, required: true}
  - {id: tech, type: bool, prompt: P, help: H, default: false}
  - {id: kind, type: choice, prompt: P, help: H, default: shop, options: [{id: shop, label: S}, {id: lab, label: L}, {id: "yes", label: Y}]}
  - {id: regs, type: multi, prompt: P, help: H, options: [{id: gdpr, label: G}, {id: soc2, label: S}, {id: "1", label: One}]}
  - {id: devs, type: int, prompt: P, help: H, default: 0, ask_if: tech}
roles:
  - {id: boss, title: B, fractional_title: PB, label: boss, fractional_label: pboss}
rules:
  - {id: r, description: D, sources: [s], add: {boss: 1}, when: "size > 10 and tech and kind == 'lab' and 'gdpr' in regs and devs > 2"}
decide:
  boss:
    - {when: score >= 1, level: full-time, because: B}
    - {level: none, because: B}
`

// FuzzParse feeds arbitrary bytes to Parse, the reader of
// answers files and of `--answers -`. It must never panic; an error is one
// line naming the file; accepted answers carry their positions; and answers
// that type are written by Format (YAML and JSON) in a form that
// reads back to the same answers.
func FuzzParse(f *testing.F) {
	rs, _, err := rules.Load("rules.yaml", []byte(fuzzRules))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"size: 40\ntech: true\nkind: lab\nregs: [gdpr, soc2]\n",
		`{"size": 40, "tech": true, "kind": "lab", "regs": ["gdpr"], "devs": 3}`,
		"\ufeff# CRLF\r\nsize: 3\r\nregs: soc2;gdpr\r\n",
		"size: 3\nkind: 'yes'\nregs: ['1']\n",
		"size: .nan\n", "size: 1e400\n", "size: -5\n", `{"size": 3, "size": 4}`,
		"a: &a [x, x]\nb: [*a, *a]\n", "<<: {size: 3}\n", "? [a]\n: 1\n", "~: 1\n",
		"size: 3\n---\nsize: 4\n", "- size\n", "size: [[1]]\n", "regs: {a: 1}\n",
		"", "# nothing\n", `{"size": 3, "kind": `, "size: !!binary aGk=\n", "size: 2001-01-01\n",
		"tech: yes\nsize: 0x10\ndevs: 4\n", "size: 3\n\tkind: lab\n", "size: \"caf\xe9\"\n",
		// JSON that only JSON reads
		`{"size": 3, "kind": "l\/ab", "regs": ["\ud83d\ude00"]}`, `["\/"]`, `{"a\/": {"b": [1]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		raws, err := Parse("a.yaml", src)
		if err != nil {
			checkOneLine(t, err, "a.yaml:")
			return
		}
		for _, a := range raws {
			if a.ID == "" || a.Pos.Line < 1 || a.Pos.Col < 1 || a.KeyPos.Line < 1 {
				t.Fatalf("answer without an id or a position: %+v", a)
			}
		}
		given, err := Type(rs, raws)
		if err != nil {
			checkOneLine(t, err, "")
			return
		}
		p, err := rs.Complete(given)
		if err != nil {
			checkOneLine(t, err, "")
			return
		}
		for _, asJSON := range []bool{false, true} {
			out, err := Format(rs, given, p, []string{"Fuzzed answers."}, asJSON)
			if err != nil {
				t.Fatalf("Format(json %t): %v", asJSON, err)
			}
			back, err := Parse("saved", out)
			if err != nil {
				t.Fatalf("written answers do not read back (json %t): %v\n%s", asJSON, err, out)
			}
			again, err := Type(rs, back)
			if err != nil {
				t.Fatalf("written answers do not type (json %t): %v\n%s", asJSON, err, out)
			}
			if !reflect.DeepEqual(map[string]any(again), map[string]any(given)) {
				t.Fatalf("answers %v written (json %t) as\n%s\nread back as %v", given, asJSON, out, again)
			}
		}
	})
}

// checkOneLine fails unless err is a non-empty one-line message starting
// with prefix.
func checkOneLine(t *testing.T, err error, prefix string) {
	t.Helper()
	msg := err.Error()
	if msg == "" || strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, prefix) {
		t.Fatalf("error %q: want one line starting with %q", msg, prefix)
	}
}
