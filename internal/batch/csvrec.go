package batch

import (
	"bytes"
	"fmt"
)

// csvState is where a CSV scan stands, so that the reader can find where a
// record ends: a newline ends a record unless it is inside a quoted field.
type csvState uint8

const (
	csvFieldStart    csvState = iota // at the start of a field
	csvUnquoted                      // inside an unquoted field
	csvQuoted                        // inside a quoted field
	csvQuoteInQuoted                 // a quote inside a quoted field: its end, or the first of ""
)

// scan advances the state over b and reports whether b ends the record: b
// is one line, its newline last, as bufio.Reader.ReadSlice returns it.
func (s csvState) scan(b []byte) (csvState, bool) {
	if s != csvQuoted && s != csvQuoteInQuoted && bytes.IndexByte(b, '"') < 0 {
		// The common case: no quotes at all, the newline ends the record.
		switch {
		case len(b) == 0:
			return s, false
		case b[len(b)-1] == '\n':
			return csvFieldStart, true
		case b[len(b)-1] == ',':
			return csvFieldStart, false
		}
		return csvUnquoted, false
	}
	for _, c := range b {
		switch s {
		case csvFieldStart:
			switch c {
			case '"':
				s = csvQuoted
			case ',':
			case '\n':
				return csvFieldStart, true
			default:
				s = csvUnquoted
			}
		case csvUnquoted:
			switch c {
			case ',':
				s = csvFieldStart
			case '\n':
				return csvFieldStart, true
			}
		case csvQuoted:
			if c == '"' {
				s = csvQuoteInQuoted
			}
		case csvQuoteInQuoted:
			switch c {
			case '"':
				s = csvQuoted
			case ',':
				s = csvFieldStart
			case '\n':
				return csvFieldStart, true
			default:
				s = csvUnquoted
			}
		}
	}
	return s, false
}

// csvFields splits one CSV record (RFC 4180, without its line end) into
// fields. The fields point into rec, or into scratch for quoted fields with
// doubled quotes. The error names the 1-based column (field) of the problem
// and the character in the record where it is.
func csvFields(rec []byte, fields [][]byte, scratch []byte) ([][]byte, []byte, error) {
	fields = fields[:0]
	scratch = scratch[:0]
	i := 0
	for {
		if i < len(rec) && rec[i] == '"' {
			start := i
			i++
			from := len(scratch)
			for {
				j := bytes.IndexByte(rec[i:], '"')
				if j < 0 {
					return nil, scratch, fmt.Errorf("column %d, character %d: quoted field has no closing quote", len(fields)+1, column(rec, start))
				}
				scratch = append(scratch, rec[i:i+j]...)
				i += j + 1
				if i < len(rec) && rec[i] == '"' {
					scratch = append(scratch, '"')
					i++
					continue
				}
				break
			}
			fields = append(fields, scratch[from:len(scratch):len(scratch)])
			if i < len(rec) && rec[i] != ',' {
				return nil, scratch, fmt.Errorf("column %d, character %d: extraneous %q after a quoted field", len(fields), column(rec, i), rec[i])
			}
		} else {
			j := bytes.IndexByte(rec[i:], ',')
			end := len(rec)
			if j >= 0 {
				end = i + j
			}
			f := rec[i:end]
			if q := bytes.IndexByte(f, '"'); q >= 0 {
				return nil, scratch, fmt.Errorf("column %d, character %d: bare \" in a field without quotes", len(fields)+1, column(rec, i+q))
			}
			fields = append(fields, f)
			i = end
		}
		if i >= len(rec) {
			return fields, scratch, nil
		}
		i++ // the comma
	}
}
