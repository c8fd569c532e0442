package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Ruleset is a loaded, checked and compiled rules file. It is read-only once
// Load returns it and safe for concurrent use.
type Ruleset struct {
	// Name is the file name the rules were loaded from, as Load was given
	// it; positions in messages use it.
	Name string
	// Digest is the hex SHA-256 of the file's bytes.
	Digest    string
	Version   int
	Labels    Labels
	Sources   []*Source
	Questions []*Question
	Roles     []*Role
	Rules     []*Rule
	// Decide holds each role's decide table, by role id.
	Decide map[string][]*Row

	// eng holds the evaluation plan and pooled working states.
	eng engine

	questionByID map[string]*Question
	sourceByID   map[string]*Source
	// boundaries holds, per int question, the numbers its comparisons use.
	boundaries map[string][]int
	// scoreMarks holds, per role, the numbers its score is compared with.
	scoreMarks map[string][]float64
}

// Question returns the question with the given id, or nil.
func (rs *Ruleset) Question(id string) *Question { return rs.questionByID[id] }

// Source returns the source with the given id, or nil.
func (rs *Ruleset) Source(id string) *Source { return rs.sourceByID[id] }

// LoadFile reads and loads a rules file from disk, enforcing MaxFileSize.
func LoadFile(path string) (*Ruleset, []Diagnostic, error) {
	src, err := ReadFile(path, "rules file")
	if err != nil {
		return nil, nil, err
	}
	return Load(path, src)
}

// ReadFile reads a file that orgadvisor loads (rules, cases, answers),
// refusing directories and files over MaxFileSize with a clear error.
func ReadFile(path, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read %s: %w", path, what, unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read %s: %w", path, what, unwrapPathError(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: %s is a directory, not a file", path, what)
	}
	buf := make([]byte, 0, min(st.Size()+1, MaxFileSize+1))
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return nil, fmt.Errorf("%s: %s too large: over %d MiB", path, what, MaxFileSize>>20)
		}
		if err != nil {
			break
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	return buf, nil
}

// Stdin is how positions and errors name standard input, which a file
// name of "-" reads (ReadInput).
const Stdin = "standard input"

// ReadInput reads a file as ReadFile does, or standard input when path is
// "-", as mature tools do. name is how positions and errors are to name
// what was read: path, or Stdin. Standard input with nothing in it
// (closed, or nothing piped in) is an error rather than an empty file,
// since it is far more often a forgotten pipe than a file meant empty.
func ReadInput(path, what string, stdin io.Reader) (name string, src []byte, err error) {
	if path != "-" {
		src, err := ReadFile(path, what)
		return path, src, err
	}
	src, err = io.ReadAll(io.LimitReader(stdin, MaxFileSize+1))
	switch {
	case err != nil:
		return Stdin, nil, fmt.Errorf("%s: cannot read %s: %w", Stdin, what, unwrapPathError(err))
	case len(src) > MaxFileSize:
		return Stdin, nil, fmt.Errorf("%s: %s too large: over %d MiB", Stdin, what, MaxFileSize>>20)
	case len(src) == 0:
		return Stdin, nil, fmt.Errorf("%s is empty; pipe the %s in, or name it instead of `-`", Stdin, what)
	}
	return Stdin, src, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load parses, checks and compiles a rules file. name is used in positions.
// On success it returns the ruleset and the file's warnings. When the file
// has errors it returns a *LoadError holding every diagnostic, sorted.
func Load(name string, src []byte) (*Ruleset, []Diagnostic, error) {
	ds := newDiagnostics(name, src)
	if !utf8.Valid(src) {
		ds.errorf(invalidUTF8Pos(src), "file is not valid UTF-8")
		return nil, nil, &LoadError{Diagnostics: ds.sorted()}
	}
	if len(src) > MaxFileSize {
		ds.errorf(Pos{Line: 1, Col: 1}, "rules file too large: over %d MiB", MaxFileSize>>20)
		return nil, nil, &LoadError{Diagnostics: ds.sorted()}
	}
	sum := sha256.Sum256(src)
	rs := &Ruleset{Name: name, Digest: hex.EncodeToString(sum[:])}
	root := parseYAML(ds, src, "rules file")
	if root != nil {
		b := &builder{reader: reader{ds}, rs: rs}
		b.read(root)
		b.check()
	}
	if ds.hasErrors() {
		return nil, nil, &LoadError{Diagnostics: ds.sorted()}
	}
	return rs, ds.sorted(), nil
}

func newDiagnostics(name string, src []byte) *diagnostics {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	return &diagnostics{file: name, lines: strings.Split(text, "\n")}
}

func invalidUTF8Pos(src []byte) Pos {
	line, col := 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		src = src[size:]
	}
	return Pos{Line: line, Col: col}
}

