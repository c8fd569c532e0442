package answers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func smallRules(t *testing.T) *rules.Ruleset {
	t.Helper()
	rs, _, err := rules.Load("r.yaml", []byte(`version: 1
sources: {s: {title: S, ref: s.txt}}
questions:
  - {id: size, type: int, prompt: "Size?", help: H, min: 1, required: true}
  - {id: tech, type: bool, prompt: "Tech?", help: H, default: false}
  - id: regs
    type: multi
    prompt: "Regs?"
    help: H
    options: [{id: a, label: A}, {id: b, label: B}]
  - {id: devs, type: int, prompt: "Devs?", help: H, min: 0, default: 0, ask_if: tech}
roles: [{id: r, title: R, fractional_title: PR, label: r, fractional_label: pr}]
rules:
  - {id: x, description: X, when: "size > 1 and tech and len(regs) > 0", add: {r: 1}, sources: [s]}
decide:
  r: [{level: none, because: B}]
`))
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestParseAnswersAndType(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	raws, err := Parse("a.json", []byte(`{"size": 3, "tech": true, "regs": ["b", "a"]}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Type(rs, raws)
	if err != nil {
		t.Fatal(err)
	}
	if a["size"] != 3 || a["tech"] != true || strings.Join(a["regs"].([]string), ",") != "a,b" {
		t.Errorf("typed = %#v", a)
	}
	// Later layers win.
	a, err = Type(rs, append(raws, Raw{ID: "size", Value: "9", From: "`--size`"}))
	if err != nil || a["size"] != 9 {
		t.Errorf("override: %v %v", a, err)
	}
	// Only the winning answer is typed: a bad value that a later layer
	// overrides is not an error; a null overrides nothing.
	a, err = Type(rs, []Raw{{ID: "size", Value: "abc", From: "ORGADVISOR_SIZE"}, {ID: "size", Value: "40", From: "`--size`"}, {ID: "size", Value: nil, From: "x"}})
	if err != nil || a["size"] != 40 {
		t.Errorf("overridden bad value: %v %v", a, err)
	}
	// Every problem, each at its place, on one line.
	raws, err = Parse("a.yaml", []byte("size: 0\ntech: maybe\nsise: 2\nregs: {a: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Type(rs, append(raws, Raw{ID: "tech", Value: "2", From: "ORGADVISOR_TECH"}))
	// a.yaml's tech is overridden by ORGADVISOR_TECH: only the winner is typed.
	want := `a.yaml:1:7: size: 0 is out of range; want a whole number of at least 1; ` +
		`a.yaml:3:1: unknown question "sise" (did you mean "size"?); ` +
		`a.yaml:4:7: regs: an object is not a list of options; want any of a, b; ` +
		`ORGADVISOR_TECH: "2" is not true or false; want true or false`
	if err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant:\n%s", err, want)
	}
}

// TestNumbersAsWritten checks that an answers file's number is quoted in
// an error as it was written, in JSON and in YAML alike, not as the
// float64 that thirty digits become (1.2345678901234568e+29); and that YAML
// numbers JSON does not write are read as before.
func TestNumbersAsWritten(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	for _, tc := range []struct{ name, src, want string }{
		{"a.json", `{"size": 123456789012345678901234567890}`, `a.json:1:10: size: 123456789012345678901234567890 is out of range; want a whole number of at least 1`},
		{"a.yaml", "size: 123456789012345678901234567890\n", `a.yaml:1:7: size: 123456789012345678901234567890 is out of range; want a whole number of at least 1`},
		{"a.json", `{"size": 1e400}`, `a.json:1:10: size: 1e400 is out of range; want a whole number of at least 1`},
		{"a.yaml", "size: \"1e400\"\n", `a.yaml:1:7: size: "1e400" is not a whole number; want a whole number of at least 1`},
		{"a.yaml", "size: !!str 40.0\n", `a.yaml:1:7: size: "40.0" is not a whole number; want a whole number of at least 1`},
		{"a.yaml", "size: 4.50\n", `a.yaml:1:7: size: 4.50 is not a whole number; want a whole number of at least 1`},
		{"a.yaml", "size: 1.0000000000000000001\n", `a.yaml:1:7: size: 1.0000000000000000001 is not a whole number; want a whole number of at least 1`},
		{"a.yaml", "size: 1e3\n", ``},
		{"a.yaml", "size: 0x10\n", ``},
		{"a.yaml", "size: +12\n", ``},
		{"a.yaml", "size: .5\n", `a.yaml:1:7: size: 0.5 is not a whole number; want a whole number of at least 1`},
	} {
		raws, err := Parse(tc.name, []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Type(rs, raws)
		if got := fmt.Sprint(err); tc.want == "" && err != nil || tc.want != "" && got != tc.want {
			t.Errorf("%s %q: %v, want %q", tc.name, tc.src, err, tc.want)
		}
	}
}

// An answers file of - is standard input, named so at each place, as
// `rules check -` names it; nothing on it is one clear error.
func TestReadStdin(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	raws, err := Read("-", strings.NewReader("size: 3\nregs: [c]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Type(rs, raws); err == nil || err.Error() != `standard input:2:7: regs: "c" is not an option (did you mean "a"?); options: a, b` {
		t.Errorf("error = %v", err)
	}
	if _, err := Read("-", strings.NewReader("")); err == nil || err.Error() != "standard input is empty; pipe the answers file in, or name it instead of `-`" {
		t.Errorf("empty: error = %v", err)
	}
}

func TestFormatAnswersRoundTrip(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	// tech is assumed; devs is given but ignored (tech is false).
	given := rules.Answers{"size": 12, "regs": []string{"b"}, "devs": 4}
	p, err := rs.Complete(given)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(p.Assumed, p.Ignored) != "[tech devs] [devs]" {
		t.Fatalf("assumed %v, ignored %v", p.Assumed, p.Ignored)
	}
	for _, asJSON := range []bool{false, true} {
		data, err := Format(rs, given, p, []string{"header"}, asJSON)
		if err != nil {
			t.Fatal(err)
		}
		wantYAML := "# header\n# Assumed (the defaults; not saved, so they are assumed again):\n#   tech: false\n" +
			"size: 12\nregs: [b]\ndevs: 4 # ignored: the question does not apply to these answers\n"
		wantJSON := "{\n  \"size\": 12,\n  \"regs\": [\"b\"],\n  \"devs\": 4\n}\n"
		if want := map[bool]string{false: wantYAML, true: wantJSON}[asJSON]; string(data) != want {
			t.Errorf("json=%v:\n%s\nwant:\n%s", asJSON, data, want)
		}
		raws, err := Parse("saved", data)
		if err != nil {
			t.Fatalf("%s", data)
		}
		back, err := Type(rs, raws)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := rs.Complete(back)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := fmt.Sprint(p2.Answers, p2.Assumed, p2.Ignored), fmt.Sprint(p.Answers, p.Assumed, p.Ignored); a != b {
			t.Errorf("json=%v: read back %s, saved %s", asJSON, a, b)
		}
	}
}

func TestFormatAnswersNoneGiven(t *testing.T) {
	t.Parallel()
	rs := smallRules(t)
	p := &rules.Profile{Answers: rules.Answers{}}
	for _, asJSON := range []bool{false, true} {
		data, err := Format(rs, rules.Answers{}, p, nil, asJSON)
		if err != nil {
			t.Fatal(err)
		}
		raws, err := Parse("saved", data)
		if err != nil || len(raws) != 0 {
			t.Errorf("json=%v: %q read back as %v, %v", asJSON, data, raws, err)
		}
	}
}

func TestLayersTypedLaterWins(t *testing.T) {
	rs := smallRules(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("size: 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		l    Layers
		want any
	}{
		{"config alone", Layers{Config: []Raw{{ID: "size", Value: 10}}}, 10},
		{"file over config", Layers{Config: []Raw{{ID: "size", Value: 10}}, AnswersFile: file}, 20},
		{"env over file", Layers{AnswersFile: file, Env: []Raw{{ID: "size", Value: "30"}}}, 30},
		{"flags over env", Layers{AnswersFile: file, Env: []Raw{{ID: "size", Value: "30"}}, Flags: []Raw{{ID: "size", Value: "40"}}}, 40},
		{"stdin", Layers{AnswersFile: "-", Stdin: strings.NewReader("size: 50\n")}, 50},
	}
	for _, tt := range tests {
		got, err := tt.l.Typed(rs)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got["size"] != tt.want {
			t.Errorf("%s: size %v, want %v", tt.name, got["size"], tt.want)
		}
	}
	if _, err := (Layers{AnswersFile: filepath.Join(dir, "missing.yaml")}).Typed(rs); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("a missing answers file: %v", err)
	}
}
