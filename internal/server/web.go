package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// The pages are rendered on the server with html/template from embedded
// templates; their script and stylesheet are embedded files served from
// /assets/. There is no build step and no front-end framework: the form
// works without JavaScript, and the script only shows and hides questions.
//
//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/*
var assetFS embed.FS

// shownParam is the form's hidden field that lists the questions it showed:
// a question that applies but is not in it is new, and the form is shown
// again with it. Question ids start with a letter, so it is no question's.
const shownParam = "_shown"

// fullParam asks the advice page, and the form that leads to it, for the
// full report: every reason, change, note and disputed point, where the
// brief one counts those it leaves out (_full=true). Like _shown it starts
// with an underscore, so that it is no question's: a question's id starts
// with a letter (rules.Load refuses any other).
const fullParam = "_full"

// asset is an embedded file served under /assets/.
type asset struct {
	data        []byte
	contentType string
	etag        string
}

// web renders the pages.
type web struct {
	s      *Server
	tmpl   *template.Template
	assets map[string]asset
	// version changes whenever an asset does; the pages link to the assets
	// with ?v=version, so browsers never keep a stale one.
	version string
}

func newWeb(s *Server) (*web, error) {
	w := &web{s: s, assets: map[string]asset{}}
	all := sha256.New()
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		all.Write(sum[:])
		ct := mime.TypeByExtension(path.Ext(p))
		if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
			ct += "; charset=utf-8"
		}
		w.assets[path.Base(p)] = asset{data: data, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, err
	}
	w.version = hex.EncodeToString(all.Sum(nil)[:6])
	w.tmpl, err = template.New("").Funcs(template.FuncMap{
		"asset":  func(name string) string { return "/assets/" + name + "?v=" + w.version },
		"add":    func(a, b int) int { return a + b },
		"number": rules.InWords.Number,
		"head":   func(title string, tagline bool) pageHead { return pageHead{title, tagline} },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return w, nil
}

// asset serves an embedded file; the ?v= in the pages' links makes a
// long cache safe. Any v is served the asset of today: a page kept from an
// older server still gets its script and styles.
func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	if _, e := queryParams(r, "v"); e != nil {
		s.failWith(w, r, e)
		return
	}
	name := path.Base(r.URL.Path)
	if name == "favicon.ico" {
		name = "favicon.svg"
	}
	a := s.web.assets[name]
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "public, max-age=86400")
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(a.data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.data)
}

// pageHead is what layout.html's head shows: the page's title, and whether
// the header says what the site is for (not where the page's heading
// says it already).
type pageHead struct {
	Title   string
	Tagline bool
}

// render writes a page, built whole before anything is sent.
func (w *web) render(rw http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := w.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		w.s.log.Error("template", "name", name, "error", err.Error())
		status, b = http.StatusInternalServerError, *bytes.NewBufferString("internal error: the page could not be rendered\n")
		writeBody(rw, status, "text/plain; charset=utf-8", b.Bytes())
		return
	}
	writeBody(rw, status, "text/html; charset=utf-8", b.Bytes())
}

// errorTitles name the error pages in words: what the visitor meets, not
// the status's name ("Unprocessable Entity"). A status not listed keeps
// its name.
var errorTitles = map[int]string{
	http.StatusBadRequest:            "The address cannot be read",
	http.StatusNotFound:              "There is no such page",
	http.StatusMethodNotAllowed:      "This page cannot be asked for that way",
	http.StatusRequestTimeout:        "The request took too long",
	http.StatusRequestEntityTooLarge: "The request is too large",
	http.StatusMisdirectedRequest:    "This server does not answer to that name",
	http.StatusUnprocessableEntity:   "Some answers need another look",
	http.StatusInternalServerError:   "Something went wrong on the server",
	http.StatusServiceUnavailable:    "The server is busy",
}

// errorPage is a page for an error of a web page, with a link back to the
// questionnaire that keeps the answers the address held, if any.
func (w *web) errorPage(rw http.ResponseWriter, r *http.Request, status int, message string) {
	title := errorTitles[status]
	if title == "" {
		title = http.StatusText(status)
	}
	form, kept := "/", false
	if q, ok := answersQuery(r); ok && q != "" {
		form, kept = "/?"+q, true
	}
	w.render(rw, status, "error.html", struct {
		Title, Message, Form string
		KeepsAnswers         bool
	}{title, message, form, kept})
}