// builder reads the node tree into a Ruleset and checks it.
type builder struct {
	reader
	rs *Ruleset
	// leaves keeps every leaf condition with the scope it is compiled in.
	leaves []leafSite
	// sourceRefs and roleRefs keep the references to sources and roles,
	// with where they are made, for check once every id is known.
	sourceRefs []ref
	roleRefs   []ref
	// supersedeRefs are the rules' supersedes entries, by the rule that
	// makes them.
	supersedeRefs []supersedeRef
	// reads holds the questions some expression reads, for the warning
	// about a question that nothing reads.
	reads map[string]bool
	// loops counts the closures in the file's expressions (maxLoops),
	// weight their work outside loops (maxFileWeight).
	loops, weight int
	// unsure holds what an error left unknown: a section ("questions",
	// "roles", "sources", "decide") or a question id (its type or options).
	// Checks that depend on it stay silent, so that one mistake is one
	// error at its cause, not one more at every use.
	unsure map[string]bool
}

// markUnsure records that an error left what unknown (see builder.unsure).
func (b *builder) markUnsure(what string) {
	if b.unsure == nil {
		b.unsure = map[string]bool{}
	}
	b.unsure[what] = true
}

// supersedeRef is one entry of a rule's supersedes: rule from supersedes
// the rule to.id.
type supersedeRef struct {
	from string
	to   ref
}

// ref is a reference to an id, with where it is made.
type ref struct {
	id  string
	pos Pos
}

// scope says which names an expression may read.
type scope int

const (
	scopeAnswers scope = iota // rules, covered_when
	scopeAskIf                // ask_if: questions asked earlier
	scopeDecide               // decide rows: answers, score, scores
)

type leafSite struct {
	cond  *Condition
	node  *yaml.Node
	scope scope
	// askIndex is the index of the question whose ask_if this is.
	askIndex int
	// what names the place in messages ("rule r1: when").
	what string
}

// The patterns of ids, compiled when a file is first loaded rather than
// when the program starts: a run with the embedded rules never needs them.
var (
	idRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]*$`) })
	refIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/-]*$`) })
)

func (b *builder) read(root *yaml.Node) {
	top := b.fields(root, "rules file", []string{"version", "labels", "sources", "questions", "roles", "rules", "decide"},
		"version", "questions", "roles", "rules", "decide")
	if top == nil {
		return
	}
	if f, ok := top["version"]; ok {
		if v, ok := b.integer(f.value, "version"); ok {
			if v != 1 {
				b.errorf(b.pos(f.value), "unsupported rules version %d: this orgadvisor reads version 1", v)
			}
			b.rs.Version = v
		}
	}
	b.rs.Labels = Labels{None: "none", AllFullTime: "both"}
	if f, ok := top["labels"]; ok {
		fs := b.fields(f.value, "labels", []string{"none", "all_full_time"})
		if g, ok := fs["none"]; ok {
			b.rs.Labels.None, _ = b.str(g.value, "labels.none")
		}
		if g, ok := fs["all_full_time"]; ok {
			b.rs.Labels.AllFullTime, _ = b.str(g.value, "labels.all_full_time")
		}
	}
	for _, section := range []string{"questions", "roles", "decide"} {
		if _, ok := top[section]; !ok {
			b.markUnsure(section)
		}
	}
	if f, ok := top["sources"]; ok {
		b.readSources(f.value)
	}
	if f, ok := top["questions"]; ok {
		b.readQuestions(f.value)
	}
	if f, ok := top["roles"]; ok {
		b.readRoles(f.value)
	}
	if f, ok := top["rules"]; ok {
		b.readRules(f.value)
	}
	if f, ok := top["decide"]; ok {
		b.readDecide(f.value)
	}
}

