package iostreams

import "testing"

func TestColorOnlyOnATerminalWithoutNoColor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		outTTY   bool
		disabled bool
		want     string
	}{
		{"terminal", true, false, "\x1b[32mok\x1b[0m"},
		{"pipe", false, false, "ok"},
		{"terminal with NO_COLOR or --no-color", true, true, "ok"},
	}
	for _, tt := range tests {
		s, _, _, _ := Test()
		s.SetTTY(false, tt.outTTY, false)
		s.SetColorDisabled(tt.disabled)
		if got := s.ColorScheme().Green("ok"); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if NewColorScheme(true).Bold("") != "" {
		t.Error("empty text gained escape codes")
	}
}

func TestTerminalWidthWithoutTerminal(t *testing.T) {
	t.Parallel()
	s, _, _, _ := Test()
	if w := s.TerminalWidth(); w != 80 {
		t.Errorf("width %d, want 80", w)
	}
}

// NO_COLOR counts only when it is not empty (no-color.org). Not parallel:
// it sets the environment.
func TestNoColorOnlyWhenNotEmpty(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{{"", false}, {"1", true}, {"false", true}} {
		t.Setenv("NO_COLOR", tc.value)
		if got := System().colorDisabled; got != tc.want {
			t.Errorf("NO_COLOR=%q: colour disabled %v, want %v", tc.value, got, tc.want)
		}
	}
}
