// Package batch is `orgadvisor batch`: score a whole list of organisations,
// JSON Lines or CSV in, one result per record out, in input order.
package batch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/orgadvisor/orgadvisor/internal/advisor"
	"github.com/orgadvisor/orgadvisor/internal/batch"
	"github.com/orgadvisor/orgadvisor/internal/cmdutil"
	"github.com/orgadvisor/orgadvisor/internal/iostreams"
	"github.com/orgadvisor/orgadvisor/internal/rules"
	"github.com/orgadvisor/orgadvisor/internal/text"
)

// BatchOptions is what `batch` needs.
type BatchOptions struct {
	IO    *iostreams.IOStreams
	Rules func() (*rules.Ruleset, []rules.Diagnostic, error)
	// Input is the input file; "" or "-" is stdin.
	Input string
	// Format is the input format: jsonl, csv, or "" for the extension's.
	Format string
	// Output is the output format: jsonl, csv, or "" for --out's
	// extension's (jsonl when there is none).
	Output string
	// Out is the output file, written atomically; "" or "-" is stdout.
	Out      string
	WhatIf   bool
	FailFast bool
	// CSVRaw writes CSV cells that look like formulas as they are.
	CSVRaw bool
	// Jobs is the number of evaluating goroutines (all cores when 0).
	Jobs int
	// Context is the run's context; Ctrl-C cancels it.
	Context context.Context
}

// MaxJobs is the most evaluating goroutines --jobs allows. Evaluation is
// work for the CPU, so more goroutines than cores gain nothing, while each
// one holds chunks of records in flight: -j 100000 took seconds and
// hundreds of MB on two records. A fixed cap, not one by the core count,
// keeps a command line valid on every machine.
const MaxJobs = 256

const long = `Score a whole list of organisations: read records (JSON Lines or CSV), evaluate
each one with the active rules, and write one result per record, in input
order. Records stream through with bounded memory whatever the input size,
and are evaluated on every core.

Input (--input FILE, or standard input):
  jsonl  one JSON object per line, keyed by question id, as an answers file:
           {"id": "acme", "employees": 40, "compliance": ["soc2", "hipaa"]}
  csv    a header line naming the columns (question ids), then one row per
         organisation; a multi answer's options are separated by ";":
           id,employees,compliance
           acme,40,soc2;hipaa
  The format is --format, else the file's extension (.jsonl, .ndjson, .json:
  jsonl; .csv: csv); a name without an extension, and standard input, are
  jsonl, and another extension needs --format. An optional "id" field or
  column is copied to the result unchanged. A missing answer, an empty cell or
  null takes the question's default; a required answer must be given. A UTF-8
  byte-order mark and CRLF line ends are accepted; blank lines are skipped.

Output (standard output, or --out FILE, written atomically):
  jsonl  one object per record, with advise -o json's field names:
           {"line": 1, "id": "acme", "recommendation": "vcto",
            "roles": {"cto": {"level": "fractional", "score": 4.5,
                      "covered": false}, ...},
            "assumed": ["stage", ...], "ignored": []}
         "assumed" lists the questions that took their default, "ignored"
         those answered although they do not apply (their ask_if is false);
         with --what-if, "what_if": [{"question", "from", "to",
         "recommendation"}, ...], nearest first, and "what_if_incomplete":
         true when the search stopped at its limit of 1,000 trials.
  csv    the same flattened into columns: line, id, recommendation,
         roles.<role>.level, roles.<role>.score, roles.<role>.covered,
         assumed and ignored (";"-separated), what_if ("question=value =>
         label", "|"-separated), error.
  The format is -o/--output, else --out's extension, else jsonl.
  A CSV text cell that starts with =, +, -, @, a tab or a carriage return
  gets a leading ' so that a spreadsheet shows it instead of running it as a
  formula ("=HYPERLINK(...)" in an id); --csv-raw writes such cells as they
  are, for pipelines that join on id. JSON is always as given.

A record that cannot be scored does not stop the batch: its result is an
error record naming its line and the problem,
  {"line": 17, "id": "acme", "error": "employees: \"abc\" is not a whole ..."}
and the run ends with exit status 1 (--fail-fast stops at the first one).
Input that cannot be read as a whole (a missing file, a CSV header naming an
unknown question) is exit status 2. A closing summary goes to standard error:
records read, failed, and the count of each recommendation; at a terminal a
progress bar shows the records done, the rate and, for a file, the time left.
Ctrl-C stops cleanly with exit status 130: every result already written is
whole, and --out leaves the old file as it was.

--out replaces a regular file only when the results are whole. A FIFO or a
device (/dev/stdout, say) is written into as a shell's > would, not
replaced: what was written before a failure stays written.`

