package store

// The store's tests read and write through these, which the program
// itself has no use for.

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/record"
)

// backup writes a consistent copy of the records to dst.
func backup(s *Store, dst string) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.CopyFile(dst, 0o600)
	})
}

// lrsCursors returns every saved cursor, by endpoint, unchecked.
func lrsCursors(s *Store) (map[string]record.LRSCursor, error) {
	cursors := make(map[string]record.LRSCursor)
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLRS)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			c, err := readLRSCursor(tx, k)
			cursors[string(k)] = c
			return err
		})
	})
	return cursors, err
}

// updateMember changes a member's details and logs a member-updated event
// naming the fields that changed (not their values). Nothing is logged if
// nothing changed.
func updateMember(s *Store, number string, nm record.NewMember) (record.Member, error) {
	nm, err := nm.CheckAt(s.now())
	if err != nil {
		return record.Member{}, err
	}
	var updated record.Member
	err = s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		rec, err := getMember(members, number)
		if err != nil {
			return err
		}
		e := record.Event{Kind: record.MemberUpdated, Member: number}
		if rec.Name != nm.Name {
			e.Fields = append(e.Fields, "name")
		}
		if rec.Email != nm.Email {
			e.Fields = append(e.Fields, "email")
		}
		if rec.Ward != nm.Ward {
			e.Fields = append(e.Fields, "ward")
		}
		// Role and elected date are not personal data, so the event keeps
		// their new values and progress can be rebuilt from the log alone.
		if rec.Role != nm.Role {
			e.Fields = append(e.Fields, "role")
			e.Role = nm.Role
		}
		if !rec.Elected.Equal(nm.Elected) {
			e.Fields = append(e.Fields, "elected")
			e.Elected = record.ElectedDate(nm.Elected)
		}
		rec.Name, rec.Email, rec.Ward, rec.Role, rec.Elected = nm.Name, nm.Email, nm.Ward, nm.Role, nm.Elected
		updated = rec
		if len(e.Fields) == 0 {
			return nil
		}
		if e.DetailsDigest, err = putMember(members, rec); err != nil {
			return err
		}
		_, err = s.appendEvents(tx, []record.Event{e})
		return err
	})
	if err != nil {
		return record.Member{}, fmt.Errorf("updating member %s: %w", number, err)
	}
	return updated, nil
}

// addKey binds one key to a member, as an officer does (see AddKeys). A
// key already bound to the member is left as it was and returned.
func addKey(s *Store, member string, key gossh.PublicKey, comment string) (record.MemberKey, error) {
	added, already, err := s.AddKeys(member, []record.NewKey{{Key: key, Comment: comment}})
	if err != nil {
		return record.MemberKey{}, err
	}
	return slices.Concat(added, already)[0], nil
}

// invitations returns the enrolment codes issued to a member (without the
// codes), oldest first.
func invitations(s *Store, member string) ([]record.Invitation, error) {
	var list []record.Invitation
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, record.ErrNotFound)
		}
		invites := tx.Bucket(bucketInvites)
		if invites == nil {
			return nil
		}
		return invites.ForEach(func(_, v []byte) error {
			rec, err := decodeInvite(v)
			if err != nil {
				return err
			}
			if rec.Member == member {
				list = append(list, rec)
			}
			return nil
		})
	})
	slices.SortFunc(list, func(a, b record.Invitation) int { return a.Issued.Compare(b.Issued) })
	return list, err
}

// verify walks the whole log and checks every event: its hash against its
// stored bytes, its key and sequence number, its link to the one before,
// its entry in the member index, and that the log reaches the end pinned
// in the sidecar. When a check fails the report says where, and the error
// is a *TamperedError (ErrTampered).
func verify(s *Store) (VerifyReport, error) { return s.VerifyHead("") }

// events calls fn with every event from since onwards (all if since is
// zero), oldest first. fn runs inside a read transaction, so it must not
// call the Store's writing methods.
func events(s *Store, since time.Time, fn func(record.Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e record.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("event %d cannot be read: %w", binary.BigEndian.Uint64(k), err)
			}
			if e.Time.Before(since) {
				continue
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// Record appends one event and returns it as stored, once it is committed
// and synced to disk, without a course rule. The member must exist.
func (s *Store) Record(e record.Event) (record.Event, error) {
	stored, err := s.RecordBatch([]record.Event{e})
	if err != nil {
		return record.Event{}, err
	}
	return stored[0], nil
}

// RecordBatch appends events in one transaction: all are stored or none.
func (s *Store) RecordBatch(events []record.Event) ([]record.Event, error) {
	var stored []record.Event
	err := s.write(func(tx *bolt.Tx) (err error) {
		stored, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	return stored, nil
}
