package export

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"course/internal/record"
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
// order mark) gives exactly csvSafe of each value written. The writer is
// our own, not encoding/csv's, for two reasons: with CRLF line ends
// encoding/csv also writes a line break inside a value as CRLF and drops a
// CR, so it cannot give that guarantee; and it would need every value as
// a string, made safe first, where ours writes the bytes the log holds
// with no copy. FuzzCSVWriter checks it against encoding/csv.

// utf8BOM is the byte order mark written at the start of CSV files.
const utf8BOM = "\xEF\xBB\xBF"

// csvSafe returns s as it is written to a CSV file: without format
// characters, with a single quote in front when it then starts with =, +,
// -, @, a tab, CR or LF, and with CRLF inside it turned into LF (as
// encoding/csv reads it anyway).
func csvSafe(s string) string {
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

// appendCSVField appends one value, made safe and quoted as encoding/csv
// quotes it.
func appendCSVField[T ~string | ~[]byte](dst []byte, field T) []byte {
	special, ascii := csvScan(field)
	if !ascii { // No format character is ASCII.
		field = safetext.Visible(field)
		special, _ = csvScan(field)
	}
	if len(field) == 0 {
		return dst
	}
	prefix := formulaStart(field[0])
	// What is written starts with the quote mark when it is prefixed, so
	// only a value without one can start with a space, or be \. (which
	// encoding/csv quotes for PostgreSQL's sake).
	quote := special || !prefix && (startsWithSpace(field) || string(field) == `\.`)
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
// of values made safe as csvSafe says. Call Flush at the end.
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

// csvExport writes CSV for spreadsheets (see csvSafe).
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

func (x *csvExport) event(e *record.EventView, emit bool) int {
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

// csvScan says whether s holds a comma, a quote, CR or LF, which make a
// value need quotes, and whether it is all ASCII. Eight bytes are looked
// at at a time: exports write millions of short ASCII values.
func csvScan[T ~string | ~[]byte](s T) (special, ascii bool) {
	const low, high = 0x0101010101010101, 0x8080808080808080
	var seen, found uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		comma, quote, cr, lf := w^(low*','), w^(low*'"'), w^(low*'\r'), w^(low*'\n')
		// The high bit of a byte is set here if it is one of the four (and
		// a borrow may set it above such a byte too, which changes nothing).
		found |= (comma-low)&^comma | (quote-low)&^quote | (cr-low)&^cr | (lf-low)&^lf
		seen |= w
	}
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case ',', '"', '\r', '\n':
			found |= high
		default:
			seen |= uint64(c)
		}
	}
	return found&high != 0, seen&high == 0
}

// startsWithSpace says whether s starts with white space, as
// unicode.IsSpace has it.
func startsWithSpace[T ~string | ~[]byte](s T) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r'
	}
	r, _ := utf8.DecodeRuneInString(string(s[:min(len(s), utf8.UTFMax)]))
	return unicode.IsSpace(r)
}
