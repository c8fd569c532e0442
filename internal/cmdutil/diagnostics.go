package cmdutil

import (
	"fmt"
	"io"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// MaxDiagnosticsShown is how many diagnostics WriteDiagnostics prints before
// it counts the rest, as a compiler stops after its first errors: past
// them, a reader fixes the first and runs again.
const MaxDiagnosticsShown = 20

// WriteDiagnostics prints diagnostics with their snippets, at most
// MaxDiagnosticsShown of them, then "... and N more errors" for the rest.
func WriteDiagnostics(w io.Writer, diags []rules.Diagnostic) {
	shown := diags[:min(len(diags), MaxDiagnosticsShown)]
	for _, d := range shown {
		fmt.Fprintln(w, d.Detail())
	}
	errs, warns := 0, 0
	for _, d := range diags[len(shown):] {
		if d.Severity == rules.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	var more []string
	if errs > 0 {
		more = append(more, text.Count(errs, "more error"))
	}
	if warns > 0 {
		more = append(more, text.Count(warns, "more warning"))
	}
	if len(more) > 0 {
		fmt.Fprintf(w, "... and %s\n", strings.Join(more, " and "))
	}
}
