package record

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"
	"unicode/utf8"
)

// EventView is an event read in place, for reading the whole log quickly
// (see store.LogReader.Events). Its byte slices point into the record file's
// memory or the stored value: they are valid only until the next event is
// read, and only while the read lasts. Copy what must be kept.
type EventView struct {
	Seq      uint64
	Time     time.Time // In UTC.
	TimeText []byte    // RFC 3339 in UTC, as encoding/json writes it.

	Kind, Member, Module, ModuleVersion, Attempt, Question, QuestionVersion, Reason, Mode, Origin, HandIn, AppVersion, Hash []byte

	Chosen          []int // Authored option indices, from 0.
	Correct, Passed bool
	Score, Total    int
}

// Decode reads a stored event. Events are written by json.Marshal of Event,
// so their shape is known: decodeFast reads that shape in place, without
// allocating, and hands anything else (an escaped string, a field it does
// not know, a time in another form) to encoding/json. Whatever decodeFast
// accepts, it reads exactly as encoding/json would: FuzzEventViewDecode
// checks that.
func (e *EventView) Decode(v []byte) error {
	if e.decodeFast(v) {
		return nil
	}
	var full Event
	if err := json.Unmarshal(v, &full); err != nil {
		return err
	}
	*e = EventView{
		Seq: full.Seq, Time: full.Time.UTC(),
		TimeText: full.Time.UTC().AppendFormat(nil, time.RFC3339Nano),
		Kind:     []byte(full.Kind), Member: []byte(full.Member), Module: []byte(full.Module),
		ModuleVersion: []byte(full.ModuleVersion), Attempt: []byte(full.Attempt),
		Question: []byte(full.Question), QuestionVersion: []byte(full.QuestionVersion), Reason: []byte(full.Reason), Mode: []byte(full.Mode), Origin: []byte(full.Origin), HandIn: []byte(full.HandIn), Hash: []byte(full.Hash), AppVersion: []byte(full.AppVersion), Chosen: full.Chosen,
		Correct: full.Correct, Passed: full.Passed, Score: full.Score, Total: full.Total,
	}
	return nil
}

// eventKeys are the keys of a stored event, each with its quotes and
// colon, in the order json.Marshal writes Event's fields.
var eventKeys = [...]string{`"seq":`, `"time":`, `"kind":`, `"member":`, `"module":`, `"module_version":`,
	`"attempt":`, `"question":`, `"question_version":`, `"chosen":`, `"correct":`, `"score":`, `"total":`, `"passed":`, `"reason":`,
	`"fields":`, `"role":`, `"elected":`, `"details_digest":`, `"mode":`, `"origin":`, `"hand_in":`, `"app_version":`, `"prev":`, `"hash":`}

// The indices of eventKeys.
const (
	keySeq = iota
	keyTime
	keyKind
	keyMember
	keyModule
	keyModuleVersion
	keyAttempt
	keyQuestion
	keyQuestionVersion
	keyChosen
	keyCorrect
	keyScore
	keyTotal
	keyPassed
	keyReason
	keyFields
	keyRole
	keyElected
	keyDetailsDigest
	keyMode
	keyOrigin
	keyHandIn
	keyAppVersion
	keyPrev
	keyHash
)

// decodeFast reads an object of Event's keys, in the order json.Marshal
// writes them, with plain values: strings without escapes, small integers,
// booleans and an array of integers, and no white space. Keys are
// recognised by comparing the bytes at hand with the keys still to come,
// so a key in another order, or another spelling, or twice, or with an
// escape in it, is simply not recognised and sends the event to
// encoding/json.
func (e *EventView) decodeFast(v []byte) bool {
	*e = EventView{Chosen: e.Chosen[:0]}
	if len(v) < 2 || v[0] != '{' {
		return false
	}
	i, next, ok := 1, 0, false
	for {
		key := next
		for key < len(eventKeys) && !hasPrefixAt(v, i, eventKeys[key]) {
			key++
		}
		if key == len(eventKeys) {
			return false
		}
		i, next = i+len(eventKeys[key]), key+1
		switch key {
		case keySeq:
			unsigned := i < len(v) && v[i] != '-' // Not even -0, for a uint64.
			var n int
			n, i, ok = jsonInt(v, i)
			e.Seq, ok = uint64(n), ok && unsigned
		case keyTime:
			e.TimeText, i, ok = plainString(v, i)
			if ok {
				e.Time, ok = parseUTC(e.TimeText)
			}
		case keyKind:
			e.Kind, i, ok = plainString(v, i)
		case keyMember:
			e.Member, i, ok = plainString(v, i)
		case keyModule:
			e.Module, i, ok = plainString(v, i)
		case keyModuleVersion:
			e.ModuleVersion, i, ok = plainString(v, i)
		case keyAttempt:
			e.Attempt, i, ok = plainString(v, i)
		case keyQuestion:
			e.Question, i, ok = plainString(v, i)
		case keyQuestionVersion:
			e.QuestionVersion, i, ok = plainString(v, i)
		case keyChosen:
			i, ok = e.decodeChosen(v, i)
		case keyCorrect:
			e.Correct, i, ok = jsonBool(v, i)
		case keyScore:
			e.Score, i, ok = jsonInt(v, i)
		case keyTotal:
			e.Total, i, ok = jsonInt(v, i)
		case keyPassed:
			e.Passed, i, ok = jsonBool(v, i)
		case keyReason:
			e.Reason, i, ok = plainString(v, i)
		case keyRole, keyElected, keyDetailsDigest, keyPrev:
			_, i, ok = plainString(v, i)
		case keyMode:
			e.Mode, i, ok = plainString(v, i)
		case keyOrigin:
			e.Origin, i, ok = plainString(v, i)
		case keyHandIn:
			e.HandIn, i, ok = plainString(v, i)
		case keyAppVersion:
			e.AppVersion, i, ok = plainString(v, i)
		case keyHash:
			e.Hash, i, ok = plainString(v, i)
		default:
			return false // "fields": encoding/json reads it.
		}
		if !ok || i >= len(v) {
			return false
		}
		switch v[i] {
		case ',':
			i++
		case '}':
			return i == len(v)-1 && e.TimeText != nil
		default:
			return false
		}
	}
}

