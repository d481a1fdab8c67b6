package progress

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"course/internal/safetext"
)

// Exports. An export is every attempt and completion in the log: modules
// read to the end, questions answered, quizzes and refreshers finished and
// modules completed. Opening a module and the member events (added,
// updated, erased) are left out: they are not learning records, and the
// member events are about people rather than training.
//
// Rows name members by number. Names are added only when asked for
// (ExportOptions.Names): an export is a copy that travels (by email, to a
// learning record store, into a spreadsheet on a shared drive), and a
// number alone says nothing about the person, so a copy that goes astray
// discloses little, and an erased member stays erased in it.
//
// Exports stream: the log is read once, in order, inside one read
// transaction, and rows are written as they are read, so memory use does
// not grow with the log. The fields an export needs are read straight from
// each event's stored JSON (see exportEvent.decode) rather than through
// encoding/json, which would cost several times as much as the rest of the
// export.

// ExportFormat names an export's file format.
type ExportFormat string

// The export formats.
const (
	ExportCSV  ExportFormat = "csv"  // Rows for a spreadsheet; see CSVSafe.
	ExportJSON ExportFormat = "json" // An array of records with ExportFields.
	ExportXAPI ExportFormat = "xapi" // An array of xAPI 1.0.3 statements.
)

// ExportFields are the fields of a CSV or JSON export record, in order.
// "name" is there only when ExportOptions.Names is set.
var ExportFields = []string{"seq", "time", "member", "name", "kind", "module", "module_version",
	"attempt", "question", "chosen", "correct", "score", "total", "passed", "app_version", "hash"}

// ExportOptions say what to export and how.
type ExportOptions struct {
	Format ExportFormat
	// Since keeps only events at or after this time; zero keeps all.
	Since time.Time
	// Names adds each member's name (empty once erased) to the records.
	Names bool
	// XAPI describes the course for xAPI statements; needed for ExportXAPI.
	XAPI XAPICourse
}

// ExportResult says what an export wrote and which record it was taken
// from.
type ExportResult struct {
	Records int    // Records (rows or statements) written.
	Events  int    // Events in the log when it was read.
	Head    string // Hash of the newest event: the chain head.
}

// exportedKind says whether events of a kind are exported.
func exportedKind(kind []byte) bool {
	switch Kind(kind) {
	case ModuleRead, QuestionAnswered, QuizFinished, ModuleCompleted, RefresherFinished:
		return true
	}
	return false
}

// Export writes every exported event since opts.Since to w in opts.Format,
// and reports how many records it wrote and the chain head of the log it
// read (one consistent snapshot). It stops with ctx's error if ctx is
// cancelled.
func (s *Store) Export(ctx context.Context, w io.Writer, opts ExportOptions) (ExportResult, error) {
	var res ExportResult
	err := s.ReadLog(func(log *LogReader) error {
		var err error
		if res.Head, res.Events, err = log.End(); err != nil {
			return err
		}
		var names map[string]string
		if opts.Names {
			if names, err = log.Names(); err != nil {
				return err
			}
		}
		sink := &exportSink{w: w, buf: make([]byte, 0, 128<<10)}
		var out exportWriter
		switch opts.Format {
		case ExportCSV:
			out = &csvExport{sink: sink, names: names}
		case ExportJSON:
			out = &jsonExport{sink: sink, names: names}
		case ExportXAPI:
			x, err := newXAPIExport(sink, opts.XAPI, names)
			if err != nil {
				return err
			}
			out = x
		default:
			return fmt.Errorf("%w: unknown export format %q (use csv, json or xapi)", ErrInvalid, opts.Format)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		out.begin()
		n := 0
		for e, err := range log.Events() {
			if err != nil {
				return err
			}
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if sink.err != nil {
					return sink.err
				}
			}
			if !exportedKind(e.Kind) {
				continue
			}
			res.Records += out.event(e, !e.Time.Before(opts.Since))
		}
		out.end()
		return sink.flush()
	})
	if err != nil {
		return ExportResult{}, fmt.Errorf("exporting: %w", err)
	}
	return res, nil
}

// exportWriter writes one format. event is called for every exported event
// in log order; emit is false for events before ExportOptions.Since, which
// a writer may still need to see (xAPI works out durations and course
// completion from earlier events). It returns the records it wrote.
type exportWriter interface {
	begin()
	event(e *EventView, emit bool) int
	end()
}

// exportSink collects output in a buffer and writes it out in large pieces.
type exportSink struct {
	w   io.Writer
	buf []byte
	err error
}