func (b *builder) readSources(n *yaml.Node) {
	b.rs.sourceByID = map[string]*Source{}
	if Deref(n).Kind != yaml.MappingNode {
		b.markUnsure("sources")
	}
	for _, p := range b.pairs(n, "sources") {
		if !refIDRE().MatchString(p.key) {
			b.errorf(b.pos(p.keyAt), "source id %q: use letters, digits and . _ : / -", p.key)
		}
		what := "source " + p.key
		fs := b.fields(p.value, what, []string{"title", "ref", "kind"}, "title", "ref")
		s := &Source{ID: p.key, Pos: b.pos(p.keyAt)}
		if f, ok := fs["title"]; ok {
			s.Title, _ = b.str(f.value, what+": title")
		}
		if f, ok := fs["ref"]; ok {
			s.Ref, _ = b.str(f.value, what+": ref")
		}
		if f, ok := fs["kind"]; ok {
			kinds := []string{"article", "marketing", "vendor", "law", "research"}
			if k, ok := b.str(f.value, what+": kind"); ok {
				if !contains(kinds, k) {
					b.errorf(b.pos(f.value), "%s: unknown kind %q%s; allowed: %s", what, k, suggest(k, kinds), strings.Join(kinds, ", "))
				}
				s.Kind = k
			}
		}
		b.rs.Sources = append(b.rs.Sources, s)
		b.rs.sourceByID[s.ID] = s
	}
}

var questionKeys = []string{"id", "type", "prompt", "help", "options", "min", "max", "required", "default", "ask_if", "change", "short", "unit"}

func (b *builder) readQuestions(n *yaml.Node) {
	b.rs.questionByID = map[string]*Question{}
	items := b.list(n, "questions")
	if items == nil {
		b.markUnsure("questions")
	}
	if items != nil && len(items) == 0 {
		b.errorf(b.pos(n), "questions: the list is empty; a rules file needs at least one question")
	}
	for i, it := range items {
		what := fmt.Sprintf("questions[%d]", i)
		fs := b.fields(it, what, questionKeys, "id", "type", "prompt", "help")
		if fs == nil {
			b.markUnsure("questions")
			continue
		}
		q := &Question{Pos: b.pos(it), index: len(b.rs.Questions)}
		if f, ok := fs["id"]; ok {
			if id, ok := b.str(f.value, what+": id"); ok {
				q.ID = id
				what = "question " + id
				if !idRE().MatchString(id) {
					b.errorf(b.pos(f.value), "%s: id must be snake_case (a-z, 0-9, _), starting with a letter", what)
				}
				if id == "score" || id == "scores" || id == "id" {
					b.errorf(b.pos(f.value), "%s: %q is a reserved name", what, id)
				}
				if prev, dup := b.rs.questionByID[id]; dup {
					b.errorf(b.pos(f.value), "duplicate question id %q (first at line %d)", id, prev.Pos.Line)
					continue
				}
			}
		}
		if f, ok := fs["type"]; ok {
			if t, ok := b.str(f.value, what+": type"); ok {
				types := TypeNames()
				if contains(types, t) {
					q.Type = QuestionType(t)
					q.typ = q.Type.def()
				} else {
					// The type-specific checks below are skipped for
					// an unknown type: they would only add noise.
					b.errorf(b.pos(f.value), "%s: unknown type %q%s; allowed: %s", what, t, suggest(t, types), strings.Join(types, ", "))
				}
			}
		}
		if f, ok := fs["prompt"]; ok {
			q.Prompt, _ = b.str(f.value, what+": prompt")
		}
		if f, ok := fs["help"]; ok {
			q.Help, _ = b.str(f.value, what+": help")
		}
		t := q.def() // nil for a type that does not exist
		if f, ok := fs["options"]; ok && t != nil {
			if t.traits().maxOptions == 0 {
				b.errorf(b.pos(f.keyAt), "%s: options are only for %s questions", what, typesThat(func(t traits) bool { return t.maxOptions > 0 }))
			}
			b.readOptions(q, f.value, what)
		} else if t != nil && t.traits().maxOptions > 0 {
			b.errorf(b.pos(it), "%s: a %s question needs options", what, q.Type)
		}
		for _, key := range []string{"min", "max"} {
			f, ok := fs[key]
			if !ok {
				continue
			}
			if t == nil || !t.traits().bounded {
				if t != nil {
					b.errorf(b.pos(f.keyAt), "%s: %s is only for %s questions", what, key, typesThat(func(t traits) bool { return t.bounded }))
				}
				continue
			}
			if v, ok := b.integer(f.value, what+": "+key); ok {
				if key == "min" {
					q.Min = &v
				} else {
					q.Max = &v
				}
			}
		}
		if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
			b.errorf(b.pos(fs["max"].value), "%s: max %d is below min %d", what, *q.Max, *q.Min)
		}
		if f, ok := fs["required"]; ok {
			q.Required, _ = b.boolean(f.value, what+": required")
		}
		if t != nil {
			t.implied(q)
		}
		df, hasDefault := fs["default"]
		switch {
		case q.Required && hasDefault:
			b.errorf(b.pos(df.keyAt), "%s: a required question has no default; remove one of them", what)
		case !q.Required && !hasDefault && q.Default == nil && t != nil:
			b.errorf(b.pos(it), "%s: needs either `required: true` or a default", what)
		}
		b.readChange(q, fs, what)
		if f, ok := fs["ask_if"]; ok {
			q.AskIf = b.condition(f.value, what+": ask_if", scopeAskIf, q.index, 0)
			if q.Required {
				b.errorf(b.pos(f.keyAt), "%s: a question with ask_if needs a default to use when it is not asked, so it cannot be required", what)
			}
		}
		if q.ID == "" {
			b.markUnsure("questions")
			continue
		}
		if q.Type == "" {
			b.markUnsure(q.ID)
		}
		b.rs.Questions = append(b.rs.Questions, q)
		b.rs.questionByID[q.ID] = q
		if hasDefault {
			b.readDefault(q, df.value, what)
		}
	}
}

