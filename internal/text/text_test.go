package text

import (
	"reflect"
	"testing"
)

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"a":                       "a",
		"  two\n\tlines \r\n ok ": "two lines ok",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPluralAndCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 records"}, {1, "1 record"}, {2, "2 records"}} {
		if got := Count(c.n, "record"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if Plural(1, "answer") != "answer" || Plural(3, "answer") != "answers" {
		t.Error("Plural")
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"one two three", 7, []string{"one two", "three"}},
		{"one  two\nthree", 20, []string{"one two three"}},
		{"a verylongword b", 5, []string{"a", "verylongword", "b"}},
		{"one two", 0, []string{"one two"}},
		// Wide characters take two columns each: 4 + 1 + 4 > 8.
		{"日本 語語", 8, []string{"日本", "語語"}},
		{"日本 語", 7, []string{"日本 語"}},
	}
	for _, tt := range tests {
		if got := Wrap(tt.in, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestIndent(t *testing.T) {
	t.Parallel()
	got := Indent("alpha beta gamma delta", 4, 14)
	want := "alpha beta\n    gamma\n    delta"
	if got != want {
		t.Errorf("Indent = %q, want %q", got, want)
	}
	if w := Width("é😀x"); w != 4 {
		t.Errorf("Width = %d, want 4", w)
	}
}
