package export

import (
	"io"
	"strconv"
	"strings"

	"course/internal/progress"
	"course/internal/safetext"
)

// CSV for spreadsheets. Exports and reports are opened in Excel, which runs
// a cell that starts with =, +, - or @ as a formula (and some versions treat
// a leading tab or line break the same way), so such a value from the
// records could run a command on the officer's computer. Every value that
// starts with one of those characters is written with a single quote in
// front, which a spreadsheet shows as text. Format characters (see
// safetext.Visible) are removed first, so that an invisible one cannot
// hide such a start, and so that names read as in every other output.
//
// The files start with a UTF-8 byte order mark so that Excel reads names
// with accents correctly, end each row with CRLF, and quote values as
// encoding/csv does. Reading a file back with encoding/csv (after the byte
// order mark) gives exactly CSVSafe of each value written.

// utf8BOM is the byte order mark written at the start of CSV files.
const utf8BOM = "\xEF\xBB\xBF"

// CSVSafe returns s as it is written to a CSV file: without format
// characters, with a single quote in front when it then starts with =, +,
// -, @, a tab, CR or LF, and with CRLF inside it turned into LF (as
// encoding/csv reads it anyway).
func CSVSafe(s string) string {
	s = safetext.Visible(s)
	if len(s) > 0 && formulaStart(s[0]) {
		s = "'" + s
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	return false
}

// csvQuoted marks the bytes that make a value need quotes.
var csvQuoted = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// appendCSVField appends one value, made safe and quoted as needed.
func appendCSVField[T ~string | ~[]byte](dst []byte, field T) []byte {
	field = safetext.Visible(field)
	if len(field) == 0 {
		return dst
	}
	prefix := formulaStart(field[0])
	quote := field[0] == ' '
	for i := 0; i < len(field) && !quote; i++ {
		quote = csvQuoted[field[i]]
	}
	if !quote {
		if prefix {
			dst = append(dst, '\'')
		}
		return append(dst, field...)
	}
	dst = append(dst, '"')
	if prefix {
		dst = append(dst, '\'')
	}
	for i := 0; i < len(field); i++ {
		switch c := field[i]; {
		case c == '"':
			dst = append(dst, '"', '"')
		case c == '\r' && i+1 < len(field) && field[i+1] == '\n':
			// Written as LF alone: encoding/csv would read CRLF back as LF.
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// CSVWriter writes spreadsheet-safe CSV: a byte order mark first, then rows
// of values made safe with the CSVSafe rules. Call Flush at the end.
type CSVWriter struct {
	w   io.Writer
	buf []byte
	err error
}

// NewCSVWriter returns a writer that has already written the byte order
// mark to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	c := &CSVWriter{w: w, buf: make([]byte, 0, 64<<10)}
	c.buf = append(c.buf, utf8BOM...)
	return c
}

// Write adds one row.
func (c *CSVWriter) Write(fields ...string) error {
	for i, f := range fields {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendCSVField(c.buf, f)
	}
	c.buf = append(c.buf, '\r', '\n')
	if len(c.buf) > 32<<10 {
		return c.Flush()
	}
	return c.err
}

// Flush writes out what is buffered and returns the first error met.
func (c *CSVWriter) Flush() error {
	if c.err == nil && len(c.buf) > 0 {
		_, c.err = c.w.Write(c.buf)
	}
	c.buf = c.buf[:0]
	return c.err
}

// csvExport writes CSV for spreadsheets (see CSVSafe).
type csvExport struct {
	sink  *sink
	names map[string]string
}

func (x *csvExport) begin() {
	b := append(x.sink.buf, utf8BOM...)
	for i, f := range Fields {
		if f == "name" && x.names == nil {
			continue
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f...)
	}
	x.sink.buf = append(b, '\r', '\n')
}

func (x *csvExport) event(e *progress.EventView, emit bool) int {
	if !emit {
		return 0
	}
	b := strconv.AppendUint(x.sink.buf, e.Seq, 10)
	b = append(b, ',')
	b = appendCSVField(b, e.TimeText)
	b = append(b, ',')
	b = appendCSVField(b, e.Member)
	if x.names != nil {
		b = append(b, ',')
		b = appendCSVField(b, x.names[string(e.Member)])
	}
	for _, f := range [...][]byte{e.Kind, e.Module, e.ModuleVersion, e.Attempt, e.Question} {
		b = append(b, ',')
		b = appendCSVField(b, f)
	}
	b = append(b, ',')
	if isAnswer(e) {
		for i, c := range e.Chosen {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(c)+1, 10)
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, e.Correct)
		b = append(b, ",,,"...)
	} else if isResult(e) {
		b = append(b, ',', ',')
		if e.Total > 0 {
			b = strconv.AppendInt(b, int64(e.Score), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(e.Total), 10)
		} else {
			b = append(b, ',')
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, resultPassed(e))
	} else {
		b = append(b, ",,,,"...)
	}
	b = append(b, ',')
	b = appendCSVField(b, e.AppVersion)
	b = append(b, ',')
	b = appendCSVField(b, e.Hash)
	x.sink.buf = append(b, '\r', '\n')
	x.sink.maybeFlush()
	return 1
}

func (x *csvExport) end() {}