// readChange reads how a question's answer comes to change (`change`) and
// the words that name it in the report's lists (`short`, `unit`).
func (b *builder) readChange(q *Question, fs map[string]field, what string) {
	if f, ok := fs["change"]; ok {
		if c, ok := b.str(f.value, what+": change"); ok {
			changes := []string{string(ChangeGrowth), string(ChangeDecision)}
			switch {
			case !contains(changes, c):
				b.errorf(b.pos(f.value), "%s: unknown change %q%s; allowed: %s", what, c, suggest(c, changes), strings.Join(changes, ", "))
			case c == string(ChangeGrowth) && q.def() != nil && !q.def().traits().grows:
				b.errorf(b.pos(f.value), "%s: a question that takes several options cannot grow; say `change: decision`", what)
			}
			q.Change = ChangeKind(c)
		}
	}
	if f, ok := fs["short"]; ok {
		q.Short, _ = b.str(f.value, what+": short")
	}
	if f, ok := fs["unit"]; ok {
		q.Unit, _ = b.str(f.value, what+": unit")
		if t := q.def(); t != nil && !t.traits().unit {
			b.errorf(b.pos(f.keyAt), "%s: unit is only for %s questions", what, typesThat(func(t traits) bool { return t.unit }))
		}
	}
}

func (b *builder) readOptions(q *Question, n *yaml.Node, what string) {
	items := b.list(n, what+": options")
	if items == nil {
		b.markUnsure(q.ID)
	}
	if items != nil && len(items) == 0 {
		b.errorf(b.pos(n), "%s: options must not be empty", what)
	}
	// A type without options is held to the limit of all questions: its
	// options are an error already.
	limit := maxOptions
	if t := q.def(); t != nil && t.traits().maxOptions > 0 {
		limit = t.traits().maxOptions
	}
	if len(items) > limit {
		b.errorf(b.pos(n), "%s: too many options: %d, at most %d for a %s question", what, len(items), limit, q.Type)
		b.markUnsure(q.ID)
		return
	}
	seen := map[string]int{}
	for i, it := range items {
		owhat := fmt.Sprintf("%s: options[%d]", what, i)
		fs := b.fields(it, owhat, []string{"id", "label", "unknown"}, "id", "label")
		var o Option
		if f, ok := fs["id"]; ok {
			if id, ok := b.str(f.value, owhat+": id"); ok {
				if line, dup := seen[id]; dup {
					b.errorf(b.pos(f.value), "%s: duplicate option %q (first at line %d)", what, id, line)
					continue
				}
				if strings.ContainsAny(id, ",; \t\n") {
					b.errorf(b.pos(f.value), "%s: option id %q must not contain spaces, commas or semicolons", what, id)
				}
				if len(id) > maxOptionIDLength {
					b.errorf(b.pos(f.value), "%s: option id too long: over %d bytes", what, maxOptionIDLength)
				}
				seen[id] = f.value.Line
				o.ID = id
			}
		}
		if f, ok := fs["label"]; ok {
			o.Label, _ = b.str(f.value, owhat+": label")
		}
		if f, ok := fs["unknown"]; ok {
			o.Unknown, _ = b.boolean(f.value, owhat+": unknown")
		}
		if o.ID != "" {
			q.Options = append(q.Options, o)
		} else {
			b.markUnsure(q.ID) // an option that did not load
		}
	}
}

