package store

import (
	"course/internal/record"

	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The member-events index maps number + 0x00 + seq to a summary of the
// event: the fields Derive reads, in a compact binary form. Reading one
// member's progress is then one short cursor scan, with no JSON to decode
// and no jumping around the log; decoding every event costs ten times more.
// The index is derived data: migration 2 builds it from the log, and VerifyHead
// checks it against the log.

// indexKey is the member-events key: the number, a zero byte (so that no
// number is a prefix of another's keys) and the sequence number.
func indexKey(member string, seq uint64) []byte {
	k := append([]byte(member), 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

// summary encodes the fields of e that Derive reads.
func summary(e record.Event) []byte {
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

// unsummarise is the inverse of summary. Strings are shared through intern:
// one member's events name the same few modules over and over.
func unsummarise(member string, seq uint64, b []byte, intern map[string]string) (record.Event, error) {
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

// memberSummaries returns a member's events from the index, holding only
// the fields Derive reads.
func memberSummaries(tx *bolt.Tx, number string) ([]record.Event, error) {
	if tx.Bucket(bucketMembers).Get([]byte(number)) == nil {
		return nil, fmt.Errorf("member %s %w", number, record.ErrNotFound)
	}
	// Most members have a few hundred events at most.
	return readSummaries(tx.Bucket(bucketMemberEvents).Cursor(), number, make([]record.Event, 0, 256), make(map[string]string))
}

// readSummaries appends a member's event summaries from the member-events
// index to events, as memberSummaries does, but into a buffer the caller
// reuses.
func readSummaries(index *bolt.Cursor, number string, events []record.Event, intern map[string]string) ([]record.Event, error) {
	prefix := append([]byte(number), 0)
	for k, v := index.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = index.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("%w: the index key %x is malformed", ErrDamaged, k)
		}
		seq := binary.BigEndian.Uint64(k[len(prefix):])
		e, err := unsummarise(number, seq, v, intern)
		if err != nil {
			return nil, fmt.Errorf("%w: the index entry for event %d cannot be read", ErrDamaged, seq)
		}
		events = append(events, e)
	}
	return events, nil
}
