package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/spf13/pflag"
)

func TestParseStrict(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, want string }{
		{"output: json\ncolour: true\n", `c.yaml:2:1: unknown key "colour" in config file; keys: output, rules, no_color, no_input, accessible, pager, no_pager, addr, log_format, embed_origin, cors_origin, allowed_host, max_body, max_line, max_requests, read_header_timeout, read_timeout, write_timeout, idle_timeout, batch_timeout, answers`},
		{"accessible: 1\n", `c.yaml:1:13: accessible must be true or false, not the number 1`},
		{"no_pager: \"yes\"\n", `c.yaml:1:11: no_pager must be true or false, not the string "yes"`},
		{"pager: true\n", `c.yaml:1:8: pager must be a string, not true`},
		{"addr: 8080\n", `c.yaml:1:7: addr must be a string, not the number 8080`},
		{"max_body: [1]\n", `c.yaml:1:11: max_body must be a size such as 1MiB or a number of bytes, not a list`},
		{"max_requests: \"64\"\n", `c.yaml:1:15: max_requests must be a whole number, not the string "64"`},
		{"read_timeout: 30\n", `c.yaml:1:15: read_timeout must be a duration such as "30s" or "2m", not the number 30`},
		{"output: 3\n", `c.yaml:1:9: output must be a string, not the number 3`},
		{"rules: ''\n", `c.yaml:1:8: rules needs a file name; leave it out to use the embedded rules`},
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
	// YAML's other spellings of true, and an absolute rules path as given.
	t.Setenv("ORGADVISOR_NO_COLOR", "")
	t.Setenv("ORGADVISOR_RULES", "")
	c, err = Parse("/c/config.yaml", []byte("no_color: True\nrules: /abs/r.yaml\n"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := c.Bool(KeyNoColor, nil); err != nil || !b {
		t.Errorf("no_color: True: %v %v", b, err)
	}
	if s := c.String(KeyRules, nil, ""); s != (Setting{"/abs/r.yaml", "/c/config.yaml:2:8"}) {
		t.Errorf("absolute rules: %+v", s)
	}
}

// The serve settings: typed, each bad value naming where it was set. Not
// parallel: it sets environment variables.
func TestTypedSettings(t *testing.T) {
	c, err := Parse("/c/config.yaml", []byte("max_body: 2MiB\nmax_line: 65536\nmax_requests: 8\nread_timeout: 1m30s\nwrite_timeout: soon\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{KeyMaxBody, KeyMaxLine, KeyMaxRequests, KeyReadTimeout, KeyWriteTimeout, KeyIdleTimeout} {
		t.Setenv(EnvName(k), "")
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("max-body", "", "")
	fs.String("idle-timeout", "", "")
	if n, err := c.Size(KeyMaxBody, fs.Lookup("max-body"), 1<<20); n != 2<<20 || err != nil {
		t.Errorf("max_body from the file = %d, %v", n, err)
	}
	if n, err := c.Size(KeyMaxLine, nil, 1); n != 65536 || err != nil {
		t.Errorf("max_line from the file = %d, %v", n, err)
	}
	if n, err := c.Count(KeyMaxRequests, nil, 64); n != 8 || err != nil {
		t.Errorf("max_requests from the file = %d, %v", n, err)
	}
	if d, err := c.Duration(KeyReadTimeout, nil, time.Second); d != 90*time.Second || err != nil {
		t.Errorf("read_timeout from the file = %v, %v", d, err)
	}
	if d, err := c.Duration(KeyIdleTimeout, fs.Lookup("idle-timeout"), time.Minute); d != time.Minute || err != nil {
		t.Errorf("idle_timeout by default = %v, %v", d, err)
	}
	if _, err := c.Duration(KeyWriteTimeout, nil, time.Second); err == nil || err.Error() != `/c/config.yaml:5:16: "soon" is not a duration such as 30s, 2m or 1m30s` {
		t.Errorf("bad duration in the file: %v", err)
	}
	t.Setenv("ORGADVISOR_MAX_REQUESTS", "0")
	if _, err := c.Count(KeyMaxRequests, nil, 64); err == nil || err.Error() != `ORGADVISOR_MAX_REQUESTS: "0" is not a whole number of at least 1` {
		t.Errorf("bad count in the environment: %v", err)
	}
	t.Setenv("ORGADVISOR_MAX_BODY", "512 KiB")
	if n, err := c.Size(KeyMaxBody, fs.Lookup("max-body"), 1); n != 512<<10 || err != nil {
		t.Errorf("max_body from the environment = %d, %v", n, err)
	}
	if err := fs.Parse([]string{"--max-body", "lots", "--idle-timeout", "-1s"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Size(KeyMaxBody, fs.Lookup("max-body"), 1); err == nil || err.Error() != "`--max-body`: \"lots\" is not a size such as 1MiB, 512KiB or 65536 (bytes)" {
		t.Errorf("bad size by flag: %v", err)
	}
	if _, err := c.Duration(KeyIdleTimeout, fs.Lookup("idle-timeout"), time.Minute); err == nil || err.Error() != "`--idle-timeout`: \"-1s\" is not a duration such as 30s, 2m or 1m30s" {
		t.Errorf("negative duration by flag: %v", err)
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

// TestSettingsAreReserved checks that no question's variable can take a
// setting's: a new setting must be added to answers.ReservedEnv.
func TestSettingsAreReserved(t *testing.T) {
	t.Parallel()
	for _, key := range fileKeys() {
		if key == keyAnswers {
			continue
		}
		if !answers.ReservedEnv(strings.ToUpper(key)) {
			t.Errorf("setting %s: %s is not in answers.ReservedEnv, so a question %q would read it", key, EnvName(key), key)
		}
	}
}

// The terminal settings (accessible, pager, no_pager) are read like the
// others: the file, then the environment, then the flag. Not parallel: it
// sets environment variables.
func TestTerminalSettings(t *testing.T) {
	c, err := Parse("/c/config.yaml", []byte("accessible: true\npager: most -s\nno_pager: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ORGADVISOR_ACCESSIBLE", "ORGADVISOR_PAGER", "ORGADVISOR_NO_PAGER"} {
		t.Setenv(k, "")
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.Bool("accessible", false, "")
	fs.String("pager", "", "")
	fs.Bool("no-pager", false, "")
	if v, err := c.Bool(KeyAccessible, fs.Lookup("accessible")); err != nil || !v {
		t.Errorf("accessible from the file = %v, %v", v, err)
	}
	if s := c.String(KeyPager, fs.Lookup("pager"), ""); s != (Setting{"most -s", "/c/config.yaml:2:8"}) {
		t.Errorf("pager from the file = %+v", s)
	}
	t.Setenv("ORGADVISOR_PAGER", "more")
	t.Setenv("ORGADVISOR_ACCESSIBLE", "0")
	if s := c.String(KeyPager, fs.Lookup("pager"), ""); s != (Setting{"more", "ORGADVISOR_PAGER"}) {
		t.Errorf("pager from the environment = %+v", s)
	}
	if v, err := c.Bool(KeyAccessible, fs.Lookup("accessible")); err != nil || v {
		t.Errorf("ORGADVISOR_ACCESSIBLE=0 = %v, %v", v, err)
	}
	t.Setenv("ORGADVISOR_NO_PAGER", "perhaps")
	if _, err := c.Bool(KeyNoPager, fs.Lookup("no-pager")); err == nil || err.Error() != `ORGADVISOR_NO_PAGER: "perhaps" is not true or false` {
		t.Errorf("a bad ORGADVISOR_NO_PAGER: %v", err)
	}
	if err := fs.Parse([]string{"--no-pager", "--pager", "less"}); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Bool(KeyNoPager, fs.Lookup("no-pager")); err != nil || !v {
		t.Errorf("--no-pager = %v, %v", v, err)
	}
	if s := c.String(KeyPager, fs.Lookup("pager"), ""); s != (Setting{"less", "`--pager`"}) {
		t.Errorf("--pager = %+v", s)
	}
}
