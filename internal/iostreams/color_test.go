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

// TestColorConventions checks every colour convention of the environment
// against a terminal and a pipe: NO_COLOR and --no-color always win,
// CLICOLOR_FORCE colours a pipe, CLICOLOR=0 and TERM=dumb keep a terminal
// plain.
func TestColorConventions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env      map[string]string
		noColor  bool // --no-color
		terminal bool // colour at a terminal
		pipe     bool // colour through a pipe
	}{
		{env: nil, terminal: true, pipe: false},
		{env: map[string]string{"TERM": "xterm-256color"}, terminal: true},
		{env: map[string]string{"NO_COLOR": ""}, terminal: true},
		{env: map[string]string{"NO_COLOR": "1"}},
		{env: map[string]string{"NO_COLOR": "false"}},
		{env: nil, noColor: true},
		{env: map[string]string{"CLICOLOR": "0"}},
		{env: map[string]string{"CLICOLOR": "1"}, terminal: true},
		{env: map[string]string{"TERM": "dumb"}},
		{env: map[string]string{"CLICOLOR_FORCE": "1"}, terminal: true, pipe: true},
		{env: map[string]string{"CLICOLOR_FORCE": "0"}, terminal: true},
		{env: map[string]string{"CLICOLOR_FORCE": "1", "CLICOLOR": "0"}, terminal: true, pipe: true},
		{env: map[string]string{"CLICOLOR_FORCE": "1", "TERM": "dumb"}, terminal: true, pipe: true},
		{env: map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}},
		{env: map[string]string{"CLICOLOR_FORCE": "1"}, noColor: true},
	}
	for _, tt := range tests {
		for _, tty := range []bool{true, false} {
			s, _, _, _ := Test()
			s.colorDisabled, s.colorForced, s.colorOff = colorEnv(func(k string) string { return tt.env[k] })
			s.SetTTY(false, tty, false)
			if tt.noColor {
				s.SetColorDisabled(true)
			}
			want := tt.pipe
			if tty {
				want = tt.terminal
			}
			if got := s.ColorEnabled(); got != want {
				t.Errorf("env %v, --no-color %v, terminal %v: colour %v, want %v", tt.env, tt.noColor, tty, got, want)
			}
		}
	}
}

// System reads the environment. Not parallel: it sets the environment.
func TestSystemReadsTheColorEnvironment(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("CLICOLOR", "")
	t.Setenv("TERM", "dumb")
	t.Setenv("CLICOLOR_FORCE", "1")
	if s := System(); !s.colorForced || !s.colorOff || s.colorDisabled {
		t.Errorf("System: forced %v off %v disabled %v; want true true false", s.colorForced, s.colorOff, s.colorDisabled)
	}
	t.Setenv("NO_COLOR", "1")
	if s := System(); s.ColorEnabled() {
		t.Error("NO_COLOR=1 with CLICOLOR_FORCE=1: colour on")
	}
}