// answersQuery is the answers in the address of a page whose query string
// is answers (the form, the advice and its downloads), for a link to the
// form that keeps them: each parameter unescaped and escaped again, in the
// order given, leaving out the form's own list of shown questions, and the
// ask for the full report at the end, when it is a valid one. ok is
// false for another page, or an address that cannot be read (a link that
// kept it would fail again).
func answersQuery(r *http.Request) (string, bool) {
	switch r.URL.Path {
	case "/", "/advice", "/advice.json", "/advice.md":
	default:
		return "", false
	}
	all, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", false
	}
	var parts []string
	for part := range strings.SplitSeq(r.URL.RawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		// ParseQuery read them: they unescape.
		key, _ := url.QueryUnescape(k)
		value, _ := url.QueryUnescape(v)
		if key == shownParam || key == fullParam {
			continue
		}
		parts = append(parts, queryEscape(key)+"="+queryEscape(value))
	}
	// The ask for the full report, if it was one the form takes (any
	// other would fail again).
	full := false
	if vs := all[fullParam]; len(vs) == 1 {
		full, _ = strconv.ParseBool(vs[0])
	}
	return withFull(strings.Join(parts, "&"), full), true
}

// formState is the answers a page was given in its query string: typed
// where they fit, the problems where they do not.
type formState struct {
	// raws are the answers as given, typed or not, by question id.
	raws map[string]answers.Raw
	// given are the answers that fit, typed.
	given rules.Answers
	// problems are the answers that do not fit, in question order.
	problems []answers.Problem
	// shown lists the questions the submitted form showed; shownGiven is
	// false when the query has no such list (a permalink).
	shown      map[string]bool
	shownGiven bool
	// full asks for the full report (fullParam).
	full bool
	// applies says which questions apply to the given answers.
	applies map[string]bool
}

// parseQuery reads the answers of a page's query string, as on the
// command line: one parameter per question id, a list's options
// comma-separated or repeated (as a form's checkboxes send them). An empty
// value is no answer, except for a list, where it is the empty list (the
// form sends one for a list with nothing checked). A number may have its
// thousands separated by commas, as people type it in the form.
func (w *web) parseQuery(r *http.Request) (*formState, *apiError) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "the address is not valid: %v", err)
	}
	rs := w.s.rs
	st := &formState{raws: map[string]answers.Raw{}, given: rules.Answers{}, shown: map[string]bool{}}
	var unknown []answers.Problem
	for _, key := range sortedKeys(q) {
		vals := q[key]
		if key == shownParam {
			st.shownGiven = true
			for _, v := range vals {
				for _, id := range strings.Split(v, ",") {
					st.shown[id] = true
				}
			}
			continue
		}
		if key == fullParam {
			b, err := strconv.ParseBool(vals[0])
			if err != nil || len(vals) > 1 {
				return nil, errorf(http.StatusBadRequest, "query parameter %s must be given once, true or false, not %s", fullParam, quoteParam(strings.Join(vals, ",")))
			}
			st.full = b
			continue
		}
		where := "the address"
		qn := rs.Question(key)
		if qn == nil && len(unknown) >= MaxProblems {
			// The page lists MaxProblems problems and counts the rest:
			// looking for a question each of thousands of unknown names
			// may have meant (a 64 KiB address holds 5,000) is work for
			// nothing.
			unknown = append(unknown, answers.Problem{Question: key, Where: where, Message: "unknown question " + quoteParam(key), Err: &rules.UnknownQuestionError{ID: key}})
			continue
		}
		var value any
		switch {
		case qn == nil:
			value = strings.Join(vals, ",")
		case qn.Kind() == rules.KindOptions:
			value = strings.Join(vals, ",")
		default:
			vals = slices.DeleteFunc(slices.Clone(vals), func(v string) bool { return strings.TrimSpace(v) == "" })
			if len(vals) == 0 {
				continue
			}
			if len(vals) > 1 {
				st.problems = append(st.problems, answers.Problem{Question: key, Where: where, Message: fmt.Sprintf("answered %d times; give one answer", len(vals)), Err: errors.New("answered twice")})
				st.raws[key] = answers.Raw{ID: key, Value: vals[0], From: where}
				continue
			}
			value = vals[0]
			if qn.Kind() == rules.KindInt {
				// The form's field is text: people may type the
				// separators the form's messages show them (1,200), as at
				// the prompt. The API and the command line keep digits.
				value = rules.Ungroup(vals[0])
			}
		}
		raw := answers.Raw{ID: key, Value: value, From: where}
		st.raws[key] = raw
		typed, err := answers.Type(rs, []answers.Raw{raw})
		var ae *answers.Error
		switch {
		case errors.As(err, &ae) && qn == nil:
			unknown = append(unknown, ae.Problems...)
		case errors.As(err, &ae):
			st.problems = append(st.problems, ae.Problems...)
		case err != nil:
			return nil, errorf(http.StatusInternalServerError, "%v", err)
		default:
			if v, ok := typed[key]; ok {
				st.given[key] = v
			}
		}
	}
	// Problems in question order, unknown questions first.
	slices.SortStableFunc(st.problems, func(a, b answers.Problem) int {
		return questionIndex(rs, a.Question) - questionIndex(rs, b.Question)
	})
	st.problems = append(unknown, st.problems...)
	applies, err := w.s.applies(st.given)
	if err != nil {
		return nil, errorf(http.StatusUnprocessableEntity, "%s", text.OneLine(err.Error()))
	}
	st.applies = map[string]bool{}
	for _, id := range applies.Applicable {
		st.applies[id] = true
	}
	return st, nil
}

