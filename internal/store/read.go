package store

import (
	"iter"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
)

// Reading the whole log. Exports read every event once, in order, and must
// say which records they were taken from; ReadLog gives them the log, its
// end and the members' names from one read transaction, so that all three
// agree, and hands out events read in place, so that memory use does not
// grow with the log.

// LogReader reads the records as one read transaction sees them. It is
// valid only inside the function given to ReadLog.
type LogReader struct {
	tx *bolt.Tx
}

// ReadLog calls fn with a reader of the records as they are at one moment.
// fn runs inside a read transaction, so it must not call the Store's
// writing methods.
func (s *Store) ReadLog(fn func(*LogReader) error) error {
	return s.view(func(tx *bolt.Tx) error { return fn(&LogReader{tx: tx}) })
}

// End returns the newest event's hash (the chain head) and the number of
// events.
func (r *LogReader) End() (head string, events int, err error) {
	seq, head, err := lastEvent(r.tx.Bucket(bucketEvents))
	return head, int(seq), err
}

// Names maps member numbers to names, with none for erased members.
func (r *LogReader) Names() (map[string]string, error) {
	names := make(map[string]string)
	err := r.tx.Bucket(bucketMembers).ForEach(func(k, v []byte) error {
		m, err := decodeMember(k, v)
		if err != nil {
			return err
		}
		if !m.Erased {
			names[m.Number] = m.Name
		}
		return nil
	})
	return names, err
}

// Events yields every event in log order. The view is the same value each
// time, read afresh: see EventView for how long its contents last. An
// event that cannot be read ends the sequence with an error.
func (r *LogReader) Events() iter.Seq2[*record.EventView, error] {
	return r.EventsAfter(0)
}

// EachMember calls fn with every member, erased ones included, in number
// order, and the summaries of their events from the member index, oldest
// first: Events that hold only the fields Derive reads. One member's
// summaries are read at a time, into one buffer, so memory stays small
// however long the log: fn must not keep the slice. fn runs inside a read
// transaction, so it must not call the Store's writing methods.
func (s *Store) EachMember(fn func(m record.Member, summaries []record.Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		index := tx.Bucket(bucketMemberEvents).Cursor()
		// One buffer and one set of shared strings serve every member.
		var events []record.Event
		intern := make(map[string]string)
		return tx.Bucket(bucketMembers).ForEach(func(k, v []byte) error {
			m, err := decodeMember(k, v)
			if err != nil {
				return err
			}
			if events, err = readSummaries(index, m.Number, events[:0], intern); err != nil {
				return err
			}
			return fn(m, events)
		})
	})
}
