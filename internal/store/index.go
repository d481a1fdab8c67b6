package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// memberSummaries returns a member's events from the member-events index
// (see chain.IndexKey), holding only the fields Derive reads.
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
	prefix := chain.IndexPrefix(number)
	for k, v := index.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = index.Next() {
		e, err := chain.IndexEntry(number, k, v, intern)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}
