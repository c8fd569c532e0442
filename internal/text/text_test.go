package text

import (
	"reflect"
	"strings"
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
		// Wide characters take two columns each: 4 + 1 + 4 > 8, and
		// Japanese may break between two characters (UAX #14).
		{"日本 語語", 8, []string{"日本 語", "語"}},
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

func TestWidthAndPad(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{
		"abc": 3, "": 0, "日本語": 6, "👍": 2, "e\u0301": 1, "█░┃": 3, "café": 4,
	} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
	if got := PadRight("日本", 6); got != "日本  " {
		t.Errorf("PadRight = %q", got)
	}
	if got := PadRight("toolong", 3); got != "toolong" {
		t.Errorf("PadRight = %q", got)
	}
}

func TestWrapBreaks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"  spaces \n and\tbreaks  ", 80, []string{"spaces and breaks"}},
		{"", 10, []string{""}},
		{"one line when unbounded", 0, []string{"one line when unbounded"}},
		// Only at spaces in English: never after a hyphen, a dash or a
		// slash, which would read as two words ("a full-" / "time CTO").
		{"a day-to-day job", 10, []string{"a", "day-to-day", "job"}},
		{"engage a full-time CTO", 14, []string{"engage a", "full-time CTO"}},
		{"costs $250-400k a year", 12, []string{"costs", "$250-400k a", "year"}},
		{"either/or and this—that", 6, []string{"either/or", "and", "this—that"}},
		// Wide characters count two columns; CJK text breaks between characters.
		{"日本語のテキストです", 8, []string{"日本語の", "テキスト", "です"}},
		{"ok 👍👍👍 fine", 6, []string{"ok 👍", "👍👍", "fine"}},
		// An address stays whole on a line of its own when it fits...
		{"see https://example.com/a/b/c now", 25, []string{"see", "https://example.com/a/b/c", "now"}},
		// ...and where it does not: never cut at a hyphen or a slash.
		{"https://example.com/aaaa/bbbb", 12, []string{"https://example.com/aaaa/bbbb"}},
		{"see https://example.com/when-to-hire-a-cto now", 20, []string{"see", "https://example.com/when-to-hire-a-cto", "now"}},
		// A word wider than the line gets a line of its own.
		{"a abcdefghij b", 4, []string{"a", "abcdefghij", "b"}},
		// Bytes that are not UTF-8 are kept as they are (found by FuzzWrap).
		{"\xe3 \x80\x80\x80\x80", 5, []string{"\xe3", "\x80\x80\x80\x80"}},
	}
	for _, tt := range tests {
		got := Wrap(tt.in, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		for _, l := range got {
			if tt.width > 0 && Width(l) > tt.width && strings.Contains(l, " ") {
				t.Errorf("Wrap(%q, %d): line %q is %d wide", tt.in, tt.width, l, Width(l))
			}
		}
	}
}

// Every line fits, whatever the text and width, and no character is lost.
func FuzzWrap(f *testing.F) {
	f.Add("the quick brown fox", 7)
	f.Add("日本語のテキスト https://example.com/x", 5)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 2 || width > 200 {
			return
		}
		lines := Wrap(s, width)
		for _, l := range lines {
			// Only a piece with no break allowed in it may be wider.
			if Width(l) > width && len(pieces(l, width)) > 1 {
				t.Fatalf("line %q is %d wide, over %d", l, Width(l), width)
			}
		}
		// The text without its spaces, line by line: joined first, the
		// lines "\xe3" and "\x80\x80" would read as U+3000, a space.
		var got strings.Builder
		for _, l := range lines {
			got.WriteString(strings.Join(strings.Fields(l), ""))
		}
		if want := strings.Join(strings.Fields(s), ""); got.String() != want {
			t.Fatalf("lost text: %q from %q", got.String(), want)
		}
	})
}
