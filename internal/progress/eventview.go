package progress

import (
	"bytes"
	"encoding/json"
	"time"
)

// EventView is an event read in place, for reading the whole log quickly
// (see LogReader.Events). Its byte slices point into the record file's
// memory or the stored value: they are valid only until the next event is
// read, and only while the read lasts. Copy what must be kept.
type EventView struct {
	Seq      uint64
	Time     time.Time // In UTC.
	TimeText []byte    // As stored: RFC 3339 in UTC.

	Kind, Member, Module, ModuleVersion, Attempt, Question, AppVersion, Hash []byte

	Chosen          []int // Authored option indices, from 0.
	Correct, Passed bool
	Score, Total    int
}

// decode reads a stored event. Events are written by json.Marshal of Event,
// so their shape is known: decodeFast reads that shape without allocating,
// and anything it does not expect (an escaped string, an unknown field) is
// handed to encoding/json instead.
func (e *EventView) decode(v []byte) error {
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
		Question: []byte(full.Question), Hash: []byte(full.Hash), AppVersion: []byte(full.AppVersion), Chosen: full.Chosen,
		Correct: full.Correct, Passed: full.Passed, Score: full.Score, Total: full.Total,
	}
	return nil
}

func (e *EventView) decodeFast(v []byte) bool {
	*e = EventView{Chosen: e.Chosen[:0]}
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
			e.Seq = uint64(n)
			ok = ok && n >= 0
		case "time":
			e.TimeText, i, ok = jsonPlainString(v, i)
			if ok {
				e.Time, ok = parseUTC(e.TimeText)
			}
		case "kind":
			e.Kind, i, ok = jsonPlainString(v, i)
		case "member":
			e.Member, i, ok = jsonPlainString(v, i)
		case "module":
			e.Module, i, ok = jsonPlainString(v, i)
		case "module_version":
			e.ModuleVersion, i, ok = jsonPlainString(v, i)
		case "attempt":
			e.Attempt, i, ok = jsonPlainString(v, i)
		case "question":
			e.Question, i, ok = jsonPlainString(v, i)
		case "hash":
			e.Hash, i, ok = jsonPlainString(v, i)
		case "app_version":
			e.AppVersion, i, ok = jsonPlainString(v, i)
		case "reason", "role", "elected", "prev":
			_, i, ok = jsonPlainString(v, i)
		case "chosen":
			i, ok = e.decodeChosen(v, i)
		case "correct":
			e.Correct, i, ok = jsonTrue(v, i)
		case "passed":
			e.Passed, i, ok = jsonTrue(v, i)
		case "score":
			e.Score, i, ok = jsonInt(v, i)
		case "total":
			e.Total, i, ok = jsonInt(v, i)
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
			return i == len(v)-1 && e.TimeText != nil
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
func (e *EventView) decodeChosen(v []byte, i int) (int, bool) {
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
