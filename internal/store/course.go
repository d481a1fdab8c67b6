package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
)

// Course returns the course the records belong to; ok is false for a
// record file that no course has been taken with yet.
func (s *Store) Course() (b record.CourseBinding, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error { b, ok, err = courseIn(tx); return err })
	return b, ok, err
}

func courseIn(tx *bolt.Tx) (b record.CourseBinding, ok bool, err error) {
	v := tx.Bucket(bucketMeta).Get(keyCourse)
	if v == nil {
		return b, false, nil
	}
	if err := json.Unmarshal(v, &b); err != nil {
		return b, true, fmt.Errorf("the course the records belong to cannot be read: %w", err)
	}
	return b, true, nil
}

// BindCourse records the course the records belong to. Binding a file to
// another course than the one it has is refused: that is a decision for
// the caller (see Course), not something to do in passing. The same
// course again updates its title, guidance version and content folder.
func (s *Store) BindCourse(b record.CourseBinding) error {
	if b.ID == "" {
		return record.Invalid("course", "the course has no id")
	}
	v, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return s.write(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if old := meta.Get(keyCourse); old != nil {
			var was record.CourseBinding
			if err := json.Unmarshal(old, &was); err == nil && was.ID != b.ID {
				return fmt.Errorf("the records belong to the course %q, not %q", was.ID, b.ID)
			}
		}
		return meta.Put(keyCourse, v)
	})
}
