// Package batch scores a stream of organisation profiles: JSON Lines or CSV
// in, one result per record out, in input order. It streams with bounded
// memory whatever the input size and spreads the work over every core.
//
// The pipeline has three stages. One goroutine cuts the input into chunks
// of whole records (a few hundred KiB each) without parsing them; a pool of
// workers parses, types, evaluates and encodes each chunk; the caller's
// goroutine writes the encoded chunks in input order. At most a fixed
// number of chunks are in flight, so memory stays bounded.
package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// Format is a record format.
type Format string

// The record formats.
const (
	JSONL Format = "jsonl" // JSON Lines: one JSON object per line
	CSV   Format = "csv"   // CSV with a header line naming the columns
)

// FormatFor returns the format a file name's extension implies, or "".
func FormatFor(name string) Format {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"), strings.HasSuffix(n, ".json"):
		return JSONL
	case strings.HasSuffix(n, ".csv"):
		return CSV
	}
	return ""
}

// DefaultMaxRecordSize is the largest record read, in bytes; a longer one
// becomes an error record.
const DefaultMaxRecordSize = 16 << 20

// Options controls a batch run.
type Options struct {
	// Rules are the rules every record is evaluated with.
	Rules *rules.Ruleset
	// Input and Output are the record formats (JSONL when empty).
	Input, Output Format
	// Name names the input in errors ("stdin" when empty).
	Name string
	// WhatIf adds each record's what-if changes (many evaluations each).
	WhatIf bool
	// RawCSV writes CSV text cells as they are, even those a spreadsheet
	// would run as a formula (see encoder.appendText).
	RawCSV bool
	// FailFast stops at the first record that fails, after writing it.
	FailFast bool
	// Workers is the number of evaluating goroutines (GOMAXPROCS when 0).
	Workers int
	// MaxRecordSize is the record size limit (DefaultMaxRecordSize when 0).
	MaxRecordSize int
	// Progress, when set, is called from the writing goroutine after each
	// chunk of records is written.
	Progress func(Progress)

	// chunkBytes and chunkRecords bound a chunk (tests make them small).
	chunkBytes, chunkRecords int
	// beforeRecord, when set, runs before each record is evaluated (tests
	// use it to make evaluation slow).
	beforeRecord func()
}

// Progress is how far a run has got.
type Progress struct {
	// Records is the number of records written.
	Records int64
	// Bytes is the number of input bytes those records came from.
	Bytes int64
}

// Summary is what a run did.
type Summary struct {
	// Records is the number of records read and written, failed included.
	Records int
	// Failed is the number of error records.
	Failed int
	// Labels counts the recommendations, most frequent first.
	Labels []LabelCount
	// FirstErrors holds the first few failed records.
	FirstErrors []RecordError
	// Stopped is true when FailFast stopped the run early.
	Stopped bool
}

// maxFirstErrors bounds Summary.FirstErrors.
const maxFirstErrors = 10

// LabelCount is how many records got one recommendation.
type LabelCount struct {
	Label string
	Count int
}

// RecordError is a record that failed.
type RecordError struct {
	Line int
	Err  error
}

