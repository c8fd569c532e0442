package advisor

import (
	"embed"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/orgadvisor/orgadvisor/internal/text"
)

//go:embed templates/report.html.tmpl
var templates embed.FS

// reportPage is the HTML page of a report, parsed once, when first used:
// parsing it took a tenth of every run's package initialisation.
var reportPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"score":      formatScore,
		"scale":      formatScale,
		"marks":      markList,
		"digest":     shortDigest,
		"oneLine":    text.OneLine,
		"more":       func(v *reportView) string { return strings.ReplaceAll(v.moreShared(), "`", "") },
		"incomplete": func() string { return whatIfIncomplete },
		// A constant of plain words: its apostrophe needs no escape.
		"marksMeaning": func() template.HTML { return template.HTML(marksMeaning) },
		"list":         func(xs ...int) []int { return xs },
		// percent places a score on the bar, 0 to 100, past the scale at 100.
		"percent": func(x, scale float64) string {
			return strconv.FormatFloat(math.Round(math.Max(0, math.Min(x, scale))/scale*1000)/10, 'f', -1, 64)
		},
	}).ParseFS(templates, "templates/report.html.tmpl"))
})

// RenderHTML writes the report as one self-contained HTML page, to share
// or print for a board pack: the text report's structure (the roles with
// their score bars, drawn in inline SVG on the fixed scale with the
// thresholds marked; the reasons with numbered references; the growth
// path and the decisions that would change the answer; the notes; the
// answers; the sources), styled by inline CSS that reads on a phone and on
// paper. It runs no script and loads nothing: the only addresses are the
// sources' links. DetailFull shows every reason, change, note and disputed
// point; Explain adds what --explain adds to the text. A web server can
// serve it as it is (Content-Type text/html; charset=utf-8), with its links
// (RenderOptions.Links) and, for ReaderWeb, a link to the full report.
func RenderHTML(w io.Writer, r *Report, opt RenderOptions) error {
	return reportPage().Execute(w, newView(r, opt))
}
