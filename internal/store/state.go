package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
)

// The state bucket holds screen conveniences. It is not part of the record:
// it is not hash-chained and its values are simply overwritten.
var keyLastMember = []byte("last-member")

func accessibleKey(member string) []byte {
	return []byte("accessible\x00" + member)
}

func placeKey(member, module string) []byte {
	return []byte("place\x00" + member + "\x00" + module)
}

// setState runs fn with the state bucket, for a member on the record.
func (s *Store) setState(member string, fn func(state *bolt.Bucket) error) error {
	return s.write(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, record.ErrNotFound)
		}
		return fn(tx.Bucket(bucketState))
	})
}

// SetLastMember remembers who used the course last, to offer them first.
func (s *Store) SetLastMember(number string) error {
	return s.setState(number, func(state *bolt.Bucket) error { return state.Put(keyLastMember, []byte(number)) })
}

// LastMember returns the number SetLastMember saved, or "".
func (s *Store) LastMember() (string, error) {
	var number string
	err := s.view(func(tx *bolt.Tx) error {
		number = string(tx.Bucket(bucketState).Get(keyLastMember))
		return nil
	})
	return number, err
}

// SetPlace remembers how far through a module's text a member has scrolled.
func (s *Store) SetPlace(member, module string, offset int) error {
	return s.setState(member, func(state *bolt.Bucket) error {
		return state.Put(placeKey(member, module), []byte(strconv.Itoa(offset)))
	})
}

// Place returns the offset SetPlace saved, or 0.
func (s *Store) Place(member, module string) (int, error) {
	var offset int
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketState).Get(placeKey(member, module))
		if v == nil {
			return nil
		}
		var err error
		offset, err = strconv.Atoi(string(v))
		return err
	})
	return offset, err
}

// SetAccessible remembers whether a member takes the course in its
// accessible (linear) mode, so that it starts that way for them next time.
func (s *Store) SetAccessible(member string, on bool) error {
	return s.setState(member, func(state *bolt.Bucket) error {
		if !on {
			return state.Delete(accessibleKey(member))
		}
		return state.Put(accessibleKey(member), []byte("1"))
	})
}

// Accessible says whether SetAccessible chose the accessible mode for a
// member.
func (s *Store) Accessible(member string) (bool, error) {
	var on bool
	err := s.view(func(tx *bolt.Tx) error {
		on = tx.Bucket(bucketState).Get(accessibleKey(member)) != nil
		return nil
	})
	return on, err
}
