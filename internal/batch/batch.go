// Package batch scores a stream of organisation profiles: JSON Lines or CSV
// in, one result per record out, in input order. It streams with bounded
// memory whatever the input size and spreads the work over every core.
//
// The pipeline has four stages under one errgroup. The reader cuts the
// input into chunks of whole records (a few hundred KiB each) without
// parsing them; a pool of workers parses, types, evaluates and encodes each
// chunk; the writer puts the encoded chunks back in input order and writes
// them. At most a fixed number of chunks are in flight, so memory stays
// bounded, and no goroutine outlives Run.
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
	"time"
	"unicode/utf8"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/encode"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"golang.org/x/sync/errgroup"
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
	// Live is for input that arrives over time, as a request's body does:
	// a chunk is cut as soon as the records read so far are all the input
	// holds, so that each result is written without waiting for the
	// records after it (a client may send a record and wait for its
	// result). Otherwise a chunk waits for its size (chunkBytes or
	// chunkRecords), which reads a file fastest.
	Live bool
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
// run goes on (unless FailFast). Run returns an *advisor.InputError when the
// input cannot be read as a whole, and ctx's error when ctx is cancelled:
// every result written by then is whole.
//
// Run runs four stages: read (cut the input into chunks of whole records),
// evaluate (a pool of workers), order (chunks back into input order) and
// write. Every goroutine it starts has ended when it returns. A cancel
// interrupts a read blocked on r when r can take a deadline
// (SetReadDeadline, as a pipe, a socket or an HTTP body wrapped by its
// server do); a reader that cannot, such as a terminal, keeps its one
// pending Read, and nothing else.
func Run(ctx context.Context, r io.Reader, w io.Writer, opt Options) (Summary, error) {
	if opt.Rules == nil {
		return Summary{}, errors.New("batch: no rules")
	}
	opt = opt.withDefaults()
	p := &pipeline{opt: opt, sp: newSplitter(r, opt.Input == CSV, opt.MaxRecordSize), w: w}
	if opt.Input == CSV {
		var err error
		if p.columns, err = readHeader(p.sp, opt.Rules, opt.Name); err != nil {
			return Summary{}, err
		}
	}
	p.enc = newEncoder(opt.Rules, opt.Output == CSV, opt.WhatIf)
	p.enc.rawCSV = opt.RawCSV
	if h := p.enc.header(); h != nil {
		if _, err := w.Write(h); err != nil {
			return Summary{}, err
		}
	}
	return p.run(ctx, r)
}

// withDefaults fills in the options left empty.
func (opt Options) withDefaults() Options {
	if opt.Input == "" {
		opt.Input = JSONL
	}
	if opt.Output == "" {
		opt.Output = JSONL
	}
	if opt.Name == "" {
		opt.Name = "stdin"
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxRecordSize <= 0 {
		opt.MaxRecordSize = DefaultMaxRecordSize
	}
	if opt.chunkBytes <= 0 {
		opt.chunkBytes = 128 << 10
	}
	if opt.chunkRecords <= 0 {
		opt.chunkRecords = 1024
	}
	return opt
}

// pipeline is one run's stages and the channels between them.
type pipeline struct {
	opt     Options
	sp      *splitter
	columns []string
	enc     *encoder
	w       io.Writer

	// jobs carries chunks to the workers; order carries the same chunks,
	// in input order, to the writer, which waits on each chunk's done.
	// free recycles written chunks to the reader.
	jobs, order, free chan *chunk
	// readErr is the reader's error, set before it closes order.
	readErr error
	// drained is set by the writer when it wrote every chunk the reader
	// sent (so readErr, if any, is the next thing to report).
	drained bool
	sum     Summary
}

// errStopped ends the stages when FailFast stopped the run.
var errStopped = errors.New("stopped at the first failed record")

func (p *pipeline) run(parent context.Context, r io.Reader) (Summary, error) {
	// window bounds the chunks in flight: read, being evaluated, or
	// waiting to be written in order. Two per worker keep every worker
	// busy while the writer waits for the oldest; memory stays about
	// window × (chunk in + chunk out), a few MiB.
	window := 2*p.opt.Workers + 2
	p.jobs = make(chan *chunk, window)
	p.order = make(chan *chunk, window)
	p.free = make(chan *chunk, window+p.opt.Workers+2)

	g, ctx := errgroup.WithContext(parent)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		p.read(ctx)
	}()
	for range p.opt.Workers {
		g.Go(func() error {
			p.evaluate(ctx)
			return nil
		})
	}
	g.Go(func() error { return p.write(ctx) })
	err := g.Wait()

	// The workers and the writer are done. The reader ends at its next
	// channel send, or at once if the input ended; a Read blocked on r
	// is interrupted when r takes a deadline.
	select {
	case <-readDone:
	default:
		if d, ok := r.(interface{ SetReadDeadline(time.Time) error }); ok && d.SetReadDeadline(time.Now()) == nil {
			<-readDone
		}
	}

	sort.Slice(p.sum.Labels, func(i, j int) bool {
		a, b := p.sum.Labels[i], p.sum.Labels[j]
		return a.Count > b.Count || a.Count == b.Count && a.Label < b.Label
	})
	switch {
	case errors.Is(err, errStopped):
		return p.sum, nil
	case parent.Err() != nil:
		return p.sum, parent.Err()
	case err != nil:
		return p.sum, err
	case p.drained && p.readErr != nil:
		return p.sum, p.readErr
	}
	return p.sum, nil
}

