package chain

import (
	"encoding/binary"
	"errors"
	"time"

	"course/internal/record"
)

// Summary encodes the fields of e that progress.Derive reads, as the member index
// holds them for each event: Check compares them with the log.
func Summary(e record.Event) []byte {
	b := binary.AppendVarint(nil, e.Time.UnixNano())
	for _, s := range []string{string(e.Kind), e.Module, e.ModuleVersion} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, int64(e.Score))
	b = binary.AppendVarint(b, int64(e.Total))
	if e.Passed {
		return append(b, 1)
	}
	return append(b, 0)
}

var errBadSummary = errors.New("unreadable index entry")

// Unsummarise is the inverse of Summary: the event seq of member as its
// summary holds it. Strings are shared through intern:
// one member's events name the same few modules over and over.
func Unsummarise(member string, seq uint64, b []byte, intern map[string]string) (record.Event, error) {
	e := record.Event{Seq: seq, Member: member}
	nanos, n := binary.Varint(b)
	if n <= 0 {
		return e, errBadSummary
	}
	b = b[n:]
	e.Time = time.Unix(0, nanos).UTC()
	var fields [3]string
	for i := range fields {
		size, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < size {
			return e, errBadSummary
		}
		field := b[n : n+int(size)]
		s, ok := intern[string(field)]
		if !ok {
			s = string(field)
			intern[s] = s
		}
		fields[i], b = s, b[n+int(size):]
	}
	e.Kind, e.Module, e.ModuleVersion = record.Kind(fields[0]), fields[1], fields[2]
	score, n := binary.Varint(b)
	if n <= 0 {
		return e, errBadSummary
	}
	total, m := binary.Varint(b[n:])
	if m <= 0 || len(b) != n+m+1 {
		return e, errBadSummary
	}
	e.Score, e.Total, e.Passed = int(score), int(total), b[n+m] == 1
	return e, nil
}