// readDefault turns a YAML default into a typed answer, with the same rules
// as any other answer.
func (b *builder) readDefault(q *Question, n *yaml.Node, what string) {
	n = Deref(n)
	var raw any
	if err := n.Decode(&raw); err != nil {
		b.errorf(b.pos(n), "%s: default: %v", what, err)
		return
	}
	if q.Type == "" || b.unsure[q.ID] {
		return
	}
	v, err := convert(q, raw)
	if err != nil {
		msg := err.Error()
		var ae *AnswerError
		if errors.As(err, &ae) {
			msg = ae.Message
		}
		b.errorf(b.pos(n), "%s: default: %s", what, msg)
		return
	}
	q.Default = v
}

var roleKeys = []string{"id", "title", "fractional_title", "label", "fractional_label", "covered_when", "covered_by", "candidates"}

func (b *builder) readRoles(n *yaml.Node) {
	items := b.list(n, "roles")
	if items == nil {
		b.markUnsure("roles")
	}
	if items != nil && len(items) == 0 {
		b.errorf(b.pos(n), "roles: the list is empty; a rules file needs at least one role")
	}
	labels := map[string]Pos{}
	for i, it := range items {
		what := fmt.Sprintf("roles[%d]", i)
		fs := b.fields(it, what, roleKeys, "id", "title", "fractional_title", "label", "fractional_label")
		if fs == nil {
			b.markUnsure("roles")
			continue
		}
		r := &Role{Pos: b.pos(it)}
		if f, ok := fs["id"]; ok {
			if id, ok := b.str(f.value, what+": id"); ok {
				r.ID = id
				what = "role " + id
				if !idRE().MatchString(id) {
					b.errorf(b.pos(f.value), "%s: id must be snake_case (a-z, 0-9, _), starting with a letter", what)
				}
				for _, prev := range b.rs.Roles {
					if prev.ID == id {
						b.errorf(b.pos(f.value), "duplicate role id %q (first at line %d)", id, prev.Pos.Line)
						r.ID = ""
					}
				}
			}
		}
		textField := func(key string, dst *string) {
			if f, ok := fs[key]; ok {
				*dst, _ = b.str(f.value, what+": "+key)
			}
		}
		textField("title", &r.Title)
		textField("fractional_title", &r.FractionalTitle)
		textField("label", &r.Label)
		textField("fractional_label", &r.FractionalLabel)
		for _, key := range []string{"label", "fractional_label"} {
			f, ok := fs[key]
			if !ok {
				continue
			}
			l := Deref(f.value).Value
			if strings.ContainsAny(l, "+ \t") {
				b.errorf(b.pos(f.value), "%s: %s %q must not contain spaces or +", what, key, l)
			}
			if prev, dup := labels[l]; dup && l != "" {
				b.errorf(b.pos(f.value), "%s: label %q is already used at line %d", what, l, prev.Line)
			}
			labels[l] = b.pos(f.value)
		}
		if f, ok := fs["covered_when"]; ok {
			r.CoveredWhen = b.condition(f.value, what+": covered_when", scopeAnswers, 0, 0)
		}
		if f, ok := fs["covered_by"]; ok {
			if _, both := fs["covered_when"]; both {
				b.errorf(b.pos(f.keyAt), "%s: give covered_when or covered_by, not both", what)
			}
			r.CoveredBy = b.holders(f.value, what+": covered_by", false)
			if len(r.CoveredBy) > 0 {
				// One condition for the plan: any entry holds. Which one
				// is looked up only for a covered role (Evaluate).
				either := &Condition{Op: OpAny, Pos: r.CoveredBy[0].Pos}
				for _, h := range r.CoveredBy {
					if h.When != nil {
						either.Items = append(either.Items, h.When)
					}
				}
				if len(either.Items) == len(r.CoveredBy) {
					r.CoveredWhen = either
				}
			}
		}
		if f, ok := fs["candidates"]; ok {
			r.Candidates = b.holders(f.value, what+": candidates", true)
		}
		if r.ID != "" {
			b.rs.Roles = append(b.rs.Roles, r)
		} else {
			b.markUnsure("roles")
		}
	}
}