// read is the first stage: it cuts the input into chunks of whole records
// and sends each to the writer (for order) and to the workers.
func (p *pipeline) read(ctx context.Context) {
	defer close(p.order)
	defer close(p.jobs)
	for {
		var c *chunk
		select {
		case c = <-p.free:
		default:
			c = &chunk{done: make(chan struct{}, 1), labels: map[string]int{}}
		}
		more, err := fill(p.sp, c, p.opt.chunkBytes, p.opt.chunkRecords, p.opt.Live)
		if err != nil {
			if ctx.Err() == nil {
				p.readErr = advisor.BadInput(fmt.Errorf("%s: cannot read input: %w", p.opt.Name, err))
			}
			return
		}
		if len(c.recs) > 0 {
			select {
			case p.order <- c:
			case <-ctx.Done():
				return
			}
			select {
			case p.jobs <- c:
			case <-ctx.Done():
				return
			}
		}
		if !more {
			return
		}
	}
}

// evaluate is the second stage, one per worker: it parses, evaluates and
// encodes the records of each chunk.
func (p *pipeline) evaluate(ctx context.Context) {
	wk := newWorker(p.opt, p.columns, p.enc)
	for {
		select {
		case c, ok := <-p.jobs:
			if !ok || ctx.Err() != nil {
				return
			}
			wk.process(ctx, c)
			c.done <- struct{}{}
		case <-ctx.Done():
			return
		}
	}
}

// write is the last stage: it takes the chunks in input order, waits for
// each to be evaluated, writes it and adds it to the summary.
func (p *pipeline) write(ctx context.Context) error {
	labels := map[string]int{}
	defer func() {
		for l, n := range labels {
			p.sum.Labels = append(p.sum.Labels, LabelCount{l, n})
		}
	}()
	var prog Progress
	for {
		var c *chunk
		select {
		case next, ok := <-p.order:
			if !ok {
				p.drained = true
				return nil
			}
			c = next
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case <-c.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := p.w.Write(c.out); err != nil {
			return err
		}
		p.sum.Records += c.records
		p.sum.Failed += c.failed
		for l, n := range c.labels {
			labels[l] += n
		}
		for _, e := range c.errs {
			if len(p.sum.FirstErrors) < maxFirstErrors {
				p.sum.FirstErrors = append(p.sum.FirstErrors, e)
			}
		}
		prog.Records += int64(c.records)
		prog.Bytes += c.bytes
		if p.opt.Progress != nil {
			p.opt.Progress(prog)
		}
		if c.stopped {
			p.sum.Stopped = true
			return errStopped
		}
		select {
		case p.free <- c:
		default:
		}
	}
}

// fill reads records into c until it holds about maxBytes or maxRecords,
// or, when live, until the next record would have to wait for more input.
// It reports whether there may be more input.
func fill(sp *splitter, c *chunk, maxBytes, maxRecords int, live bool) (bool, error) {
	c.in = c.in[:0]
	c.recs = c.recs[:0]
	before := sp.nbytes
	defer func() { c.bytes = sp.nbytes - before }()
	for len(c.in) < maxBytes && len(c.recs) < maxRecords {
		if live && len(c.recs) > 0 && !sp.lineBuffered() {
			return true, nil
		}
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
			o.idJSON = encode.AppendString(nil, o.idText)
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
