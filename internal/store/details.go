package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// checkDetails checks members' stored details against the digests the log
// holds (see chain.CheckDetails): every member's, or only number's.
func checkDetails(tx *bolt.Tx, number string) (chain.Report, []string) {
	var prefix []byte
	if number != "" {
		prefix = chain.IndexPrefix(number)
	}
	index := func(yield func(k, v []byte) bool) {
		c := tx.Bucket(bucketMemberEvents).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && yield(k, v); k, v = c.Next() {
		}
	}
	members := func(yield func(k, v []byte) bool) {
		c := tx.Bucket(bucketMembers).Cursor()
		for k, v := c.Seek([]byte(number)); k != nil && (number == "" || string(k) == number) && yield(k, v); k, v = c.Next() {
		}
	}
	log := tx.Bucket(bucketEvents)
	return chain.CheckDetails(members, index, func(seq uint64) (string, error) {
		e, err := eventAt(log, seq)
		return e.DetailsDigest, err
	})
}

// MemberIntact checks one member's stored details as VerifyHead checks
// every member's: details that fail are a *TamperedError naming the
// member. sealed is false for details stored before details were sealed,
// which no digest vouches for.
func (s *Store) MemberIntact(number string) (sealed bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		if _, err := getMember(tx.Bucket(bucketMembers), number); err != nil {
			return err
		}
		r, unsealed := checkDetails(tx, number)
		if !r.OK {
			return &TamperedError{Path: s.path, Report: r}
		}
		sealed = len(unsealed) == 0
		return nil
	})
	return sealed, err
}

// sealMembers (migration 4) seals the details of the members stored before
// details were sealed: each gets a salt in their stored value and a
// member-sealed event with its digest. Events already in the log stay as
// they are, and members already sealed are left alone.
func (s *Store) sealMembers(tx *bolt.Tx) error {
	_, unsealed := checkDetails(tx, "")
	members := tx.Bucket(bucketMembers)
	events := make([]record.Event, 0, len(unsealed))
	for _, number := range unsealed {
		m, err := getMember(members, number)
		if err != nil {
			return err
		}
		digest, err := putMember(members, m)
		if err != nil {
			return err
		}
		events = append(events, record.Event{Kind: record.MemberSealed, Member: number, DetailsDigest: digest})
	}
	_, err := s.appendEvents(tx, events)
	return err
}
