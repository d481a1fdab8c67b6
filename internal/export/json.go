package export

import (
	"strconv"
	"unicode/utf8"

	"course/internal/record"
	"course/internal/safetext"
)

// jsonExport writes an array of records, one per line, with every field
// present (null where it does not apply).
type jsonExport struct {
	sink  *sink
	names map[string]string
	n     int
}

func (x *jsonExport) begin() { x.sink.buf = append(x.sink.buf, '[') }

func (x *jsonExport) event(e *record.EventView, emit bool) int {
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