// hasPrefixAt says whether v[i:] starts with s.
func hasPrefixAt(v []byte, i int, s string) bool {
	return len(v)-i >= len(s) && string(v[i:i+len(s)]) == s
}

// plainString reads the JSON string at v[i] if it can be taken as it
// stands: valid UTF-8 without escapes or control characters.
func plainString(v []byte, i int) ([]byte, int, bool) {
	if i >= len(v) || v[i] != '"' {
		return nil, i, false
	}
	end := bytes.IndexByte(v[i+1:], '"')
	if end < 0 {
		return nil, i, false
	}
	s := v[i+1 : i+1+end]
	switch plain(s) {
	case notPlain:
		return nil, i, false
	case plainUTF8:
		if !utf8.Valid(s) {
			return nil, i, false
		}
	}
	return s, i + end + 2, true
}

// What plain finds in a string.
const (
	plainASCII = iota // Printable ASCII only.
	plainUTF8         // No backslash or control character, but bytes above ASCII.
	notPlain          // A backslash or a control character.
)

// The bytes of a word, for looking at eight bytes at once.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// plain says whether s holds a backslash or a control character, which
// JSON escapes, or bytes above ASCII. Eight bytes are looked at at a
// time: most strings in the log are hashes and ids of 20 to 64 bytes.
func plain(s []byte) int {
	found := plainASCII
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64(s[i:])
		backslash := w ^ (lowBits * '\\')
		// The high bit of a byte is set here if it is below 0x20, above
		// ASCII or a backslash (and a borrow may set it in bytes above such
		// a byte too): then the bytes are looked at one by one.
		if ((w-lowBits*0x20)|w|(backslash-lowBits)&^backslash)&highBits != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == '\\':
			return notPlain
		case c >= utf8.RuneSelf:
			found = plainUTF8
		}
	}
	return found
}

// jsonInt reads an integer of up to 18 digits at v[i].
func jsonInt(v []byte, i int) (int, int, bool) {
	neg := i < len(v) && v[i] == '-'
	if neg {
		i++
	}
	start, n := i, 0
	for ; i < len(v) && v[i] >= '0' && v[i] <= '9' && i-start < 18; i++ {
		n = n*10 + int(v[i]-'0')
	}
	switch {
	case i == start, i < len(v) && v[i] >= '0' && v[i] <= '9':
		return 0, i, false // No digits, or too many.
	case v[start] == '0' && i-start > 1:
		return 0, i, false // JSON has no leading zeros.
	}
	if neg {
		n = -n
	}
	return n, i, true
}

// jsonBool reads a boolean at v[i].
func jsonBool(v []byte, i int) (bool, int, bool) {
	switch {
	case len(v)-i >= 4 && string(v[i:i+4]) == "true":
		return true, i + 4, true
	case len(v)-i >= 5 && string(v[i:i+5]) == "false":
		return false, i + 5, true
	}
	return false, i, false
}

// decodeChosen reads an array of integers at v[i].
func (e *EventView) decodeChosen(v []byte, i int) (int, bool) {
	e.Chosen = e.Chosen[:0] // As encoding/json does, should the key come twice.
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
		e.Chosen = append(e.Chosen, n)
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

// parseUTC reads a time in the form encoding/json writes a time in UTC,
// "2006-01-02T15:04:05.999999999Z" (RFC 3339, no trailing zeros in the
// fraction), without allocating. It refuses any other form.
func parseUTC(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
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
	y, ok1 := num(b[0:4])
	mo, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	h, ok4 := num(b[11:13])
	mi, ok5 := num(b[14:16])
	s, ok6 := num(b[17:19])
	ns, ok7 := 0, true
	if frac := b[19 : len(b)-1]; len(frac) > 0 {
		ok7 = frac[0] == '.' && len(frac) >= 2 && len(frac) <= 10 && frac[len(frac)-1] != '0'
		if ok7 {
			ns, ok7 = num(frac[1:])
			for range 10 - len(frac) {
				ns *= 10
			}
		}
	}
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) ||
		h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC), true
}

// daysIn is the number of days in a month of a year.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// FirstHash is Event.FirstHash of the event read: its Origin if it was
// brought in from a hand-in file, else its Hash.
func (e *EventView) FirstHash() []byte {
	if len(e.Origin) > 0 {
		return e.Origin
	}
	return e.Hash
}
