package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestParseStrict(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"output: json\ncolour: true\n", `c.yaml:2:1: unknown key "colour" in config file; keys: output, rules, no_color, no_input, answers`},
		{"output: 3\n", `c.yaml:1:9: output must be a string, not the number 3`},
		{"no_color: yes please\n", `c.yaml:1:11: no_color must be true or false, not the string "yes please"`},
		{"output: a\noutput: b\n", `c.yaml:2:1: duplicate key "output" (first at line 1)`},
		{"- output\n", `c.yaml:1:1: config file must be a mapping of settings, not a list`},
		{"answers: [1]\n", `c.yaml:1:10: answers must be a mapping of question ids to answers, not a list`},
		{"answers:\n  a: 1\n  a: 2\n", `c.yaml:3:3: duplicate answer "a" (first at line 2)`},
		{"output: [\n", `c.yaml:1:1: invalid YAML: did not find expected node content`},
		{"a: 1\n---\nb: 2\n", `c.yaml:2:1: config file must hold one YAML document, found another here`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestParseSettingsAndAnswers(t *testing.T) {
	t.Parallel()
	c, err := Parse("/etc/oa/config.yaml", []byte("# comment\noutput: json\nrules: r.yaml\nno_color: true\nanswers:\n  employees: 40\n  compliance: [soc2, hipaa]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Answers) != 2 || c.Answers[0].ID != "employees" || c.Answers[0].Value != 40 || c.Answers[0].Pos.String() != "/etc/oa/config.yaml:6:14" {
		t.Errorf("answers = %+v", c.Answers)
	}
	if l, ok := c.Answers[1].Value.([]any); !ok || len(l) != 2 || l[1] != "hipaa" {
		t.Errorf("list answer = %#v", c.Answers[1].Value)
	}
	if p, ok := c.Has(KeyRules); !ok || p.String() != "/etc/oa/config.yaml:3:8" {
		t.Errorf("Has(rules) = %v, %v", p, ok)
	}
	empty, err := Parse("e.yaml", []byte("# nothing yet\n"))
	if err != nil || len(empty.Answers) != 0 {
		t.Errorf("a config file of comments: %v", err)
	}
}

// Settings: flag > environment > config file > default, each naming its
// origin. Not parallel: it sets environment variables.
func TestSettingPrecedence(t *testing.T) {
	c, err := Parse("/c/config.yaml", []byte("output: yaml\nrules: ../r.yaml\nno_input: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("output", "text", "")
	t.Setenv("ORGADVISOR_OUTPUT", "")
	if s := c.String(KeyOutput, fs.Lookup("output"), "text"); s != (Setting{"yaml", "/c/config.yaml:1:9"}) {
		t.Errorf("config: %+v", s)
	}
	t.Setenv("ORGADVISOR_OUTPUT", "json")
	if s := c.String(KeyOutput, fs.Lookup("output"), "text"); s != (Setting{"json", "ORGADVISOR_OUTPUT"}) {
		t.Errorf("env: %+v", s)
	}
	if err := fs.Parse([]string{"--output", "markdown"}); err != nil {
		t.Fatal(err)
	}
	if s := c.String(KeyOutput, fs.Lookup("output"), "text"); s != (Setting{"markdown", "`--output`"}) {
		t.Errorf("flag: %+v", s)
	}
	// A relative rules path is relative to the config file.
	t.Setenv("ORGADVISOR_RULES", "")
	if s := c.String(KeyRules, nil, ""); s.Value != filepath.Clean("/r.yaml") {
		t.Errorf("rules: %+v", s)
	}
	t.Setenv("ORGADVISOR_RULES", "env.yaml")
	if s := c.String(KeyRules, nil, ""); s != (Setting{"env.yaml", "ORGADVISOR_RULES"}) {
		t.Errorf("rules from env: %+v", s)
	}
	// Booleans: a bad environment value names the variable.
	t.Setenv("ORGADVISOR_NO_INPUT", "")
	if b, err := c.Bool(KeyNoInput, nil); err != nil || !b {
		t.Errorf("no_input from config: %v %v", b, err)
	}
	t.Setenv("ORGADVISOR_NO_INPUT", "off")
	if b, err := c.Bool(KeyNoInput, nil); err != nil || b {
		t.Errorf("no_input from env: %v %v", b, err)
	}
	t.Setenv("ORGADVISOR_NO_INPUT", "sometimes")
	if _, err := c.Bool(KeyNoInput, nil); err == nil || err.Error() != `ORGADVISOR_NO_INPUT: "sometimes" is not true or false` {
		t.Errorf("bad env bool: %v", err)
	}
	// Defaults when nothing sets a value.
	t.Setenv("ORGADVISOR_OUTPUT", "")
	if s := Empty().String(KeyOutput, nil, "text"); s != (Setting{"text", ""}) {
		t.Errorf("default: %+v", s)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if p := DefaultPath(); p != filepath.Join(dir, "orgadvisor", "config.yaml") {
		t.Errorf("DefaultPath = %q", p)
	}
	// No default file: no configuration, no error.
	c, err := Load("")
	if err != nil || c.Path != "" {
		t.Fatalf("no file: %+v %v", c, err)
	}
	_ = os.MkdirAll(filepath.Join(dir, "orgadvisor"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "orgadvisor", "config.yaml"), []byte("output: json\n"), 0o644)
	if c, err = Load(""); err != nil || c.Path != DefaultPath() {
		t.Fatalf("default file: %+v %v", c, err)
	}
	// An explicit file must exist.
	if _, err := Load(filepath.Join(dir, "nope.yaml")); err == nil || !strings.HasSuffix(err.Error(), "nope.yaml: cannot read config file: no such file or directory") {
		t.Errorf("explicit missing file: %v", err)
	}
}

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
	raws, err := ParseAnswers("a.json", []byte(`{"size": 3, "tech": true, "regs": ["b", "a"]}`))
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
	a, err = Type(rs, append(raws, RawAnswer{ID: "size", Value: "9", From: "`--size`"}))
	if err != nil || a["size"] != 9 {
		t.Errorf("override: %v %v", a, err)
	}
	// Only the winning answer is typed: a bad value that a later layer
	// overrides is not an error; a null overrides nothing.
	a, err = Type(rs, []RawAnswer{{ID: "size", Value: "abc", From: "ORGADVISOR_SIZE"}, {ID: "size", Value: "40", From: "`--size`"}, {ID: "size", Value: nil, From: "x"}})
	if err != nil || a["size"] != 40 {
		t.Errorf("overridden bad value: %v %v", a, err)
	}
	// Every problem, each at its place, on one line.
	raws, err = ParseAnswers("a.yaml", []byte("size: 0\ntech: maybe\nsise: 2\nregs: {a: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Type(rs, append(raws, RawAnswer{ID: "tech", Value: "2", From: "ORGADVISOR_TECH"}))
	// a.yaml's tech is overridden by ORGADVISOR_TECH: only the winner is typed.
	want := `a.yaml:1:7: size: 0 is out of range; want a whole number of at least 1; ` +
		`a.yaml:3:1: unknown question "sise" (did you mean "size"?); ` +
		`a.yaml:4:7: regs: an object is not a list of options; want any of a, b; ` +
		`ORGADVISOR_TECH: "2" is not true or false; want true or false`
	if err == nil || err.Error() != want {
		t.Errorf("errors:\n%v\nwant:\n%s", err, want)
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
		data, err := FormatAnswers(rs, given, p, []string{"header"}, asJSON)
		if err != nil {
			t.Fatal(err)
		}
		wantYAML := "# header\n# Assumed (the defaults; not saved, so they are assumed again):\n#   tech: false\n" +
			"size: 12\nregs: [b]\ndevs: 4 # ignored: the question does not apply to these answers\n"
		wantJSON := "{\n  \"size\": 12,\n  \"regs\": [\"b\"],\n  \"devs\": 4\n}\n"
		if want := map[bool]string{false: wantYAML, true: wantJSON}[asJSON]; string(data) != want {
			t.Errorf("json=%v:\n%s\nwant:\n%s", asJSON, data, want)
		}
		raws, err := ParseAnswers("saved", data)
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
		data, err := FormatAnswers(rs, rules.Answers{}, p, nil, asJSON)
		if err != nil {
			t.Fatal(err)
		}
		raws, err := ParseAnswers("saved", data)
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
		{"config alone", Layers{Config: []RawAnswer{{ID: "size", Value: 10}}}, 10},
		{"file over config", Layers{Config: []RawAnswer{{ID: "size", Value: 10}}, AnswersFile: file}, 20},
		{"env over file", Layers{AnswersFile: file, Env: []RawAnswer{{ID: "size", Value: "30"}}}, 30},
		{"flags over env", Layers{AnswersFile: file, Env: []RawAnswer{{ID: "size", Value: "30"}}, Flags: []RawAnswer{{ID: "size", Value: "40"}}}, 40},
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
