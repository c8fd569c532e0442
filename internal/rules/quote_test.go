package rules

import (
	"fmt"
	"strings"
	"testing"
)

// A huge given value is quoted in part, so its error stays a short line
// (and it is not measured for a "did you mean", which took minutes).
func TestHugeValuesGiveShortMessages(t *testing.T) {
	rs := mustLoad(t, boundsRules("size > 0", 3))
	huge := strings.Repeat("3", 10<<20)
	tests := []struct {
		id   string
		raw  any
		want string
	}{
		{"size", huge, `size: "3333333333333333333333333333333333333333333333333333333333333333"... (10485760 bytes) is out of range; want a whole number`},
		{"size", "x" + huge, `size: "x333333333333333333333333333333333333333333333333333333333333333"... (10485761 bytes) is not a whole number; want a whole number`},
		{"kind", huge, `kind: "3333333333333333333333333333333333333333333333333333333333333333"... (10485760 bytes) is not an option; options: a, b`},
		{"regs", []any{"o1", huge}, `regs: "3333333333333333333333333333333333333333333333333333333333333333"... (10485760 bytes) is not an option; options: o0, o1, o2`},
		{"kind", "é" + strings.Repeat("é", 100), `kind: "` + strings.Repeat("é", 32) + `"... (202 bytes) is not an option`},
		{huge, 1, `unknown question "3333333333333333333333333333333333333333333333333333333333333333"... (10485760 bytes); questions: size, kind, regs`},
		{"kind", "bb", `kind: "bb" is not an option (did you mean "b"?); options: a, b`},
	}
	for _, tt := range tests {
		_, err := rs.ParseAnswers(map[string]any{tt.id: tt.raw})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("error %.200q, want it to start with %q", err, tt.want)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("error is %d bytes long", len(err.Error()))
		}
	}
}

// Thousands of bad answers give the first few problems and a count.
func TestManyProblemsGiveOneShortLine(t *testing.T) {
	rs := mustLoad(t, boundsRules("size > 0", 3))
	raw := map[string]any{}
	for i := 0; i < 1000; i++ {
		raw[fmt.Sprintf("q%04d", i)] = 1
	}
	_, err := rs.ParseAnswers(raw)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	want := `unknown question "q0000"; questions: size, kind, regs; unknown question "q0001"; `
	if !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, `unknown question "q0004"; questions: size, kind, regs (and 995 more problems)`) {
		t.Errorf("error %q", msg)
	}
	if got := JoinProblems([]string{"a", "b", "c", "d", "e", "f"}, func(s string) string { return s }); got != "a; b; c; d; e (and 1 more problem)" {
		t.Errorf("JoinProblems: %q", got)
	}
}
