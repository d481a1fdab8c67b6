package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
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
		e, err := chain.Unsummarise(number, seq, v, intern)
		if err != nil {
			return nil, fmt.Errorf("%w: the index entry for event %d cannot be read", ErrDamaged, seq)
		}
		events = append(events, e)
	}
	return events, nil
}
