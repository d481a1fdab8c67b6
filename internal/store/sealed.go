package store

import (
	"encoding/binary"
	"iter"

	"course/internal/record"
)

// Sealed yields every event in log order, for a hand-in (internal/handin):
// its number and its stored bytes (see chain.Seal), read in place and
// valid only until the next is read.
func (r *LogReader) Sealed() iter.Seq2[uint64, []byte] {
	return func(yield func(uint64, []byte) bool) {
		c := r.tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || !yield(binary.BigEndian.Uint64(k), v) {
				return
			}
		}
	}
}

// ID is the id the records were given when the file was made, which their
// sidecar holds too.
func (r *LogReader) ID() string { return string(r.tx.Bucket(bucketMeta).Get(keyID)) }

// Course is Store.Course as this read sees it.
func (r *LogReader) Course() (record.CourseBinding, bool, error) { return courseIn(r.tx) }

// Member returns one member, or an error wrapping record.ErrNotFound.
func (r *LogReader) Member(number string) (record.Member, error) {
	return getMember(r.tx.Bucket(bucketMembers), number)
}
