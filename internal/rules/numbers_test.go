package rules

import (
	"testing"

	"github.com/dustin/go-humanize"
)

func TestNumberInWords(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0"}, {7, "7"}, {42, "42"}, {999, "999"},
		{1000, "1,000"}, {1200, "1,200"}, {10000, "10,000"}, {100000, "100,000"},
		{1234567, "1,234,567"}, {10000000, "10,000,000"},
		{-1, "-1"}, {-999, "-999"}, {-1000, "-1,000"}, {-100000, "-100,000"}, {-1234567, "-1,234,567"},
		{9223372036854775807, "9,223,372,036,854,775,807"},
		{-9223372036854775808, "-9,223,372,036,854,775,808"},
	} {
		if got := InWords.Number(c.n); got != c.want {
			t.Errorf("InWords.Number(%d) = %q, want %q", c.n, got, c.want)
		}
		if got, lib := groupThousands(c.n), humanize.Comma(int64(c.n)); got != lib {
			t.Errorf("groupThousands(%d) = %q, humanize.Comma says %q", c.n, got, lib)
		}
	}
}

func TestUngroup(t *testing.T) {
	for in, want := range map[string]string{
		// What InWords.Number writes reads back.
		"1,200": "1200", "10,000,000": "10000000", "-1,000": "-1000", "+1,000": "+1000",
		" 1,200 ": "1200", "999": "999", "0": "0", "1200": "1200",
		// Anything else is left for the strict parse to refuse.
		"12,00": "12,00", "1,2": "1,2", "1,2000": "1,2000", "1234,567": "1234,567",
		",200": ",200", "1,200,": "1,200,", "1,,200": "1,,200", "1.200": "1.200",
		"1 200": "1 200", "1,200.5": "1,200.5", "forty": "forty", "": "",
	} {
		if got := Ungroup(in); got != want {
			t.Errorf("Ungroup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupedOtherwise(t *testing.T) {
	for in, want := range map[string]bool{
		"1.200": true, "1 200": true, "10.000.000": true, "10 000 000": true, "-1.000": true,
		"1\u00a0200": true, "1\u202f200": true,
		"1,200": false, "1200": false, "1.5": false, "1.20": false, "12.0000": false, "1 20": false, "": false,
	} {
		if got := groupedOtherwise(in); got != want {
			t.Errorf("groupedOtherwise(%q) = %v, want %v", in, got, want)
		}
	}
}
