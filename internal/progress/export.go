package progress

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

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
	err := s.db.View(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketEvents)
		seq, head, err := lastEvent(log)
		if err != nil {
			return err
		}
		res.Events, res.Head = int(seq), head
		var names map[string]string
		if opts.Names {
			if names, err = memberNames(tx); err != nil {
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
		var e exportEvent
		c := log.Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if sink.err != nil {
					return sink.err
				}
			}
			if err := e.decode(v); err != nil {
				return fmt.Errorf("event %x cannot be read: %w", k, err)
			}
			if !exportedKind(e.kind) {
				continue
			}
			res.Records += out.event(&e, !e.time.Before(opts.Since))
		}
		out.end()
		return sink.flush()
	})
	if err != nil {
		return ExportResult{}, fmt.Errorf("exporting: %w", err)
	}
	return res, nil
}

// memberNames maps member numbers to names, with none for erased members.
func memberNames(tx *bolt.Tx) (map[string]string, error) {
	names := make(map[string]string)
	err := tx.Bucket(bucketMembers).ForEach(func(k, v []byte) error {
		var rec memberRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("member %s cannot be read: %w", k, err)
		}
		if !rec.Erased {
			names[string(k)] = rec.Name
		}
		return nil
	})
	return names, err
}

// exportWriter writes one format. event is called for every exported event
// in log order; emit is false for events before ExportOptions.Since, which
// a writer may still need to see (xAPI works out durations and course
// completion from earlier events). It returns the records it wrote.
type exportWriter interface {
	begin()
	event(e *exportEvent, emit bool) int
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

// exportEvent is an event as exports read it. Its byte slices point into
// the record file's memory or the event's value, and are valid only while
// the read transaction is open and until the next decode.
type exportEvent struct {
	seq                                                    uint64
	time                                                   time.Time
	timeText                                               []byte // As stored: RFC 3339 in UTC.
	kind, member, module, moduleVersion, attempt, question []byte
	hash, appVersion                                       []byte
	chosen                                                 []int // Authored option indices, from 0.
	correct, passed                                        bool
	score, total                                           int
}

// isAnswer and isResult group the kinds by the fields they carry.
func (e *exportEvent) isAnswer() bool { return Kind(e.kind) == QuestionAnswered }

func (e *exportEvent) isResult() bool {
	switch Kind(e.kind) {
	case QuizFinished, ModuleCompleted, RefresherFinished:
		return true
	}
	return false
}

// resultPassed is whether a result event is a pass: a module-completed
// event always is (Derive counts it as one whatever it carries).
func (e *exportEvent) resultPassed() bool { return e.passed || Kind(e.kind) == ModuleCompleted }

// decode reads a stored event. Events are written by json.Marshal of Event,
// so their shape is known: decodeFast reads that shape without allocating,
// and anything it does not expect (an escaped string, an unknown field) is
// handed to encoding/json instead.
func (e *exportEvent) decode(v []byte) error {
	if e.decodeFast(v) {
		return nil
	}
	var full Event
	if err := json.Unmarshal(v, &full); err != nil {
		return err
	}
	*e = exportEvent{
		seq: full.Seq, time: full.Time.UTC(),
		timeText: full.Time.UTC().AppendFormat(nil, time.RFC3339Nano),
		kind:     []byte(full.Kind), member: []byte(full.Member), module: []byte(full.Module),
		moduleVersion: []byte(full.ModuleVersion), attempt: []byte(full.Attempt),
		question: []byte(full.Question), hash: []byte(full.Hash), appVersion: []byte(full.AppVersion), chosen: full.Chosen,
		correct: full.Correct, passed: full.Passed, score: full.Score, total: full.Total,
	}
	return nil
}

func (e *exportEvent) decodeFast(v []byte) bool {
	*e = exportEvent{chosen: e.chosen[:0]}
	if len(v) < 2 || v[0] != '{' {
		return false
	}
	i, ok := 1, false
	for {
		var key []byte
		if key, i, ok = jsonPlainString(v, i); !ok || i >= len(v) || v[i] != ':' {
			return false
		}
		i++
		switch string(key) {
		case "seq":
			var n int
			n, i, ok = jsonInt(v, i)
			e.seq = uint64(n)
			ok = ok && n >= 0
		case "time":
			e.timeText, i, ok = jsonPlainString(v, i)
			if ok {
				e.time, ok = parseUTC(e.timeText)
			}
		case "kind":
			e.kind, i, ok = jsonPlainString(v, i)
		case "member":
			e.member, i, ok = jsonPlainString(v, i)
		case "module":
			e.module, i, ok = jsonPlainString(v, i)
		case "module_version":
			e.moduleVersion, i, ok = jsonPlainString(v, i)
		case "attempt":
			e.attempt, i, ok = jsonPlainString(v, i)
		case "question":
			e.question, i, ok = jsonPlainString(v, i)
		case "hash":
			e.hash, i, ok = jsonPlainString(v, i)
		case "app_version":
			e.appVersion, i, ok = jsonPlainString(v, i)
		case "reason", "role", "elected", "prev":
			_, i, ok = jsonPlainString(v, i)
		case "chosen":
			i, ok = e.decodeChosen(v, i)
		case "correct":
			e.correct, i, ok = jsonTrue(v, i)
		case "passed":
			e.passed, i, ok = jsonTrue(v, i)
		case "score":
			e.score, i, ok = jsonInt(v, i)
		case "total":
			e.total, i, ok = jsonInt(v, i)
		default:
			return false // "fields", or something newer: encoding/json knows.
		}
		if !ok || i >= len(v) {
			return false
		}
		switch v[i] {
		case ',':
			i++
		case '}':
			return i == len(v)-1 && e.timeText != nil
		default:
			return false
		}
	}
}

// jsonPlainString reads a string at v[i] that has no escapes in it.
func jsonPlainString(v []byte, i int) ([]byte, int, bool) {
	if i >= len(v) || v[i] != '"' {
		return nil, i, false
	}
	end := bytes.IndexByte(v[i+1:], '"')
	if end < 0 {
		return nil, i, false
	}
	s := v[i+1 : i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, i, false
	}
	return s, i + end + 2, true
}

// jsonInt reads a small integer at v[i].
func jsonInt(v []byte, i int) (int, int, bool) {
	neg := i < len(v) && v[i] == '-'
	if neg {
		i++
	}
	start, n := i, 0
	for ; i < len(v) && v[i] >= '0' && v[i] <= '9' && i-start < 18; i++ {
		n = n*10 + int(v[i]-'0')
	}
	if i == start || (i < len(v) && v[i] >= '0' && v[i] <= '9') {
		return 0, i, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// jsonTrue reads a boolean at v[i].
func jsonTrue(v []byte, i int) (bool, int, bool) {
	switch {
	case bytes.HasPrefix(v[i:], []byte("true")):
		return true, i + 4, true
	case bytes.HasPrefix(v[i:], []byte("false")):
		return false, i + 5, true
	}
	return false, i, false
}

// decodeChosen reads an array of integers at v[i].
func (e *exportEvent) decodeChosen(v []byte, i int) (int, bool) {
	if i >= len(v) || v[i] != '[' {
		return i, false
	}
	i++
	if i < len(v) && v[i] == ']' {
		return i + 1, true
	}
	for {
		n, next, ok := jsonInt(v, i)
		if !ok || next >= len(v) {
			return i, false
		}
		e.chosen = append(e.chosen, n)
		i = next
		switch v[i] {
		case ',':
			i++
		case ']':
			return i + 1, true
		default:
			return i, false
		}
	}
}

// parseUTC reads a time as Record stores it, "2006-01-02T15:04:05.999999999Z",
// without allocating; other forms go to time.Parse.
func parseUTC(b []byte) (time.Time, bool) {
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if len(b) >= 20 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':' && b[len(b)-1] == 'Z' {
		y, ok1 := num(b[0:4])
		mo, ok2 := num(b[5:7])
		d, ok3 := num(b[8:10])
		h, ok4 := num(b[11:13])
		mi, ok5 := num(b[14:16])
		s, ok6 := num(b[17:19])
		ns, ok7 := 0, true
		if frac := b[19 : len(b)-1]; len(frac) > 0 {
			ok7 = frac[0] == '.' && len(frac) >= 2 && len(frac) <= 10
			if ok7 {
				ns, ok7 = num(frac[1:])
				for range 10 - len(frac) {
					ns *= 10
				}
			}
		}
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC), true
		}
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	return t.UTC(), err == nil
}

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

func (x *csvExport) event(e *exportEvent, emit bool) int {
	if !emit {
		return 0
	}
	b := strconv.AppendUint(x.sink.buf, e.seq, 10)
	b = append(b, ',')
	b = appendCSVField(b, e.timeText)
	b = append(b, ',')
	b = appendCSVField(b, e.member)
	if x.names != nil {
		b = append(b, ',')
		b = appendCSVField(b, x.names[string(e.member)])
	}
	for _, f := range [...][]byte{e.kind, e.module, e.moduleVersion, e.attempt, e.question} {
		b = append(b, ',')
		b = appendCSVField(b, f)
	}
	b = append(b, ',')
	if e.isAnswer() {
		for i, c := range e.chosen {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(c)+1, 10)
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, e.correct)
		b = append(b, ",,,"...)
	} else if e.isResult() {
		b = append(b, ',', ',')
		if e.total > 0 {
			b = strconv.AppendInt(b, int64(e.score), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(e.total), 10)
		} else {
			b = append(b, ',')
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, e.resultPassed())
	} else {
		b = append(b, ",,,,"...)
	}
	b = append(b, ',')
	b = appendCSVField(b, e.appVersion)
	b = append(b, ',')
	b = appendCSVField(b, e.hash)
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

func (x *jsonExport) event(e *exportEvent, emit bool) int {
	if !emit {
		return 0
	}
	b := x.sink.buf
	if x.n > 0 {
		b = append(b, ',')
	}
	x.n++
	b = append(b, "\n{\"seq\":"...)
	b = strconv.AppendUint(b, e.seq, 10)
	b = append(b, `,"time":`...)
	b = appendJSONString(b, e.timeText)
	b = append(b, `,"member":`...)
	b = appendJSONString(b, e.member)
	if x.names != nil {
		b = append(b, `,"name":`...)
		b = appendJSONString(b, x.names[string(e.member)])
	}
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, e.kind)
	b = append(b, `,"module":`...)
	b = appendJSONStringOrNull(b, e.module)
	b = append(b, `,"module_version":`...)
	b = appendJSONStringOrNull(b, e.moduleVersion)
	b = append(b, `,"attempt":`...)
	b = appendJSONStringOrNull(b, e.attempt)
	b = append(b, `,"question":`...)
	b = appendJSONStringOrNull(b, e.question)
	if e.isAnswer() {
		b = append(b, `,"chosen":[`...)
		for i, c := range e.chosen {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(c)+1, 10)
		}
		b = append(b, `],"correct":`...)
		b = strconv.AppendBool(b, e.correct)
	} else {
		b = append(b, `,"chosen":null,"correct":null`...)
	}
	if e.isResult() && e.total > 0 {
		b = append(b, `,"score":`...)
		b = strconv.AppendInt(b, int64(e.score), 10)
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(e.total), 10)
	} else {
		b = append(b, `,"score":null,"total":null`...)
	}
	if e.isResult() {
		b = append(b, `,"passed":`...)
		b = strconv.AppendBool(b, e.resultPassed())
	} else {
		b = append(b, `,"passed":null`...)
	}
	b = append(b, `,"app_version":`...)
	b = appendJSONStringOrNull(b, e.appVersion)
	b = append(b, `,"hash":`...)
	b = appendJSONString(b, e.hash)
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
