package chain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"course/internal/record"
)

// The member-events index maps number + 0x00 + seq to a summary of the
// event: the fields Derive reads, in a compact binary form. Reading one
// member's progress is then one short cursor scan, with no JSON to decode
// and no jumping around the log; decoding every event costs ten times more.
// The index is derived data: the store builds it from the log, and Check
// compares it with the log.

// IndexPrefix begins every member-events key of member: the number and a
// zero byte, so that no number is a prefix of another's keys.
func IndexPrefix(member string) []byte { return append([]byte(member), 0) }

// IndexKey is the member-events key of event seq of member: IndexPrefix
// and the sequence number.
func IndexKey(member string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(IndexPrefix(member), seq)
}

// IndexEntry reads the member-events entry of member with key k (which
// begins with IndexPrefix(member)) and summary v, as Unsummarise does. A
// malformed key or summary is ErrDamaged.
func IndexEntry(member string, k, v []byte, intern map[string]string) (record.Event, error) {
	n := len(member) + 1
	if len(k) != n+8 {
		return record.Event{}, fmt.Errorf("%w: the index key %x is malformed", ErrDamaged, k)
	}
	seq := binary.BigEndian.Uint64(k[n:])
	e, err := Unsummarise(member, seq, v, intern)
	if err != nil {
		return record.Event{}, fmt.Errorf("%w: the index entry for event %d cannot be read", ErrDamaged, seq)
	}
	return e, nil
}

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
