package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a file: 1-based line and column (in characters).
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

func (p Pos) before(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Severity says whether a diagnostic stops a file from loading.
type Severity string

// The severities of diagnostics.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic is one problem found in a file, at a position.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Source is the line of the file at Pos, for a snippet with a caret.
	Source string `json:"source,omitempty"`
	// ExprMessage is the expression engine's (expr's) own message for a
	// problem in an expression, when Message words it otherwise for a
	// rule's author.
	ExprMessage string `json:"expr_message,omitempty"`
}

// String formats the diagnostic on one line: "file:line:col: message", with
// "warning: " before the message for warnings.
func (d Diagnostic) String() string {
	if d.Severity == SeverityWarning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// Detail formats the diagnostic with the offending line and a caret under
// the column, as compilers do.
func (d Diagnostic) Detail() string {
	s := d.String()
	if d.Source == "" || d.Pos.Col == 0 {
		return s
	}
	line := strings.ReplaceAll(d.Source, "\t", " ")
	col := d.Pos.Col
	if n := len([]rune(line)); col > n+1 {
		col = n + 1
	}
	return s + "\n    " + line + "\n    " + strings.Repeat(" ", col-1) + "^"
}

// LoadError is returned by Load when a file has errors. It holds every
// diagnostic of the file, errors and warnings, sorted by position.
type LoadError struct {
	Diagnostics []Diagnostic
}

// Errors returns only the errors, in position order.
func (e *LoadError) Errors() []Diagnostic {
	var out []Diagnostic
	for _, d := range e.Diagnostics {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// Error reports the first error on one line, and how many more there are.
func (e *LoadError) Error() string {
	errs := e.Errors()
	if len(errs) == 0 {
		return "invalid rules file"
	}
	s := errs[0].String()
	if n := len(errs) - 1; n == 1 {
		s += " (and 1 more error)"
	} else if n > 1 {
		s += fmt.Sprintf(" (and %d more errors)", n)
	}
	return s
}

// diagnostics collects problems while a file is loaded.
type diagnostics struct {
	file  string
	lines []string
	list  []Diagnostic
}

func (ds *diagnostics) add(sev Severity, p Pos, format string, args ...any) {
	p.File = ds.file
	d := Diagnostic{Pos: p, Severity: sev, Message: fmt.Sprintf(format, args...)}
	if p.Line >= 1 && p.Line <= len(ds.lines) {
		d.Source = ds.lines[p.Line-1]
	}
	ds.list = append(ds.list, d)
}

func (ds *diagnostics) errorf(p Pos, format string, args ...any) {
	ds.add(SeverityError, p, format, args...)
}

func (ds *diagnostics) warnf(p Pos, format string, args ...any) {
	ds.add(SeverityWarning, p, format, args...)
}

func (ds *diagnostics) hasErrors() bool {
	for _, d := range ds.list {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// sorted returns the diagnostics in position order, without repeats.
func (ds *diagnostics) sorted() []Diagnostic {
	out := append([]Diagnostic(nil), ds.list...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos.before(out[j].Pos) })
	dedup := out[:0]
	for i, d := range out {
		if i > 0 && d == out[i-1] {
			continue
		}
		dedup = append(dedup, d)
	}
	return dedup
}