var ruleKeys = []string{"id", "description", "when", "add", "notes", "sources", "basis", "disputed_by", "supersedes"}

// holders reads a role's covered_by or candidates: a list of {when, who}.
// A candidate must say who it is; a covering entry without who is the
// role's own title-holder.
func (b *builder) holders(n *yaml.Node, what string, needWho bool) []Holder {
	var out []Holder
	for i, it := range b.list(n, what) {
		iwhat := fmt.Sprintf("%s[%d]", what, i)
		required := []string{"when"}
		if needWho {
			required = append(required, "who")
		}
		fs := b.fields(it, iwhat, []string{"when", "who"}, required...)
		if fs == nil {
			continue
		}
		h := Holder{Pos: b.pos(it)}
		if f, ok := fs["when"]; ok {
			h.When = b.condition(f.value, iwhat+": when", scopeAnswers, 0, 0)
		}
		if f, ok := fs["who"]; ok {
			h.Who, _ = b.str(f.value, iwhat+": who")
		}
		out = append(out, h)
	}
	if out != nil && len(out) == 0 {
		b.errorf(b.pos(n), "%s: the list is empty", what)
	}
	return out
}

func (b *builder) readRules(n *yaml.Node) {
	items := b.list(n, "rules")
	seen := map[string]int{}
	for i, it := range items {
		what := fmt.Sprintf("rules[%d]", i)
		fs := b.fields(it, what, ruleKeys, "id", "description", "when", "add")
		if fs == nil {
			continue
		}
		r := &Rule{Pos: b.pos(it)}
		if f, ok := fs["id"]; ok {
			if id, ok := b.str(f.value, what+": id"); ok {
				what = "rule " + id
				if line, dup := seen[id]; dup {
					b.errorf(b.pos(f.value), "duplicate rule id %q (first at line %d)", id, line)
				}
				seen[id] = f.value.Line
				r.ID = id
			}
		}
		if f, ok := fs["description"]; ok {
			r.Description, _ = b.str(f.value, what+": description")
		}
		if f, ok := fs["when"]; ok {
			r.When = b.condition(f.value, what+": when", scopeAnswers, 0, 0)
		}
		if f, ok := fs["add"]; ok {
			pairs := b.pairs(f.value, what+": add")
			if n := Deref(f.value); n.Kind == yaml.MappingNode && len(n.Content) == 0 {
				b.errorf(b.pos(f.value), "%s: add must give a weight to at least one role", what)
			}
			for _, p := range pairs {
				if v, ok := b.number(p.value, what+": add."+p.key); ok {
					r.Add = append(r.Add, Weight{Role: p.key, Value: v})
					b.roleRefs = append(b.roleRefs, ref{p.key, b.pos(p.keyAt)})
				}
			}
		}
		if f, ok := fs["notes"]; ok {
			r.Notes, _ = b.strList(f.value, what+": notes")
		}
		if f, ok := fs["basis"]; ok {
			if v, ok := b.str(f.value, what+": basis"); ok {
				if v != BasisJudgement {
					b.errorf(b.pos(f.value), "%s: unknown basis %q%s; allowed: %s", what, v, suggest(v, []string{BasisJudgement}), BasisJudgement)
				}
				r.Basis = v
			}
		}
		if f, ok := fs["sources"]; ok {
			cites, nodes := b.citations(f.value, what+": sources")
			if n := Deref(f.value); n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
				b.errorf(b.pos(f.value), "%s: cite at least one source, or leave sources out and say `basis: judgement`", what)
			}
			r.Citations = cites
			for i, c := range cites {
				r.Sources = append(r.Sources, c.Source)
				b.sourceRefs = append(b.sourceRefs, ref{c.Source, b.pos(nodes[i])})
			}
		} else if _, ok := fs["basis"]; !ok {
			b.errorf(b.pos(it), "%s: missing \"sources\": cite at least one, or say `basis: judgement`", what)
		}
		if f, ok := fs["supersedes"]; ok {
			ids, nodes := b.strList(f.value, what+": supersedes")
			if n := Deref(f.value); n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
				b.errorf(b.pos(f.value), "%s: supersedes names no rule; leave it out instead", what)
			}
			r.Supersedes = ids
			for k, id := range ids {
				b.supersedeRefs = append(b.supersedeRefs, supersedeRef{from: r.ID, to: ref{id, b.pos(nodes[k])}})
			}
		}
		if f, ok := fs["disputed_by"]; ok {
			for j, d := range b.list(f.value, what+": disputed_by") {
				dwhat := fmt.Sprintf("%s: disputed_by[%d]", what, j)
				dfs := b.fields(d, dwhat, []string{"sources", "view"}, "sources", "view")
				var dis Dispute
				if g, ok := dfs["sources"]; ok {
					cites, nodes := b.citations(g.value, dwhat+": sources")
					if n := Deref(g.value); n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
						b.errorf(b.pos(g.value), "%s: name at least one source", dwhat)
					}
					dis.Citations = cites
					for k, c := range cites {
						dis.Sources = append(dis.Sources, c.Source)
						b.sourceRefs = append(b.sourceRefs, ref{c.Source, b.pos(nodes[k])})
					}
				}
				if g, ok := dfs["view"]; ok {
					dis.View, _ = b.str(g.value, dwhat+": view")
				}
				r.DisputedBy = append(r.DisputedBy, dis)
			}
		}
		b.rs.Rules = append(b.rs.Rules, r)
	}
}