// NewCmdBatch returns the `batch` command; runF replaces the real run in
// tests.
func NewCmdBatch(f *cmdutil.Factory, runF func(*BatchOptions) error) *cobra.Command {
	opts := &BatchOptions{IO: f.IOStreams, Rules: f.ActiveRules}
	cmd := &cobra.Command{
		Use:   "batch [--input FILE] [--out FILE]",
		Short: "Score a list of organisations (JSON Lines or CSV), one result per record",
		Long:  long,
		Example: strings.Join([]string{
			"  $ orgadvisor batch --input orgs.csv --out results.csv",
			"  $ orgadvisor batch < orgs.jsonl > results.jsonl",
			"  $ orgadvisor batch --input orgs.jsonl --what-if -o csv",
			"  $ orgadvisor batch --input orgs.jsonl | jq -c 'select(.error)'",
		}, "\n"),
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(opts.Format, "--format"); err != nil {
				return err
			}
			if err := checkFormat(opts.Output, "--output"); err != nil {
				return err
			}
			if opts.Input == "-" {
				opts.Input = ""
			}
			if opts.Out == "-" {
				opts.Out = ""
			}
			if opts.Format == "" && opts.Input != "" {
				if err := inputFormat(opts); err != nil {
					return err
				}
			}
			if opts.Output == "" {
				opts.Output = string(batch.FormatFor(opts.Out))
			}
			if opts.Jobs < 0 {
				return cmdutil.BadInputf("`--jobs` must be 0 (all cores) or more, not %d", opts.Jobs)
			}
			if opts.Jobs > MaxJobs {
				return cmdutil.BadInputf("`--jobs` must be from 0 (all cores) to %d, not %d", MaxJobs, opts.Jobs)
			}
			if opts.Context == nil {
				opts.Context = cmd.Context()
			}
			if runF != nil {
				return runF(opts)
			}
			return batchRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Input, "input", "i", "", "read records from `file` (default: standard input)")
	fl.StringVar(&opts.Format, "format", "", "input `format`: jsonl or csv (default: by the file's extension; jsonl when it has none)")
	fl.StringVarP(&opts.Output, "output", "o", "", "output `format`: jsonl or csv (default: by --out's extension, else jsonl)")
	fl.StringVar(&opts.Out, "out", "", "write the results to `file`, atomically unless a FIFO or device (default: standard output)")
	fl.BoolVar(&opts.WhatIf, "what-if", false, "add each record's what-if changes (slower: many evaluations per record)")
	fl.BoolVar(&opts.CSVRaw, "csv-raw", false, "write CSV cells that start with = + - @ as they are, without a leading '")
	fl.BoolVar(&opts.FailFast, "fail-fast", false, "stop at the first record that fails")
	fl.IntVarP(&opts.Jobs, "jobs", "j", 0, fmt.Sprintf("evaluate on `n` goroutines, at most %d (default: one per core)", MaxJobs))
	cmdutil.MarkFileFlag(fl, "input", "leave it out to read standard input", "jsonl", "ndjson", "json", "csv")
	cmdutil.MarkFileFlag(fl, "out", "leave it out to write to standard output", "jsonl", "ndjson", "json", "csv")
	formats := cobra.FixedCompletions([]string{"jsonl", "csv"}, cobra.ShellCompDirectiveNoFileComp)
	_ = cmd.RegisterFlagCompletionFunc("format", formats)
	_ = cmd.RegisterFlagCompletionFunc("output", formats)
	return cmd
}

// inputFormat sets opts.Format from --input's extension: jsonl for a name
// without one (as for standard input), as the help says. An extension
// that names neither format is refused, since reading a .tsv or .xlsx as
// JSON Lines would fail on every line; but a missing or unreadable input
// is reported first, as it would be whatever its name.
func inputFormat(opts *BatchOptions) error {
	if opts.Format = string(batch.FormatFor(opts.Input)); opts.Format != "" {
		return nil
	}
	if filepath.Ext(opts.Input) == "" {
		opts.Format = string(batch.JSONL)
		return nil
	}
	f, err := openInput(opts.Input)
	if err != nil {
		return err
	}
	f.Close()
	return cmdutil.BadInputf("cannot tell the format of %s from its extension: use `--format jsonl` or `--format csv`", opts.Input)
}

func checkFormat(v, flag string) error {
	switch v {
	case "", string(batch.JSONL), string(batch.CSV):
		return nil
	}
	return cmdutil.BadInputf("unknown format %q for `%s`; formats: jsonl, csv", v, flag)
}