func (s *exportSink) maybeFlush() {
	if len(s.buf) >= 64<<10 {
		s.flush()
	}
}

func (s *exportSink) flush() error {
	if s.err == nil && len(s.buf) > 0 {
		_, s.err = s.w.Write(s.buf)
	}
	s.buf = s.buf[:0]
	return s.err
}

// isAnswer and isResult group the kinds by the fields they carry.
func isAnswer(e *EventView) bool { return Kind(e.Kind) == QuestionAnswered }

func isResult(e *EventView) bool {
	switch Kind(e.Kind) {
	case QuizFinished, ModuleCompleted, RefresherFinished:
		return true
	}
	return false
}

// resultPassed is whether a result event is a pass: a module-completed
// event always is (Derive counts it as one whatever it carries).
func resultPassed(e *EventView) bool { return e.Passed || Kind(e.Kind) == ModuleCompleted }

// csvExport writes CSV for spreadsheets (see CSVSafe).
type csvExport struct {
	sink  *exportSink
	names map[string]string
}

func (x *csvExport) begin() {
	b := append(x.sink.buf, utf8BOM...)
	for i, f := range ExportFields {
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

func (x *csvExport) event(e *EventView, emit bool) int {
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

// jsonExport writes an array of records, one per line, with every field
// present (null where it does not apply).
type jsonExport struct {
	sink  *exportSink
	names map[string]string
	n     int
}

func (x *jsonExport) begin() { x.sink.buf = append(x.sink.buf, '[') }

func (x *jsonExport) event(e *EventView, emit bool) int {
	if !emit {
		return 0
	}
	b := x.sink.buf
	if x.n > 0 {
		b = append(b, ',')
	}
	x.n++
	b = append(b, "\n{\"seq\":"...)
	b = strconv.AppendUint(b, e.Seq, 10)
	b = append(b, `,"time":`...)
	b = appendJSONString(b, e.TimeText)
	b = append(b, `,"member":`...)
	b = appendJSONString(b, e.Member)
	if x.names != nil {
		b = append(b, `,"name":`...)
		b = appendJSONString(b, x.names[string(e.Member)])
	}
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, e.Kind)
	b = append(b, `,"module":`...)
	b = appendJSONStringOrNull(b, e.Module)
	b = append(b, `,"module_version":`...)
	b = appendJSONStringOrNull(b, e.ModuleVersion)
	b = append(b, `,"attempt":`...)
	b = appendJSONStringOrNull(b, e.Attempt)
	b = append(b, `,"question":`...)
	b = appendJSONStringOrNull(b, e.Question)
	if isAnswer(e) {
		b = append(b, `,"chosen":[`...)
		for i, c := range e.Chosen {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(c)+1, 10)
		}
		b = append(b, `],"correct":`...)
		b = strconv.AppendBool(b, e.Correct)
	} else {
		b = append(b, `,"chosen":null,"correct":null`...)
	}
	if isResult(e) && e.Total > 0 {
		b = append(b, `,"score":`...)
		b = strconv.AppendInt(b, int64(e.Score), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(e.Total), 10)
	} else {
		b = append(b, `,"score":null,"total":null`...)
	}
	if isResult(e) {
		b = append(b, `,"passed":`...)
		b = strconv.AppendBool(b, resultPassed(e))
	} else {
		b = append(b, `,"passed":null`...)
	}
	b = append(b, `,"app_version":`...)
	b = appendJSONStringOrNull(b, e.AppVersion)
	b = append(b, `,"hash":`...)
	b = appendJSONString(b, e.Hash)
	x.sink.buf = append(b, '}')
	x.sink.maybeFlush()
	return 1
}

func (x *jsonExport) end() {
	if x.n > 0 {
		x.sink.buf = append(x.sink.buf, '\n')
	}
	x.sink.buf = append(x.sink.buf, "]\n"...)
}

func appendJSONStringOrNull(dst, s []byte) []byte {
	if len(s) == 0 {
		return append(dst, "null"...)
	}
	return appendJSONString(dst, s)
}

// appendJSONString appends s without format characters (see
// safetext.Visible) as a JSON string, escaping what encoding/json escapes
// (quotes, backslashes, control characters, <, >, &, U+2028 and U+2029)
// and replacing invalid UTF-8 with U+FFFD.
func appendJSONString[T ~string | ~[]byte](dst []byte, s T) []byte {
	s = safetext.Visible(s)
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			switch r {
			case utf8.RuneError:
				dst = append(dst, `\ufffd`...)
			default:
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