func questionIndex(rs *rules.Ruleset, id string) int {
	return slices.IndexFunc(rs.Questions, func(q *rules.Question) bool { return q.ID == id })
}

// newQuestions are the questions that apply but that the submitted form
// did not show.
func (st *formState) newQuestions(rs *rules.Ruleset) []*rules.Question {
	if !st.shownGiven {
		return nil
	}
	var out []*rules.Question
	for _, q := range rs.Questions {
		if st.applies[q.ID] && !st.shown[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// canonicalQuery is the permalink's query string for the answers: each
// answer given to a question that applies, unless it is the default, in
// question order, a list comma-separated.
func canonicalQuery(rs *rules.Ruleset, given rules.Answers, applies map[string]bool) string {
	var parts []string
	for _, q := range rs.Questions {
		v, ok := given[q.ID]
		if !ok || !applies[q.ID] {
			continue
		}
		s := queryValue(q, v)
		if !q.Required && q.Default != nil && s == queryValue(q, q.Default) {
			continue
		}
		parts = append(parts, queryEscape(q.ID)+"="+queryEscape(s))
	}
	return strings.Join(parts, "&")
}

// withFull is a page's query string that asks for the full report when
// full is set.
func withFull(query string, full bool) string {
	switch {
	case !full:
		return query
	case query == "":
		return fullParam + "=true"
	}
	return query + "&" + fullParam + "=true"
}

// queryValue is an answer as the query string gives it.
func queryValue(q *rules.Question, v any) string {
	switch x := v.(type) {
	case []string:
		if len(x) == 0 && !q.HasOption("none") {
			return "none"
		}
		return strings.Join(x, ",")
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// queryEscape escapes a query string's key or value, leaving the commas
// between a list's options readable (a comma needs no escape there).
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "%2C", ",")
}

// formQuestion is one question as the form shows it.
type formQuestion struct {
	// Type is the field that holds the answer (fieldType).
	ID, Type, Prompt, Help string
	Required               bool
	// Hidden questions do not apply to the answers so far: they are in the
	// page, hidden and disabled, for the script to show.
	Hidden bool
	// New questions appeared with the last answers.
	New bool
	// Value is a number's text. Its field is text, not type=number, so
	// that it takes the thousands separators the form's messages show
	// (1,200) as the prompt does, and its bounds are checked by the server,
	// whose message says them as people read them, rather than by the
	// browser.
	Value   string
	Options []formOption
	Error   string
	// DescribedBy lists the ids of the help and the error, for
	// aria-describedby.
	DescribedBy string
}

// fieldType names the form field that holds an answer of kind k, as
// form.html and form.js know them: a number, yes/no buttons, radio buttons
// (choice) or checkboxes (multi). Every question type holds its answers in
// one of these kinds.
func fieldType(k rules.Kind) string {
	switch k {
	case rules.KindBool:
		return "bool"
	case rules.KindInt:
		return "int"
	case rules.KindOptions:
		return "multi"
	}
	return "choice"
}

// formOption is one radio button or checkbox.
type formOption struct {
	Value, Label string
	Checked      bool
}

// formError is a problem, linked to its question.
type formError struct {
	ID, Prompt, Message string
}

// formPage is what form.html shows.
type formPage struct {
	Questions []formQuestion
	Errors    []formError
	// MoreErrors counts the problems left out of Errors (MaxProblems).
	MoreErrors int
	New        []formQuestion
	Shown      string
	// Full keeps the ask for the full report through the form.
	Full bool
}

// renderForm shows the questionnaire with the answers of st filled in,
// defaults where nothing was given, the problems listed, and the new
// questions pointed out.
func (w *web) renderForm(rw http.ResponseWriter, status int, st *formState, errs []answers.Problem, newQs []*rules.Question) {
	rs := w.s.rs
	page := formPage{Full: st.full}
	isNew := map[string]bool{}
	for _, q := range newQs {
		isNew[q.ID] = true
	}
	errByID := map[string]string{}
	for _, p := range errs {
		prompt, message := "", inWords(p)
		if q := rs.Question(p.Question); q != nil {
			prompt = q.Prompt
			if _, dup := errByID[q.ID]; !dup {
				errByID[q.ID] = message
			}
		}
		if len(page.Errors) < MaxProblems {
			page.Errors = append(page.Errors, formError{ID: p.Question, Prompt: prompt, Message: message})
		} else {
			page.MoreErrors++
		}
	}
	var shown []string
	for _, q := range rs.Questions {
		fq := formQuestion{
			ID: q.ID, Type: fieldType(q.Kind()), Prompt: q.Prompt, Help: text.OneLine(q.Help),
			Required: q.Required, Hidden: !st.applies[q.ID], New: isNew[q.ID], Error: errByID[q.ID],
		}
		var described []string
		if fq.Help != "" {
			described = append(described, q.ID+"-help")
		}
		if fq.Error != "" {
			described = append(described, q.ID+"-error")
		}
		fq.DescribedBy = strings.Join(described, " ")
		if !fq.Hidden {
			shown = append(shown, q.ID)
		}
		value, answered := st.given[q.ID]
		_, rawGiven := st.raws[q.ID]
		if !answered && !rawGiven && !q.Required {
			value = q.Default
		}
		switch q.Kind() {
		case rules.KindInt:
			if raw, ok := st.raws[q.ID]; ok && !answered {
				fq.Value = fmt.Sprint(raw.Value)
			} else if value != nil {
				fq.Value = fmt.Sprint(value)
			}
		case rules.KindBool:
			fq.Options = []formOption{
				{Value: "true", Label: "Yes", Checked: value == true},
				{Value: "false", Label: "No", Checked: value == false},
			}
		case rules.KindOption, rules.KindOptions:
			chosen, _ := value.([]string)
			if s, ok := value.(string); ok {
				chosen = []string{s}
			}
			for _, o := range q.Options {
				fq.Options = append(fq.Options, formOption{Value: o.ID, Label: o.Label, Checked: slices.Contains(chosen, o.ID)})
			}
		}
		page.Questions = append(page.Questions, fq)
		if fq.New {
			page.New = append(page.New, fq)
		}
	}
	page.Shown = strings.Join(shown, ",")
	w.render(rw, status, "form.html", page)
}

// inWords is a problem as the form says it: in people's words (option
// labels, Yes or No, a question's wording), where the API and the command
// line name ids. The engine words each of its messages both ways
// (rules.AnswerError.In); the server's own are in words already.
func inWords(p answers.Problem) string {
	var worded interface{ In(rules.Wording) string }
	if errors.As(p.Err, &worded) {
		return worded.In(rules.InWords)
	}
	return p.Message
}

// formPage is GET /: the questionnaire, with the answers of the query
// string (from "Change the answers") filled in; answers that do not fit,
// unknown names included, are listed as /advice lists them, with its 422.
func (s *Server) formPage(w http.ResponseWriter, r *http.Request) {
	st, e := s.web.parseQuery(r)
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	status := http.StatusOK
	if len(st.problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.web.renderForm(w, status, st, st.problems, nil)
}

// advicePage is GET /advice: the report for the answers in the query
// string. Submitted from the form (with its list of shown questions), it
// shows the form again while new questions apply, then redirects to the
// permalink; as a permalink, it shows the report.
func (s *Server) advicePage(w http.ResponseWriter, r *http.Request) {
	st, e := s.web.parseQuery(r)
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	if len(st.problems) > 0 {
		s.web.renderForm(w, http.StatusUnprocessableEntity, st, st.problems, nil)
		return
	}
	if newQs := st.newQuestions(s.rs); len(newQs) > 0 {
		s.web.renderForm(w, http.StatusOK, st, nil, newQs)
		return
	}
	advice, err := s.run(r.Context(), rawList(s.rs, st), advisor.Options{WhatIf: true, Growth: true})
	var me *rules.MissingError
	if errors.As(err, &me) {
		var errs []answers.Problem
		for _, q := range me.Questions {
			errs = append(errs, answers.Problem{Question: q.ID, Message: "this question must be answered"})
		}
		s.web.renderForm(w, http.StatusUnprocessableEntity, st, errs, nil)
		return
	}
	if err != nil {
		s.failWith(w, r, s.adviceError(err))
		return
	}
	query := canonicalQuery(s.rs, st.given, st.applies)
	if st.shownGiven {
		// From the form: go to the permalink, which can be bookmarked.
		w.Header().Set("Location", "/advice?"+withFull(query, st.full))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusSeeOther)
		return
	}
	s.web.report(w, r, advice.Report, query, st.full)
}

// report shows the advice as the `-o html` page, with links to change the
// answers, to this page and to its downloads. The brief page links to the
// full report where it says what it left out; the full one links back to
// the brief one, and its links keep it full (the JSON holds everything
// either way). The page's styles are inline: the CSP allows them by their
// hash, and nothing else inline.
func (w *web) report(rw http.ResponseWriter, req *http.Request, r *advisor.Report, query string, full bool) {
	brief, this := "?"+query, "?"+withFull(query, full)
	links := []advisor.Link{
		{Text: "Change the answers", URL: "/" + this, ID: "change"},
		{Text: "Link to this advice", URL: "/advice" + this, ID: "permalink"},
	}
	opt := advisor.RenderOptions{Rules: w.s.rs, Reader: advisor.ReaderWeb, FullReport: "/advice?" + withFull(query, true)}
	if full {
		opt.Detail = advisor.DetailFull
		links = append(links, advisor.Link{Text: "Show the short report", URL: "/advice" + brief, ID: "brief-report"})
	}
	links = append(links,
		advisor.Link{Text: "Download as JSON", URL: "/advice.json" + brief, ID: "download-json", Download: true},
		advisor.Link{Text: "Download as Markdown", URL: "/advice.md" + this, ID: "download-markdown", Download: true})
	opt.Links = links
	var b bytes.Buffer
	if err := advisor.RenderHTML(&b, r, opt); err != nil {
		w.s.log.Error("report page", "error", err.Error())
		w.errorPage(rw, req, http.StatusInternalServerError, "internal error: the page could not be rendered")
		return
	}
	rw.Header().Set("Content-Security-Policy", contentSecurityPolicy(w.s.cfg.EmbedOrigins, styleHashes(b.Bytes())))
	writeBody(rw, http.StatusOK, "text/html; charset=utf-8", b.Bytes())
}

// styleRE finds a page's inline style elements.
var styleRE = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// styleHashes are the CSP sources that allow a page's inline styles, and
// only those: 'sha256-...' of each style element's text.
func styleHashes(page []byte) []string {
	var out []string
	for _, m := range styleRE.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return out
}

// adviceDownload is GET /advice.json and /advice.md: the same advice as
// the page, as `advise -o json` and `advise -o markdown` write it.
func (s *Server) adviceDownload(w http.ResponseWriter, r *http.Request) {
	st, e := s.web.parseQuery(r)
	if e != nil {
		s.failWith(w, r, e)
		return
	}
	if len(st.problems) > 0 {
		s.failWith(w, r, s.adviceError(&answers.Error{Problems: st.problems}))
		return
	}
	advice, err := s.run(r.Context(), rawList(s.rs, st), advisor.Options{WhatIf: true, Growth: true})
	if err != nil {
		s.failWith(w, r, s.adviceError(err))
		return
	}
	var b bytes.Buffer
	name, ct := "orgadvisor-advice.json", "application/json"
	if strings.HasSuffix(r.URL.Path, ".md") {
		name, ct = "orgadvisor-advice.md", "text/markdown; charset=utf-8"
		opt := advisor.RenderOptions{Rules: s.rs, Reader: advisor.ReaderWeb}
		if st.full {
			opt.Detail = advisor.DetailFull
		}
		err = advisor.Render(&b, advisor.FormatMarkdown, advice.Report, opt)
	} else {
		err = advisor.RenderJSON(&b, advice.Report)
	}
	if err != nil {
		s.failWith(w, r, s.adviceError(err))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	writeBody(w, http.StatusOK, ct, b.Bytes())
}

// rawList is the answers of st that fit, in question order, for the front
// door.
func rawList(rs *rules.Ruleset, st *formState) []answers.Raw {
	var out []answers.Raw
	for _, q := range rs.Questions {
		if raw, ok := st.raws[q.ID]; ok {
			out = append(out, raw)
		}
	}
	return out
}