func batchRun(opts *BatchOptions) (err error) {
	rs, _, err := opts.Rules()
	if err != nil {
		return err
	}
	ios := opts.IO
	in, name, size := ios.In, "stdin", int64(-1)
	if opts.Input != "" {
		f, err := openInput(opts.Input)
		if err != nil {
			return err
		}
		defer f.Close()
		in, name = f, opts.Input
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
	}

	// Signals are caught before the temporary file exists, so that an
	// interrupt always removes it.
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	out := ios.Out
	var file *cmdutil.AtomicFile
	if opts.Out != "" {
		if err := checkNotInput(opts.Input, opts.Out); err != nil {
			return err
		}
		if file, err = cmdutil.CreateAtomic(opts.Out); err != nil {
			return cmdutil.BadInput(err)
		}
		// Until commit, the old file stays as it was: a failure or an
		// interrupt removes the temporary file.
		defer func() {
			if err != nil {
				file.Abort()
			}
		}()
		out = file
	}
	w := bufio.NewWriterSize(out, 64<<10)

	bo := batch.Options{
		Rules: rs, Input: batch.Format(opts.Format), Output: batch.Format(opts.Output),
		Name: name, WhatIf: opts.WhatIf, RawCSV: opts.CSVRaw, FailFast: opts.FailFast, Workers: opts.Jobs,
	}
	var bar *progressBar
	if ios.IsStderrTTY() {
		bar = newProgressBar(ios.ErrOut, size)
		bo.Progress = bar.update
	}
	sum, runErr := batch.Run(ctx, in, w, bo)
	flushErr := w.Flush()
	if bar != nil {
		bar.finish()
	}
	var ie *advisor.InputError
	switch {
	case ctx.Err() != nil && (runErr == nil || errors.Is(runErr, context.Canceled)):
		writeSummary(ios.ErrOut, name, sum, true)
		return cmdutil.ErrCancel
	case errors.As(runErr, &ie):
		return runErr
	case runErr != nil:
		return fmt.Errorf("batch: %w", runErr)
	case flushErr != nil:
		return fmt.Errorf("cannot write the results: %w", flushErr)
	}
	if file != nil {
		if err := file.Commit(); err != nil {
			return err
		}
	}
	writeSummary(ios.ErrOut, name, sum, false)
	if sum.Failed > 0 {
		return cmdutil.ErrSilent
	}
	return nil
}

// checkNotInput refuses to write the results over the input they are read
// from: the input would be lost.
func checkNotInput(input, out string) error {
	if input == "" {
		return nil
	}
	in, err := os.Stat(input)
	if err != nil {
		return nil
	}
	if o, err := os.Stat(out); err == nil && os.SameFile(in, o) {
		return cmdutil.BadInputf("`--out` %s is the `--input` file: write the results to another file", out)
	}
	return nil
}

func openInput(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, cmdutil.BadInputf("%s: cannot read input: %v", path, err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, cmdutil.BadInputf("%s: is a directory, not a file", path)
	}
	return f, nil
}

// writeSummary closes the run on stderr: records read, failed, the count
// of each recommendation, and the first failed records.
func writeSummary(w io.Writer, name string, sum batch.Summary, interrupted bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s, %d failed", sum.Records, text.Plural(sum.Records, "record"), sum.Failed)
	switch {
	case interrupted:
		b.WriteString(" (interrupted)")
	case sum.Stopped:
		b.WriteString(" (stopped at the first failure: --fail-fast)")
	}
	b.WriteString("\n")
	if len(sum.Labels) > 0 {
		b.WriteString("recommendations:")
		for i, l := range sum.Labels {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %s %d", l.Label, l.Count)
		}
		b.WriteString("\n")
	}
	for _, e := range sum.FirstErrors {
		fmt.Fprintf(&b, "%s:%d: %s\n", name, e.Line, text.OneLine(e.Err.Error()))
	}
	if more := sum.Failed - len(sum.FirstErrors); more > 0 {
		fmt.Fprintf(&b, "... and %d more failed %s: see the error records in the output\n", more, text.Plural(more, "record"))
	}
	io.WriteString(w, b.String())
}

// progressBar shows records done, the rate and, for a file, the time left.
type progressBar struct {
	bar     *progressbar.ProgressBar
	bytes   bool
	started time.Time
}

func newProgressBar(w io.Writer, size int64) *progressBar {
	common := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionSetWidth(24),
	}
	p := &progressBar{started: time.Now(), bytes: size >= 0}
	if p.bytes {
		// The input's size is known: progress by bytes read gives the
		// time left; the description counts the records.
		p.bar = progressbar.NewOptions64(size, append(common,
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetDescription("scoring"),
		)...)
	} else {
		p.bar = progressbar.NewOptions64(-1, append(common,
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("records"),
			progressbar.OptionSetDescription("scoring"),
		)...)
	}
	return p
}

func (p *progressBar) update(pr batch.Progress) {
	if !p.bytes {
		_ = p.bar.Set64(pr.Records)
		return
	}
	rate := float64(pr.Records) / max(time.Since(p.started).Seconds(), 1e-3)
	p.bar.Describe(fmt.Sprintf("%d records, %.0f/s", pr.Records, rate))
	_ = p.bar.Set64(pr.Bytes)
}

func (p *progressBar) finish() {
	_ = p.bar.Finish()
	_ = p.bar.Clear()
}
