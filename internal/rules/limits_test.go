package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLoadLimits(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'k'; i++ {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	bigExpr := "version: 1\nquestions:\n  - {id: n, type: int, prompt: N, help: N, required: true}\nroles: []\nrules:\n  - {id: r, description: d, add: {}, sources: [], when: \"" +
		strings.TrimSuffix(strings.Repeat("n > 1 and ", 300), " and ") + "\"}\ndecide: {}\n"
	deepCond := "version: 1\nquestions:\n  - {id: n, type: int, prompt: N, help: N, required: true}\nroles: []\nrules:\n  - {id: r, description: d, add: {}, sources: [], when: " +
		strings.Repeat("{not: ", 40) + "n > 1" + strings.Repeat("}", 40) + "}\ndecide: {}\n"
	tests := []struct {
		name, src, want string
	}{
		{"alias bomb", bomb, "test.yaml:1:17: document too large: more than 100000 YAML nodes once aliases are expanded"},
		{"deep nesting", "x: " + deep, "test.yaml:1:68: document nested too deeply: more than 64 levels"},
		{"expression size", bigExpr, "test.yaml:6:2564: rule r: when: expression too large: more than 1000 nodes"},
		{"condition depth", deepCond, "conditions nested too deeply: more than 32 levels of all/any/not"},
		{"invalid UTF-8", "version: 1\nquestions: [\xff]\n", "test.yaml:2:13: file is not valid UTF-8"},
		{"two documents", "version: 1\n---\nversion: 1\n", "test.yaml:2:1: rules file must hold one YAML document, found another here"},
		{"too large", "# " + strings.Repeat("x", MaxFileSize), "test.yaml:1:1: rules file too large: over 4 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load("test.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("load succeeded")
			}
			all := render(err.(*LoadError).Diagnostics)
			if !strings.Contains(all, tt.want) {
				t.Errorf("diagnostics\n%s\nwant one containing %q", all, tt.want)
			}
		})
	}
}

// "-" reads standard input, named Stdin in errors, with the limits of a
// file; nothing at all on it is an error of its own. Any other name is a
// file, as ReadFile reads it.
func TestReadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, stdin, name, want string
		err                     string
	}{
		{path: "-", stdin: "version: 1\n", name: "standard input", want: "version: 1\n"},
		{path: "-", stdin: "", name: "standard input", err: "standard input is empty; pipe the rules file in, or name it instead of `-`"},
		{path: "-", stdin: strings.Repeat("x", MaxFileSize+1), name: "standard input", err: "standard input: rules file too large: over 4 MiB"},
		{path: "no/such.yaml", stdin: "unread", name: "no/such.yaml", err: "no/such.yaml: cannot read rules file: no such file or directory"},
	}
	for _, tt := range tests {
		name, src, err := ReadInput(tt.path, "rules file", strings.NewReader(tt.stdin))
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if name != tt.name || string(src) != tt.want || gotErr != tt.err {
			t.Errorf("ReadInput(%q) = %q, %.20q, %q; want %q, %.20q, %q", tt.path, name, src, gotErr, tt.name, tt.want, tt.err)
		}
	}
	_, _, err := ReadInput("-", "rules file", iotest.ErrReader(errors.New("broken pipe")))
	if err == nil || err.Error() != "standard input: cannot read rules file: broken pipe" {
		t.Errorf("a failed read: %v", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(dir, "rules file"); err == nil || err.Error() != dir+": rules file is a directory, not a file" {
		t.Errorf("directory: %v", err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	if _, err := ReadFile(missing, "rules file"); err == nil || err.Error() != missing+": cannot read rules file: no such file or directory" {
		t.Errorf("missing: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(big, "rules file"); err == nil || err.Error() != big+": rules file too large: over 4 MiB" {
		t.Errorf("big: %v", err)
	}
	ok := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(ok, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(ok, "rules file"); err != nil || string(b) != "hello" {
		t.Errorf("ok: %q, %v", b, err)
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		locked := filepath.Join(dir, "locked.yaml")
		if err := os.WriteFile(locked, []byte("x"), 0o000); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadFile(locked, "rules file"); err == nil || err.Error() != locked+": cannot read rules file: permission denied" {
			t.Errorf("unreadable: %v", err)
		}
	}
}

func TestLoadAcceptsCRLFAndBOM(t *testing.T) {
	src := "\ufeff" + strings.ReplaceAll(levelsRules, "\n", "\r\n")
	if _, _, err := Load("crlf.yaml", []byte(src)); err != nil {
		t.Fatalf("CRLF with a byte-order mark: %v", err)
	}
	// Positions still count lines correctly.
	bad := "\ufeff" + strings.ReplaceAll("version: 1\r\nquestions: []\r\nroles: []\r\nrules: []\r\ndecide: {}\r\nextra: 1\r\n", "\n", "\n")
	_, _, err := Load("crlf.yaml", []byte(bad))
	if err == nil || !strings.HasPrefix(err.Error(), "crlf.yaml:2:12: questions: the list is empty") {
		t.Errorf("error %v", err)
	}
}

// maximalRules is a valid rules file of about size bytes made of rules
// whose expressions are as long as allowed (mostly a comment, so that the
// file's work stays within its limit): the most expression text a file can
// hold.
func maximalRules(size int) string {
	src := boundsRules("size > 0", 3)
	when := "size > 1 /* " + strings.Repeat("x", maxExprLength-40) + " */"
	var b strings.Builder
	for i := 0; b.Len() < size-len(src); i++ {
		fmt.Fprintf(&b, "  - {id: m%d, description: D, add: {boss: 1}, sources: [s], when: \"%s\"}\n", i, when)
	}
	return strings.Replace(src, "rules:\n", "rules:\n"+b.String(), 1)
}

// Loading a 4 MiB file took 470 MB, because a position was computed and
// kept for every character of every expression, in case an error needed
// one. Positions are now computed only for a message: loading allocates a
// small multiple of the file's size.
func TestLoadMaximalFileAllocates(t *testing.T) {
	src := []byte(maximalRules(1 << 20))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, _, err := Load("max.yaml", src); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("loading %d KiB allocated %d MiB", len(src)>>10, alloc>>20)
	if limit := uint64(24 * len(src)); alloc > limit {
		t.Errorf("loading %d KiB allocated %d MiB, want at most %d MiB", len(src)>>10, alloc>>20, limit>>20)
	}
}