func (e RecordError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// chunk is a run of whole records on its way through the pipeline.
type chunk struct {
	in   []byte
	recs []record
	// bytes is the number of input bytes the chunk consumed.
	bytes int64
	out   []byte
	// results of the chunk, merged by the writer.
	records, failed int
	labels          map[string]int
	errs            []RecordError
	// stopped is set when FailFast cut the chunk after a failed record.
	stopped bool
	done    chan struct{}
}

// Run reads records from r, evaluates them and writes one result per
// record to w, in input order. A bad record becomes an error record and the
// run goes on (unless FailFast). Run returns an *advisor.InputError when the input
// cannot be read as a whole, and ctx's error when ctx is cancelled: every
// result written by then is whole.
func Run(ctx context.Context, r io.Reader, w io.Writer, opt Options) (Summary, error) {
	if opt.Rules == nil {
		return Summary{}, errors.New("batch: no rules")
	}
	if opt.Input == "" {
		opt.Input = JSONL
	}
	if opt.Output == "" {
		opt.Output = JSONL
	}
	if opt.Name == "" {
		opt.Name = "stdin"
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	limit := opt.MaxRecordSize
	if limit <= 0 {
		limit = DefaultMaxRecordSize
	}
	if opt.chunkBytes <= 0 {
		opt.chunkBytes = 128 << 10
	}
	if opt.chunkRecords <= 0 {
		opt.chunkRecords = 1024
	}

	sp := newSplitter(r, opt.Input == CSV, limit)
	var columns []string
	if opt.Input == CSV {
		var err error
		if columns, err = readHeader(sp, opt.Rules, opt.Name); err != nil {
			return Summary{}, err
		}
	}
	enc := newEncoder(opt.Rules, opt.Output == CSV, opt.WhatIf)
	enc.rawCSV = opt.RawCSV
	if h := enc.header(); h != nil {
		if _, err := w.Write(h); err != nil {
			return Summary{}, err
		}
	}

	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	// window bounds the chunks in flight: read, being evaluated, or
	// waiting to be written in order. Two per worker keep every worker
	// busy while the writer waits for the oldest; memory stays about
	// window × (chunk in + chunk out), a few MiB.
	window := 2*workers + 2
	jobs := make(chan *chunk, window)
	order := make(chan *chunk, window)
	free := make(chan *chunk, window+workers+2)
	var readErr error

	go func() {
		defer close(order)
		defer close(jobs)
		for {
			var c *chunk
			select {
			case c = <-free:
			default:
				c = &chunk{done: make(chan struct{}, 1), labels: map[string]int{}}
			}
			more, err := fill(sp, c, opt.chunkBytes, opt.chunkRecords)
			if err != nil {
				readErr = advisor.BadInput(fmt.Errorf("%s: cannot read input: %w", opt.Name, err))
				return
			}
			if len(c.recs) > 0 {
				select {
				case order <- c:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- c:
				case <-ctx.Done():
					return
				}
			}
			if !more {
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(opt, columns, enc)
			for {
				select {
				case c, ok := <-jobs:
					if !ok {
						return
					}
					wk.process(ctx, c)
					c.done <- struct{}{}
				case <-ctx.Done():
					return
				}
			}
		}()
	}

	var sum Summary
	labels := map[string]int{}
	var prog Progress
	var err error
	// drained is true when the reader closed order: all input was read or
	// readErr was set.
	drained := true
	for c := range order {
		select {
		case <-c.done:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			drained = false
			break
		}
		if _, err = w.Write(c.out); err != nil {
			drained = false
			break
		}
		sum.Records += c.records
		sum.Failed += c.failed
		for l, n := range c.labels {
			labels[l] += n
		}
		for _, e := range c.errs {
			if len(sum.FirstErrors) < maxFirstErrors {
				sum.FirstErrors = append(sum.FirstErrors, e)
			}
		}
		prog.Records += int64(c.records)
		prog.Bytes += c.bytes
		if opt.Progress != nil {
			opt.Progress(prog)
		}
		if c.stopped {
			sum.Stopped = true
			drained = false
			break
		}
		select {
		case free <- c:
		default:
		}
	}
	cancel()
	if parent.Err() == nil {
		wg.Wait()
	}
	// When the caller cancelled, the workers are not waited for: one may
	// be deep in a slow evaluation, and the caller wants to stop now. They
	// write nothing more and end after their current record.
	for l, n := range labels {
		sum.Labels = append(sum.Labels, LabelCount{l, n})
	}
	sort.Slice(sum.Labels, func(i, j int) bool {
		a, b := sum.Labels[i], sum.Labels[j]
		return a.Count > b.Count || a.Count == b.Count && a.Label < b.Label
	})
	switch {
	case err != nil:
		return sum, err
	case sum.Stopped:
		return sum, nil
	case parent.Err() != nil:
		return sum, parent.Err()
	case drained && readErr != nil:
		return sum, readErr
	}
	return sum, nil
}

// fill reads records into c until it holds about maxBytes or maxRecords.
// It reports whether there may be more input.
func fill(sp *splitter, c *chunk, maxBytes, maxRecords int) (bool, error) {
	c.in = c.in[:0]
	c.recs = c.recs[:0]
	before := sp.nbytes
	defer func() { c.bytes = sp.nbytes - before }()
	for len(c.in) < maxBytes && len(c.recs) < maxRecords {
		rec, err := sp.next(&c.in)
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		c.recs = append(c.recs, rec)
	}
	return true, nil
}

// readHeader reads the CSV header: the columns, each a question id or id.
func readHeader(sp *splitter, rs *rules.Ruleset, name string) ([]string, error) {
	var buf []byte
	rec, err := sp.next(&buf)
	if err == io.EOF {
		return nil, advisor.BadInput(fmt.Errorf("%s: empty CSV input: the first line must name the columns (question ids)", name))
	}
	if err != nil {
		return nil, advisor.BadInput(fmt.Errorf("%s: cannot read input: %w", name, err))
	}
	if rec.tooLarge {
		return nil, advisor.BadInput(fmt.Errorf("%s:%d: CSV header too large: over %s", name, rec.line, byteSize(sp.limit)))
	}
	fields, _, err := csvFields(buf[rec.start:rec.end], nil, nil)
	if err != nil {
		return nil, advisor.BadInput(fmt.Errorf("%s:%d: CSV header: %v", name, rec.line, err))
	}
	cols := make([]string, len(fields))
	seen := map[string]bool{}
	for i, f := range fields {
		c := strings.TrimSpace(string(f))
		switch {
		case c == "":
			return nil, advisor.BadInput(fmt.Errorf("%s:%d: CSV header: column %d has no name", name, rec.line, i+1))
		case seen[c]:
			return nil, advisor.BadInput(fmt.Errorf("%s:%d: CSV header: duplicate column %q", name, rec.line, c))
		case c != "id" && rs.Question(c) == nil:
			_, err := rs.ParseAnswer(c, nil)
			return nil, advisor.BadInput(fmt.Errorf("%s:%d: CSV header: column %d: %v", name, rec.line, i+1, err))
		}
		seen[c] = true
		cols[i] = c
	}
	return cols, nil
}

// worker parses, types, evaluates and encodes records. Each worker has its
// own scratch space, reused from record to record.
type worker struct {
	opt     Options
	rs      *rules.Ruleset
	enc     *encoder
	columns []string
	// colQ is the question index of each CSV column, -1 for id.
	colQ    []int
	json    jsonParser
	pairs   []pair
	given   rules.Answers
	fields  [][]byte
	scratch []byte
}

func newWorker(opt Options, columns []string, enc *encoder) *worker {
	rs := opt.Rules
	var ids, options []string
	for _, q := range rs.Questions {
		ids = append(ids, q.ID)
		options = append(options, q.OptionIDs()...)
	}
	wk := &worker{
		opt: opt, rs: rs, enc: enc, columns: columns,
		json:  jsonParser{known: newKnown(ids, options), seen: make([]bool, len(ids))},
		given: make(rules.Answers, len(rs.Questions)),
	}
	for _, c := range columns {
		q := -1
		if k, ok := wk.json.known.all[c]; ok {
			q = k.q
		}
		wk.colQ = append(wk.colQ, q)
	}
	return wk
}

func (wk *worker) process(ctx context.Context, c *chunk) {
	c.out = c.out[:0]
	c.records, c.failed, c.stopped = 0, 0, false
	c.errs = c.errs[:0]
	clear(c.labels)
	var o outcome
	for i, rec := range c.recs {
		if i&63 == 63 && ctx.Err() != nil {
			return
		}
		wk.evaluate(c.in, rec, &o)
		c.out = wk.enc.encode(c.out, &o)
		c.records++
		if o.err != nil {
			c.failed++
			if len(c.errs) < maxFirstErrors {
				c.errs = append(c.errs, RecordError{Line: o.line, Err: o.err})
			}
			if wk.opt.FailFast {
				c.stopped = true
				return
			}
		} else {
			c.labels[o.res.Label]++
		}
	}
}

// evaluate turns one record into its outcome.
func (wk *worker) evaluate(in []byte, rec record, o *outcome) {
	*o = outcome{line: rec.line}
	if wk.opt.beforeRecord != nil {
		wk.opt.beforeRecord()
	}
	if rec.tooLarge {
		o.err = fmt.Errorf("record too large: over %s", byteSize(wk.limit()))
		return
	}
	data := in[rec.start:rec.end]
	if wk.columns != nil {
		o.err = wk.parseCSV(data, o)
	} else {
		o.err = wk.parseJSON(data, o)
	}
	if o.err != nil {
		return
	}
	given, err := wk.typeAnswers()
	if err != nil {
		o.err = err
		return
	}
	d, err := advisor.Decide(wk.rs, given, advisor.Options{WhatIf: wk.opt.WhatIf})
	if err != nil {
		o.err = err
		return
	}
	o.prof, o.res = d.Profile, d.Result
	o.changes, o.whatIfIncomplete = d.WhatIf.Changes, d.WhatIf.Capped
}

// typeAnswers types the record's raw answers with the engine, one by one
// into a reused map. On any problem it asks ParseAnswers for the error, so
// the message is the engine's, every problem of the record at once.
func (wk *worker) typeAnswers() (rules.Answers, error) {
	given := wk.given
	clear(given)
	for _, p := range wk.pairs {
		if p.q < 0 {
			return nil, wk.answersError()
		}
		v, err := wk.rs.ParseAnswer(p.key, p.val)
		if err != nil {
			return nil, wk.answersError()
		}
		if v != nil {
			given[p.key] = v
		}
	}
	return given, nil
}

func (wk *worker) answersError() error {
	raw := make(map[string]any, len(wk.pairs))
	for _, p := range wk.pairs {
		raw[p.key] = p.val
	}
	_, err := wk.rs.ParseAnswers(raw)
	if err == nil {
		// Unreachable: ParseAnswer failed on one of them.
		err = errors.New("the answers do not fit the questions")
	}
	return err
}

// byteSize says a size in MiB, KiB or bytes.
func byteSize(n int) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (wk *worker) limit() int {
	if wk.opt.MaxRecordSize > 0 {
		return wk.opt.MaxRecordSize
	}
	return DefaultMaxRecordSize
}

func (wk *worker) parseJSON(data []byte, o *outcome) error {
	id, pairs, err := wk.json.parseRecord(data, wk.pairs)
	wk.pairs = pairs
	if id != nil {
		o.hasID = true
		o.idJSON = id
		if wk.enc.csv {
			if id[0] == '"' {
				o.idText, _ = unquoteJSONString(id)
			} else {
				o.idText = string(id)
			}
		}
	}
	return err
}

func (wk *worker) parseCSV(data []byte, o *outcome) error {
	var err error
	wk.fields, wk.scratch, err = csvFields(data, wk.fields, wk.scratch)
	if err != nil {
		return err
	}
	// The id first, so that the error record of a ragged row still
	// names it when its column is there.
	for i, col := range wk.columns {
		if col != "id" || i >= len(wk.fields) {
			continue
		}
		if !utf8.Valid(wk.fields[i]) {
			// JSON output could not carry it unchanged.
			return fmt.Errorf("column %d (id) is not valid UTF-8", i+1)
		}
		o.hasID = true
		o.idText = string(wk.fields[i])
		if !wk.enc.csv {
			o.idJSON = appendString(nil, o.idText)
		}
	}
	if n := len(wk.fields); n != len(wk.columns) {
		unit := "columns"
		if n == 1 {
			unit = "column"
		}
		return fmt.Errorf("row has %d %s but the header has %d", n, unit, len(wk.columns))
	}
	wk.pairs = wk.pairs[:0]
	for i, f := range wk.fields {
		col := wk.columns[i]
		if col == "id" {
			continue
		}
		if len(bytes.TrimSpace(f)) == 0 {
			continue // an empty cell is not answered
		}
		var v any
		if k, ok := wk.json.known.lookup(f); ok {
			v = k.v
		} else {
			v = string(f)
		}
		wk.pairs = append(wk.pairs, pair{key: col, q: wk.colQ[i], val: v})
	}
	return nil
}
