package batch

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// record is one input record inside a chunk.
type record struct {
	// start and end delimit the record's bytes in chunk.in, line end removed.
	start, end int
	// line is the 1-based line the record starts on.
	line int
	// tooLarge marks a record over the size limit: its bytes were skipped.
	tooLarge bool
}

// splitter cuts the input into records, without parsing them: a line for
// JSON Lines, a line or more (quoted newlines) for CSV. It is the only
// sequential step of the pipeline, so it does as little as it can.
type splitter struct {
	br     *bufio.Reader
	csv    bool
	limit  int
	line   int   // lines consumed so far
	nbytes int64 // bytes consumed so far
	eof    bool
}

func newSplitter(r io.Reader, csv bool, limit int) *splitter {
	br := bufio.NewReaderSize(r, 64<<10)
	// A UTF-8 byte-order mark, as spreadsheets write, is not data.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	return &splitter{br: br, csv: csv, limit: limit}
}

// lineBuffered reports whether a whole line is buffered already, so that
// reading the next record need not wait for more input.
func (s *splitter) lineBuffered() bool {
	b, _ := s.br.Peek(s.br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// next appends the next record's bytes to *buf and returns it. At the end
// of the input it returns io.EOF; other errors are read errors. Blank
// lines are skipped.
func (s *splitter) next(buf *[]byte) (record, error) {
	for {
		if s.eof {
			return record{}, io.EOF
		}
		rec, blank, err := s.read(buf)
		if err != nil {
			return record{}, err
		}
		if !blank {
			return rec, nil
		}
	}
}

func (s *splitter) read(buf *[]byte) (rec record, blank bool, err error) {
	start := len(*buf)
	rec = record{start: start, line: s.line + 1}
	state := csvFieldStart
	size := 0
	for {
		part, rerr := s.br.ReadSlice('\n')
		s.nbytes += int64(len(part))
		size += len(part)
		if size > s.limit {
			if !rec.tooLarge {
				rec.tooLarge = true
				*buf = (*buf)[:start]
			}
		} else {
			*buf = append(*buf, part...)
		}
		ended := false
		if len(part) > 0 && part[len(part)-1] == '\n' {
			s.line++
			ended = true
		}
		if s.csv {
			state, ended = state.scan(part)
		}
		switch {
		case rerr == nil:
			if !ended {
				continue // a quoted newline inside a CSV record
			}
		case errors.Is(rerr, bufio.ErrBufferFull):
			continue // a line longer than the buffer
		case rerr == io.EOF:
			s.eof = true
			if size == 0 {
				return rec, true, nil
			}
		default:
			*buf = (*buf)[:start]
			return rec, false, rerr
		}
		break
	}
	if rec.tooLarge {
		rec.end = start
		return rec, false, nil
	}
	b := (*buf)[start:]
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(bytes.TrimSpace(b)) == 0 {
		*buf = (*buf)[:start]
		return rec, true, nil
	}
	rec.end = start + len(b)
	return rec, false, nil
}
