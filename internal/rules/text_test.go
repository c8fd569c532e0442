package rules

import (
	"strings"
	"testing"
)

// Text in a rules file reaches the terminal of whoever runs it: control
// characters (escape codes) and bidirectional overrides are errors at their
// place; newlines and tabs are fine.
func TestTextHoldsNoTerminalCodes(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{`"Big.\e]0;pwned\a"`, "rule r: description: control character U+001B in the text"},
		{`"Big.\e[2J"`, "rule r: description: control character U+001B in the text"},
		{`"over\rwrite"`, "rule r: description: control character U+000D in the text"},
		{`"\u0085next line"`, "rule r: description: control character U+0085 in the text"},
		{`"admin\u202e txt.exe"`, "rule r: description: control character U+202E in the text"},
	} {
		src := strings.Replace(boundsRules("size > 0", 3), "description: D", "description: "+tt.text, 1)
		got := loadErrors(t, src)
		if want := "test.yaml:12:18: " + tt.want; !strings.Contains(got, want) {
			t.Errorf("%s: errors:\n%s\nwant %q", tt.text, got, want)
		}
	}
	ok := strings.Replace(boundsRules("size > 0", 3), "description: D", "description: \"Two\\n\\tlines, é and 😀\"", 1)
	if rs := mustLoad(t, ok); rs.Rules[0].Description != "Two\n\tlines, é and 😀" {
		t.Errorf("description %q", rs.Rules[0].Description)
	}
}
