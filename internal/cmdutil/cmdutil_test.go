package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		code int
	}{
		{nil, 0},
		{errors.New("boom"), 1},
		{ErrSilent, 1},
		{BadInputf("bad"), 2},
		{fmt.Errorf("wrapped: %w", BadInputf("bad")), 2},
		{SilentBadInput(), 2},
		{ErrCancel, 130},
		{fmt.Errorf("asking: %w", ErrCancel), 130},
		{StoppedBy(os.Interrupt), 130},
		{StoppedBy(syscall.SIGTERM), 0},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.code {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
	}
	if !IsSilent(SilentBadInput()) || !IsSilent(ErrCancel) || IsSilent(BadInputf("x")) {
		t.Error("IsSilent")
	}
}

func TestAnswerNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ id, flag, env string }{
		{"employees", "employees", "ORGADVISOR_EMPLOYEES"},
		{"product_driven", "product-driven", "ORGADVISOR_PRODUCT_DRIVEN"},
		{"output", "answer-output", "ORGADVISOR_ANSWER_OUTPUT"},
		{"no_input", "answer-no-input", "ORGADVISOR_ANSWER_NO_INPUT"},
		{"save_answers", "answer-save-answers", "ORGADVISOR_SAVE_ANSWERS"},
	}
	for _, tt := range tests {
		if f, e := answers.Flag(tt.id), answers.Env(tt.id); f != tt.flag || e != tt.env {
			t.Errorf("%s: flag %q env %q, want %q %q", tt.id, f, e, tt.flag, tt.env)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	if err := WriteFileAtomic(p, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v", st.Mode().Perm())
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("two\n")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(data) != "two\n" || st.Mode().Perm() != 0o600 {
		t.Errorf("replaced file: %q mode %v", data, st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "no", "x"), nil); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("missing directory: %v", err)
	}
	// A file that cannot be created where its directory exists (a link
	// into a missing directory) is the user's bad path too: exit 2.
	if err := os.Symlink(filepath.Join("no", "x"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "link"), nil); err == nil || ExitCode(err) != ExitBadInput {
		t.Errorf("cannot create: %v (exit %d), want exit 2", err, ExitCode(err))
	}
	if err := WriteFileAtomic(dir, nil); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
}

func TestCheckWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "new.yaml")); err != nil {
		t.Errorf("new file: %v", err)
	}
	if err := CheckWritable(filepath.Join(dir, "no", "new.yaml")); err == nil {
		t.Error("missing directory accepted")
	}
	if err := CheckWritable(dir); err == nil {
		t.Error("directory accepted")
	}
}

func TestJQ(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"a": "x<y", "b": [1, 2], "c": {"d": true}}`)
	tests := []struct {
		expr   string
		pretty bool
		want   string
	}{
		{".a", false, "x<y\n"},
		{".b", false, "[1,2]\n"},
		{".b[]", false, "1\n2\n"},
		{".c", true, "{\n  \"d\": true\n}\n"},
		{".missing", false, "null\n"},
		{"empty", false, ""},
	}
	for _, tt := range tests {
		code, err := CompileJQ(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := JQ(&b, doc, code, tt.pretty); err != nil || b.String() != tt.want {
			t.Errorf("%s: %q %v, want %q", tt.expr, b.String(), err, tt.want)
		}
	}
	if _, err := CompileJQ(".a["); err == nil || ExitCode(err) != 2 || !strings.HasPrefix(err.Error(), "`--jq`: ") {
		t.Errorf("bad expression: %v", err)
	}
	code, _ := CompileJQ(`.a, error("no")`)
	var b bytes.Buffer
	if err := JQ(&b, doc, code, false); err == nil || ExitCode(err) != 2 || b.Len() != 0 {
		t.Errorf("runtime error: %v, wrote %q", err, b.String())
	}
}

func TestOutputFormat(t *testing.T) {
	t.Parallel()
	formats := []string{"text", "json", "yaml"}
	for _, tc := range []struct {
		format, from  string
		explicit, jq  bool
		want, wantErr string
	}{
		{"yaml", "`--output`", true, false, "yaml", ""},
		{"text", "`--output`", false, true, "json", ""},
		{"yaml", "ORGADVISOR_OUTPUT", false, true, "json", ""},
		{"json", "`--output`", true, true, "json", ""},
		{"yaml", "`--output`", true, true, "", "`--jq` filters JSON output; it cannot be used with `--output yaml`"},
		{"xml", "`--output`", true, false, "", "`--output`: unknown output format \"xml\"; formats: text, json, yaml"},
		{"xml", "c.yaml:1:9", false, true, "", "c.yaml:1:9: unknown output format \"xml\"; formats: text, json, yaml"},
	} {
		got, err := OutputFormat(tc.format, tc.from, tc.explicit, tc.jq, formats)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr || ExitCode(err) != ExitBadInput {
				t.Errorf("%+v: error %v, want %q", tc, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v: %q, %v; want %q", tc, got, err, tc.want)
		}
	}
}

func TestRangeDefaultAndPlural(t *testing.T) {
	t.Parallel()
	one, ten := 1, 10
	for _, tc := range []struct {
		q               rules.Question
		rng, defaultTxt string
	}{
		{rules.Question{Type: rules.TypeInt, Min: &one, Max: &ten, Default: 3}, "1 to 10", "3"},
		{rules.Question{Type: rules.TypeInt, Min: &one}, "at least 1", "none"},
		{rules.Question{Type: rules.TypeInt, Max: &ten}, "at most 10", "none"},
		{rules.Question{Type: rules.TypeBool, Default: false}, "", "false"},
		{rules.Question{Type: rules.TypeMulti, Default: []string{}}, "", "none"},
		{rules.Question{Type: rules.TypeMulti, Default: []string{"a", "b"}}, "", "a,b"},
		{rules.Question{Type: rules.TypeChoice, Default: "seed"}, "", "seed"},
	} {
		if r, d := tc.q.RangeText(), answers.DefaultText(&tc.q); r != tc.rng || d != tc.defaultTxt {
			t.Errorf("%+v: range %q default %q, want %q %q", tc.q, r, d, tc.rng, tc.defaultTxt)
		}
	}
}
