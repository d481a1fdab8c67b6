package store

import (
	"bytes"
	"fmt"
	"iter"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// Append runs decide with the member's history and appends the events it
// returns, in one write transaction: what a course rule decides from the
// history (see internal/progress) is stored before anyone else can write.
// It returns the events as stored; an error from decide stores nothing and
// is returned as it is. An erased member takes no events: an error
// wrapping record.ErrAlreadyErased.
func (s *Store) Append(member string, decide func(record.History) ([]record.Event, error)) ([]record.Event, error) {
	var stored []record.Event
	err := s.write(func(tx *bolt.Tx) error {
		m, err := getMember(tx.Bucket(bucketMembers), member)
		if err != nil {
			return err
		}
		if m.Erased {
			// A member who has left takes no more part: an open course
			// window of theirs saves nothing after the erasure.
			return fmt.Errorf("member %s %w", member, record.ErrAlreadyErased)
		}
		events, err := decide(&history{tx: tx, member: member})
		if err != nil {
			return err
		}
		stored, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// history is a member's events as a read-write transaction sees them,
// read through the member-events index.
type history struct {
	tx     *bolt.Tx
	member string
}

func (h *history) Summaries() ([]record.Event, error) { return memberSummaries(h.tx, h.member) }

// Newest walks the index backwards from the member's last key, decoding
// only summaries: most rules stop after an event or two.
func (h *history) Newest() iter.Seq2[record.Event, error] {
	return func(yield func(record.Event, error) bool) {
		prefix := chain.IndexPrefix(h.member)
		c := h.tx.Bucket(bucketMemberEvents).Cursor()
		k, v := c.Seek(chain.IndexKey(h.member, ^uint64(0)))
		if k == nil {
			k, v = c.Last()
		}
		if k != nil && !bytes.HasPrefix(k, prefix) {
			k, v = c.Prev()
		}
		intern := map[string]string{}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			e, err := chain.IndexEntry(h.member, k, v, intern)
			if !yield(e, err) || err != nil {
				return
			}
		}
	}
}

func (h *history) Event(seq uint64) (record.Event, error) {
	e, err := eventAt(h.tx.Bucket(bucketEvents), seq)
	if err == nil && e.Member != h.member {
		err = fmt.Errorf("%w: event %d is not member %s's", ErrDamaged, seq, h.member)
	}
	if err != nil {
		return record.Event{}, err
	}
	return e, nil
}

// Summaries returns a member's events from the member-events index, oldest
// first, holding only the fields Derive reads (see record.History): enough
// to derive their progress without decoding the log.
func (s *Store) Summaries(member string) ([]record.Event, error) {
	var events []record.Event
	err := s.view(func(tx *bolt.Tx) (err error) {
		events, err = memberSummaries(tx, member)
		return err
	})
	return events, err
}