func (b *builder) readDecide(n *yaml.Node) {
	b.rs.Decide = map[string][]*Row{}
	if Deref(n).Kind != yaml.MappingNode {
		b.markUnsure("decide")
	}
	for _, p := range b.pairs(n, "decide") {
		what := "decide." + p.key
		b.roleRefs = append(b.roleRefs, ref{p.key, b.pos(p.keyAt)})
		items := b.list(p.value, what)
		if items != nil && len(items) == 0 {
			b.errorf(b.pos(p.value), "%s: the table is empty; it needs at least a catch-all row", what)
		}
		var rows []*Row
		for i, it := range items {
			rwhat := fmt.Sprintf("%s[%d]", what, i)
			fs := b.fields(it, rwhat, []string{"when", "level", "because", "summary"}, "level", "because")
			if fs == nil {
				continue
			}
			row := &Row{Pos: b.pos(it)}
			if f, ok := fs["when"]; ok {
				row.When = b.condition(f.value, rwhat+": when", scopeDecide, 0, 0)
				if row.When != nil && row.When.Op == OpExpr && strings.TrimSpace(row.When.Expr) == "true" {
					row.When = nil
				}
			}
			if f, ok := fs["level"]; ok {
				if l, ok := b.str(f.value, rwhat+": level"); ok {
					levels := []string{"none", "fractional", "full-time"}
					if !contains(levels, l) {
						b.errorf(b.pos(f.value), "%s: unknown level %q%s; allowed: %s", rwhat, l, suggest(l, levels), strings.Join(levels, ", "))
					}
					row.Level = Level(l)
				}
			}
			if f, ok := fs["because"]; ok {
				row.Because, _ = b.str(f.value, rwhat+": because")
			}
			if f, ok := fs["summary"]; ok {
				if row.Summary, ok = b.str(f.value, rwhat+": summary"); ok && strings.Contains(strings.TrimSpace(row.Summary), "\n") {
					b.errorf(b.pos(f.value), "%s: summary must be one line; the whole reason goes in because", rwhat)
				}
			}
			rows = append(rows, row)
		}
		for i, row := range rows {
			if row.When == nil && i < len(rows)-1 {
				b.errorf(rows[i+1].Pos, "%s: row %d can never be chosen: the row before it (line %d) matches everything", what, i+2, row.Pos.Line)
				break
			}
		}
		if len(rows) > 0 && rows[len(rows)-1].When != nil {
			b.errorf(rows[len(rows)-1].Pos, "%s: the last row must match everything: leave out its `when`", what)
		}
		b.rs.Decide[p.key] = rows
	}
}
