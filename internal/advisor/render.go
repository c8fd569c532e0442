package advisor

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The output formats of a report.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatYAML     = "yaml"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Formats lists the output formats, the default first.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatYAML, FormatMarkdown, FormatHTML}
}

// RenderOptions controls how a report is rendered.
type RenderOptions struct {
	// Color styles text output; set it only when the output is a terminal.
	Color bool
	// Explain adds the full trace and every reason to text and markdown.
	// JSON and YAML include the trace when the report holds one.
	Explain bool
	// Rules, when set, lets text and markdown show the questions' prompts,
	// option labels and the roles behind a label.
	Rules *rules.Ruleset
	// Width, when set, wraps the long lines of text output to fit it.
	Width int
	// Links, when set, are shown under the headline of the HTML page: a
	// server's links to change the answers or download the advice.
	Links []Link
	// Detail is how much the report shows: its main points (DetailBrief,
	// the default) or every one (DetailFull). Explain shows every one
	// too, with the ids, the weights and the trace besides.
	Detail Detail
	// Reader is who reads the report, which decides how a brief report
	// says where to find what it leaves out.
	Reader Reader
	// FullReport is the address of the full report, for ReaderWeb: the
	// HTML page links to it where it says what it left out.
	FullReport string
}

// Detail is how much of a report is shown.
type Detail uint8

const (
	// DetailBrief shows the main reasons, changes and notes, and counts
	// the rest and the points the sources dispute.
	DetailBrief Detail = iota
	// DetailFull shows every reason, change, note and disputed point, in
	// people's words, as the brief report words its main ones: what
	// Explain adds for a person, without what it adds for the rules'
	// authors (ids, weights, quotes, the trace).
	DetailFull
)

// Reader is who reads a report: a brief report tells each reader where
// the full one is in the terms they have.
type Reader uint8

const (
	// ReaderCommandLine has the command line: `orgadvisor advise
	// --explain` with the same answers gives the full report. The
	// default, for -o text, markdown and html.
	ReaderCommandLine Reader = iota
	// ReaderWeb reads serve's web page, which has no command to type: its
	// "Show the full report" link (RenderOptions.FullReport) gives it.
	ReaderWeb
)

// Link is a link of the HTML page (RenderOptions.Links).
type Link struct {
	Text string
	URL  string
	// ID is the element's id, for tests and styles; Download makes the
	// link save its target rather than open it.
	ID       string
	Download bool
}

// Render writes the report in the named format. The whole output is built
// before anything is written, so a failure writes nothing.
func Render(w io.Writer, format string, r *Report, opt RenderOptions) error {
	var b bytes.Buffer
	var err error
	switch format {
	case FormatText:
		err = RenderText(&b, r, opt)
	case FormatJSON:
		err = RenderJSON(&b, r)
	case FormatYAML:
		err = RenderYAML(&b, r)
	case FormatMarkdown:
		err = RenderMarkdown(&b, r, opt)
	case FormatHTML:
		err = RenderHTML(&b, r, opt)
	default:
		return fmt.Errorf("unknown output format %q; formats: %s", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// marshalIndent gives the report as the documented JSON object (see
// docs/json.md), indented by two spaces, `schema` first: the bytes
// encode.JSON gives, written without reflection (report_json.go).
func (r *Report) marshalIndent() ([]byte, error) { return r.AppendJSON(make([]byte, 0, 16<<10), true) }

// RenderJSON writes the report as its documented JSON object.
func RenderJSON(w io.Writer, r *Report) error {
	data, err := r.marshalIndent()
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// RenderYAML writes the report as YAML with the same fields, in the same
// order, as the JSON.
func RenderYAML(w io.Writer, r *Report) error {
	data, err := r.marshalIndent()
	if err != nil {
		return err
	}
	return encode.JSONToYAML(w, data)
}

// FormatValue shows an answer in words, as its question's type says it
// (rules.Question.Words): yes/no, a number, the option id (or label with
// q and labels), a comma-separated list or "none".
func FormatValue(v any, q *rules.Question, labels bool) string {
	if !labels {
		q = nil
	}
	return q.Words(v)
}

// DescribeLabel says which roles a recommendation label stands for, such as
// "CTO full-time, CIO fractional"; "" when the label is not built from the
// roles of rs.
func DescribeLabel(rs *rules.Ruleset, label string) string {
	if rs == nil {
		return ""
	}
	if label == rs.Labels.None {
		return "no role needed"
	}
	if label == rs.Labels.AllFullTime {
		var parts []string
		for _, r := range rs.Roles {
			parts = append(parts, strings.ToUpper(r.ID))
		}
		return strings.Join(parts, " and ") + " full-time"
	}
	var parts []string
	for _, p := range strings.Split(label, "+") {
		found := false
		for _, r := range rs.Roles {
			switch p {
			case r.Label:
				parts, found = append(parts, strings.ToUpper(r.ID)+" full-time"), true
			case r.FractionalLabel:
				parts, found = append(parts, strings.ToUpper(r.ID)+" fractional"), true
			}
		}
		if !found {
			return ""
		}
	}
	return strings.Join(parts, ", ")
}

// reasonOrder ranks fired rules by the weight they add, largest first,
// keeping file order among equals.
func reasonOrder(fired []FiredRule) []FiredRule {
	out := append([]FiredRule(nil), fired...)
	weight := func(f FiredRule) float64 {
		s := 0.0
		for _, w := range f.Add {
			if w < 0 {
				w = -w
			}
			s += w
		}
		return s
	}
	slices.SortStableFunc(out, func(a, b FiredRule) int { return cmp.Compare(weight(b), weight(a)) })
	return out
}

// formatWeights shows a rule's weights in role order: "cto +3, cio -0.5".
func formatWeights(add map[string]float64, roles RoleReports) string {
	var parts []string
	for _, r := range roles {
		if w, ok := add[r.ID]; ok {
			parts = append(parts, r.ID+" "+signed(w))
		}
	}
	return strings.Join(parts, ", ")
}

func signed(w float64) string {
	s := strconv.FormatFloat(w, 'f', -1, 64)
	if w >= 0 {
		return "+" + s
	}
	return s
}

func formatScore(s float64) string { return strconv.FormatFloat(s, 'f', 1, 64) }

func shortDigest(d string) string {
	if len(d) > 12 {
		return d[:12]
	}
	return d
}
