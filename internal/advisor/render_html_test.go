package advisor

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// page renders the HTML page of a report and parses it.
func page(t *testing.T, r *Report, opt RenderOptions) (string, *html.Node) {
	t.Helper()
	var b bytes.Buffer
	if err := RenderHTML(&b, r, opt); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("the page does not parse: %v", err)
	}
	return b.String(), doc
}

// walk calls f on every element.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the text inside n, spaces collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Data == "td" || n.Data == "th" {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// The page stands alone: no script, nothing loaded from anywhere (no src,
// no stylesheet link, no CSS url() or @import); the only addresses are
// the sources' links. It reads on a phone and prints.
func TestRenderHTMLSelfContained(t *testing.T) {
	t.Parallel()
	for i, raw := range organisations {
		for _, explain := range []bool{false, true} {
			r, rs := defaultReport(t, raw, explain)
			out, doc := page(t, r, RenderOptions{Rules: rs, Explain: explain})
			var styles int
			walk(doc, func(n *html.Node) {
				switch n.Data {
				case "script", "iframe", "object", "embed", "img", "link", "base", "form":
					t.Errorf("organisation %d: a <%s> element", i, n.Data)
				case "style":
					styles++
					css := textOf(n)
					if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
						t.Errorf("organisation %d: the CSS loads something", i)
					}
				case "a":
					href := attr(n, "href")
					if !strings.HasPrefix(href, "#source-") && !strings.HasPrefix(href, "https://") {
						t.Errorf("organisation %d: link to %q", i, href)
					}
					if strings.HasPrefix(href, "https://") && n.Parent.Data != "li" {
						t.Errorf("organisation %d: an address outside the sources: %q", i, href)
					}
				}
				for _, a := range n.Attr {
					if a.Key == "src" || a.Key == "srcset" || strings.HasPrefix(a.Key, "on") || a.Key == "style" {
						t.Errorf("organisation %d: <%s %s=%q>", i, n.Data, a.Key, a.Val)
					}
				}
			})
			if styles != 1 {
				t.Errorf("organisation %d: %d style elements, want 1", i, styles)
			}
			for _, want := range []string{`<meta name="viewport" content="width=device-width, initial-scale=1">`, "@media print", "@media (max-width:", "<!DOCTYPE html>", `<html lang="en">`} {
				if !strings.Contains(out, want) {
					t.Errorf("organisation %d: the page lacks %q", i, want)
				}
			}
		}
	}
}

// The page holds the report: the roles table with score bars, the reasons
// with references to sources that exist, the growth path and decisions,
// and every answer.
func TestRenderHTMLStructure(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, organisations[0], false)
	_, doc := page(t, r, RenderOptions{Rules: rs})
	sections := map[string]*html.Node{}
	ids := map[string]bool{}
	var refs []string
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			ids[id] = true
			if n.Data == "section" {
				sections[id] = n
			}
		}
		if href := attr(n, "href"); strings.HasPrefix(href, "#") {
			refs = append(refs, strings.TrimPrefix(href, "#"))
		}
	})
	for _, id := range []string{"roles", "reasons", "changes", "notes", "answers", "sources"} {
		if sections[id] == nil {
			t.Fatalf("no section %q", id)
		}
	}
	for _, ref := range refs {
		if !ids[ref] {
			t.Errorf("a reference to #%s, which does not exist", ref)
		}
	}
	var rows, bars, marks int
	walk(sections["roles"], func(n *html.Node) {
		switch n.Data {
		case "tr":
			if attr(n.Parent, "class") == "" && n.Parent.Data == "tbody" {
				rows++
			}
		case "svg":
			bars++
			if !strings.HasPrefix(attr(n, "aria-label"), "score ") {
				t.Errorf("a bar without a label: %q", attr(n, "aria-label"))
			}
		case "line":
			marks++
		}
	})
	if rows != 2 || bars != 2 || marks != 4 {
		t.Errorf("roles: %d rows, %d bars, %d marks; want 2, 2, 4", rows, bars, marks)
	}
	for id, want := range map[string]string{
		"roles":   "Chief Technology Officer full-time 8.0 Technology is central to the business",
		"reasons": "Customers use technology the organisation builds, so technology strategy is product strategy.[1][2][3][4]",
		"changes": "As you grow At about 500 staff: a full-time CTO and CIO If you decide Leadership budget: “Tight: under about $100k” → a fractional CTO and CIO",
		"answers": "How many engineers does the organisation direct? 12",
		"sources": "Neroli Systems: When your company needs a CTO but can't hire one (vendor page), https://nerolisystems.com/intel/when-your-company-needs-a-cto-but-cant-hire-one",
	} {
		if got := textOf(sections[id]); !strings.Contains(got, want) {
			t.Errorf("section %s lacks %q:\n%s", id, want, got)
		}
	}
	var answers int
	walk(sections["answers"], func(n *html.Node) {
		if n.Data == "tr" && n.Parent.Data == "tbody" {
			answers++
		}
	})
	if answers != len(r.Answers) {
		t.Errorf("%d answers shown, want %d", answers, len(r.Answers))
	}
	// Text is escaped, not markup.
	r.Headline = `<script>alert("x")</script> & co`
	out, _ := page(t, r, RenderOptions{Rules: rs})
	if strings.Contains(out, "<script>") || !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("the headline is not escaped")
	}
}

// The page of one report, byte for byte: go test ./internal/advisor -run
// TestRenderHTMLGolden -update rewrites it.
func TestRenderHTMLGolden(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, organisations[0], false)
	r.Rules.SHA256 = "0123456789abcdef" // the same page whatever the rules' bytes
	out, _ := page(t, r, RenderOptions{Rules: rs})
	golden := filepath.Join("testdata", "report.html.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if out != string(want) {
		t.Errorf("the page differs from %s (run with -update to rewrite it):\n%s", golden, firstDiff(string(want), out))
	}
	if !regexp.MustCompile(`(?s)^<!DOCTYPE html>.*</html>\n$`).MatchString(out) {
		t.Error("the page is not one whole document")
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + w[i] + "\ngot  " + g[i]
		}
	}
	return "the lengths differ"
}

// TestRenderHTMLLinks checks the links a server adds under the headline:
// none by default, and when given, each with its text, address, id and
// download flag, the addresses escaped.
func TestRenderHTMLLinks(t *testing.T) {
	t.Parallel()
	r, rs := defaultReport(t, organisations[0], false)
	if out, _ := page(t, r, RenderOptions{Rules: rs}); strings.Contains(out, "<nav") {
		t.Error("links without RenderOptions.Links")
	}
	out, doc := page(t, r, RenderOptions{Rules: rs, Links: []Link{
		{Text: "Change the answers", URL: "/?employees=40&sector=retail"},
		{Text: "Download as JSON", URL: "/advice.json?employees=40", ID: "download-json", Download: true},
		{Text: "Evil", URL: "javascript:alert(1)"},
	}})
	var got []string
	walk(doc, func(n *html.Node) {
		if n.Data == "a" && n.Parent != nil && n.Parent.Parent != nil && n.Parent.Parent.Parent != nil && n.Parent.Parent.Parent.Data == "nav" {
			download := slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == "download" })
			got = append(got, textOf(n)+" "+attr(n, "href")+" "+attr(n, "id")+" "+strconv.FormatBool(download))
		}
	})
	want := []string{
		"Change the answers /?employees=40&sector=retail  false",
		"Download as JSON /advice.json?employees=40 download-json true",
		"Evil #ZgotmplZ  false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(out, `<nav class="links" aria-label="This advice">`) {
		t.Error("the links are not a labelled nav")
	}
}
