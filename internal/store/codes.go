package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// LiveCode is when a member's live enrolment code was issued and when it
// expires.
type LiveCode struct{ Issued, Expires time.Time }

// LiveCodes returns each member's live enrolment code: one issued and not
// used, replaced or expired. Members with none are absent.
func (s *Store) LiveCodes() (map[string]LiveCode, error) {
	live := map[string]LiveCode{}
	now := s.now().UTC()
	err := s.view(func(tx *bolt.Tx) error {
		invites := tx.Bucket(bucketInvites)
		if invites == nil {
			return nil
		}
		return invites.ForEach(func(_, v []byte) error {
			rec, err := decodeInvite(v)
			if err != nil {
				return err
			}
			if rec.Live(now) && rec.Expires.After(live[rec.Member].Expires) {
				live[rec.Member] = LiveCode{Issued: rec.Issued, Expires: rec.Expires}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return live, nil
}
