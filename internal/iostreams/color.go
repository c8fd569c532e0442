package iostreams

// ColorScheme styles text for Out. Every method returns its argument
// unchanged when colour is off, so renderers can use it unconditionally.
type ColorScheme struct {
	enabled bool
}

// NewColorScheme returns a scheme that styles text only when enabled.
func NewColorScheme(enabled bool) *ColorScheme { return &ColorScheme{enabled: enabled} }

// ColorScheme returns the scheme for Out: on only when ColorEnabled.
func (s *IOStreams) ColorScheme() *ColorScheme { return NewColorScheme(s.ColorEnabled()) }

func (cs *ColorScheme) wrap(code, s string) string {
	if !cs.enabled || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Bold makes s bold.
func (cs *ColorScheme) Bold(s string) string { return cs.wrap("1", s) }

// Green colours s green (good, needed, passed).
func (cs *ColorScheme) Green(s string) string { return cs.wrap("32", s) }

// Yellow colours s yellow (partial, fractional, warnings).
func (cs *ColorScheme) Yellow(s string) string { return cs.wrap("33", s) }

// Red colours s red (failures, errors).
func (cs *ColorScheme) Red(s string) string { return cs.wrap("31", s) }

// Cyan colours s cyan (names, commands).
func (cs *ColorScheme) Cyan(s string) string { return cs.wrap("36", s) }

// Gray dims s (secondary detail such as sources and positions).
func (cs *ColorScheme) Gray(s string) string { return cs.wrap("90", s) }
