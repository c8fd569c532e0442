package rules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// checkGolden compares got with testdata/<name>, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// render lists a load's diagnostics as `rules check` prints them.
func render(diags []Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Detail())
		b.WriteByte('\n')
	}
	return b.String()
}

// typesPlaceholder writes the list of question types in the loader's
// "unknown type" message as {types}, so that adding a type to types.go
// rewrites no golden file. TestUnknownTypeListsEveryType checks the list.
func typesPlaceholder(s string) string {
	return strings.ReplaceAll(s, "allowed: "+strings.Join(TypeNames(), ", ")+"\n", "allowed: {types}\n")
}

// TestCheckGolden loads every testdata/check/*.yaml and compares all of its
// diagnostics, errors and warnings, with the .golden file beside it.
func TestCheckGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "check", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/check files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, warnings, err := Load(filepath.ToSlash(file), src)
			diags := warnings
			if err != nil {
				le, ok := err.(*LoadError)
				if !ok {
					t.Fatalf("Load returned %T, want *LoadError: %v", err, err)
				}
				diags = le.Diagnostics
			}
			if len(diags) == 0 {
				t.Fatalf("%s: no diagnostics; every file in testdata/check must have at least one", file)
			}
			checkGolden(t, filepath.Join("check", name+".golden"), typesPlaceholder(render(diags)))
		})
	}
}
