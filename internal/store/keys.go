package store

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/record"
)

// Members sign in to the course over SSH with a key, and the key is who
// they are: the keys bucket binds each key's fingerprint to a member
// number. A key is bound by an officer (AddKeys), or by the member, once,
// with an enrolment code the officer issued (Invite, Redeem). Codes are
// kept only as hashes, are used once and expire. Binding and removing a
// key, and issuing a code, are logged as events, so the record shows who
// could sign in as whom, and since when.

// keyRecord is a key's value in the keys bucket.
type keyRecord struct {
	Member  string    `json:"member"`
	Type    string    `json:"type"`
	Key     string    `json:"key"` // The key itself, base64 as in authorized_keys.
	Comment string    `json:"comment,omitempty"`
	Added   time.Time `json:"added"`
	How     string    `json:"how"`
}

func (r keyRecord) memberKey(fingerprint string) record.MemberKey {
	return record.MemberKey{Member: r.Member, Fingerprint: fingerprint, Type: r.Type, Comment: r.Comment, Added: r.Added, How: r.How}
}

// decodeInvite reads an enrolment code's value in the invites bucket.
func decodeInvite(v []byte) (rec record.Invitation, err error) {
	if err = json.Unmarshal(v, &rec); err != nil {
		err = fmt.Errorf("an enrolment code cannot be read: %w", err)
	}
	return rec, err
}

// liveMember reads a member who can have keys: one on the record and not
// erased.
func liveMember(members *bolt.Bucket, number string) (record.Member, error) {
	rec, err := getMember(members, number)
	if err == nil && rec.Erased {
		err = fmt.Errorf("member %s %w", number, record.ErrAlreadyErased)
	}
	return rec, err
}

// AddKeys binds keys to a member, all or none, and logs a key-added event
// for each key newly bound. Keys already bound to the member are left as
// they were and returned as already. A member not on the record gives an
// error wrapping ErrNotFound, an erased one ErrAlreadyErased, and a key
// bound to another member a *KeyBoundError.
func (s *Store) AddKeys(member string, keys []record.NewKey) (added, already []record.MemberKey, err error) {
	err = s.write(func(tx *bolt.Tx) error {
		added, already = nil, nil
		if _, err := liveMember(tx.Bucket(bucketMembers), member); err != nil {
			return err
		}
		for _, k := range keys {
			mk, isNew, err := s.bindKey(tx, member, k, record.HowOfficer, record.KeyAdded)
			if err != nil {
				return err
			}
			if isNew {
				added = append(added, mk)
			} else {
				already = append(already, mk)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("adding keys to member %s: %w", member, err)
	}
	return added, already, nil
}

// bindKey binds a key to a live member inside tx and logs it as kind,
// unless the key is already theirs (isNew false).
func (s *Store) bindKey(tx *bolt.Tx, member string, k record.NewKey, how string, kind record.Kind) (mk record.MemberKey, isNew bool, err error) {
	if k.Key == nil {
		return record.MemberKey{}, false, record.Invalid("key", "no key was given")
	}
	fp := record.Fingerprint(k.Key)
	bucket := tx.Bucket(bucketKeys)
	if v := bucket.Get([]byte(fp)); v != nil {
		var rec keyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return record.MemberKey{}, false, fmt.Errorf("key %s cannot be read: %w", fp, err)
		}
		if rec.Member != member {
			return record.MemberKey{}, false, &record.KeyBoundError{Fingerprint: fp, Member: rec.Member}
		}
		return rec.memberKey(fp), false, nil
	}
	rec := keyRecord{Member: member, Type: k.Key.Type(), Key: base64.StdEncoding.EncodeToString(k.Key.Marshal()),
		Comment: record.CleanComment(k.Comment), Added: s.now().UTC(), How: how}
	v, err := json.Marshal(rec)
	if err != nil {
		return record.MemberKey{}, false, err
	}
	if err := bucket.Put([]byte(fp), v); err != nil {
		return record.MemberKey{}, false, err
	}
	if _, err := s.appendEvents(tx, []record.Event{{Kind: kind, Member: member, Reason: fp}}); err != nil {
		return record.MemberKey{}, false, err
	}
	return rec.memberKey(fp), true, nil
}

// KeyMember finds the member a key's fingerprint is bound to, for signing
// in: ok is false for a key bound to nobody, or to a member who is no
// longer on the record or was erased. It reads two values.
func (s *Store) KeyMember(fingerprint string) (m record.Member, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		keys := tx.Bucket(bucketKeys)
		if keys == nil {
			return nil // An older file, opened read-only: no keys yet.
		}
		v := keys.Get([]byte(fingerprint))
		if v == nil {
			return nil
		}
		var rec keyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("key %s cannot be read: %w", fingerprint, err)
		}
		mr, err := getMember(tx.Bucket(bucketMembers), rec.Member)
		switch {
		case errors.Is(err, record.ErrNotFound):
			return nil
		case err != nil:
			return err
		}
		m, ok = mr, !mr.Erased
		return nil
	})
	if err != nil || !ok {
		return record.Member{}, false, err
	}
	return m, true, nil
}

// Keys returns a member's keys, or everyone's for "", by member number
// then date added.
func (s *Store) Keys(member string) ([]record.MemberKey, error) {
	var list []record.MemberKey
	err := s.view(func(tx *bolt.Tx) error {
		if member != "" && tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, record.ErrNotFound)
		}
		keys := tx.Bucket(bucketKeys)
		if keys == nil {
			return nil
		}
		return keys.ForEach(func(k, v []byte) error {
			var rec keyRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("key %s cannot be read: %w", k, err)
			}
			if member == "" || rec.Member == member {
				list = append(list, rec.memberKey(string(k)))
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b record.MemberKey) int {
		return cmp.Or(cmp.Compare(a.Member, b.Member), a.Added.Compare(b.Added), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	return list, nil
}

// RemoveKey unbinds a member's key, named by its fingerprint (see
// NormalFingerprint), and logs a key-removed event. A key bound to nobody
// gives an error wrapping ErrKeyNotFound; one bound to another member a
// *KeyBoundError.
func (s *Store) RemoveKey(member, fingerprint string) (record.MemberKey, error) {
	fp := record.NormalFingerprint(fingerprint)
	var removed record.MemberKey
	err := s.write(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, record.ErrNotFound)
		}
		keys := tx.Bucket(bucketKeys)
		v := keys.Get([]byte(fp))
		if v == nil {
			return fmt.Errorf("member %s has %w %s", member, record.ErrKeyNotFound, fp)
		}
		var rec keyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("key %s cannot be read: %w", fp, err)
		}
		if rec.Member != member {
			return &record.KeyBoundError{Fingerprint: fp, Member: rec.Member}
		}
		if err := keys.Delete([]byte(fp)); err != nil {
			return err
		}
		removed = rec.memberKey(fp)
		_, err := s.appendEvents(tx, []record.Event{{Kind: record.KeyRemoved, Member: member, Reason: fp}})
		return err
	})
	if err != nil {
		return record.MemberKey{}, fmt.Errorf("removing a key of member %s: %w", member, err)
	}
	return removed, nil
}

// Invite issues an enrolment code for a member, valid for ttl (at most
// MaxInviteTTL), and logs an invite-issued event. Only the code's hash is
// stored; the code is returned once, to be given to the member. A code the
// member had that is still live is replaced. A member not on the record
// gives an error wrapping ErrNotFound, an erased one ErrAlreadyErased.
func (s *Store) Invite(member string, ttl time.Duration) (code string, expires time.Time, err error) {
	if err := record.CheckInviteTTL(ttl); err != nil {
		return "", time.Time{}, err
	}
	code = record.NewCode()
	err = s.issue(member, code, func(now time.Time) time.Time { expires = now.Add(ttl); return expires }, nil)
	if err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// IssueCode is Invite of a code already made (record.NewCode) and given
// to the member, which lasts until expires: for a code sent before it is
// stored, so that a message that never went replaces no code. The events
// with, such as one that records the message sent, are logged with the
// invite-issued event, in the same write.
func (s *Store) IssueCode(member, code string, expires time.Time, with ...record.Event) error {
	return s.issue(member, code, func(time.Time) time.Time { return expires.UTC() }, with)
}

// issue stores code as member's, until the time expiry gives from the
// time it is issued, with the events with.
func (s *Store) issue(member, code string, expiry func(now time.Time) time.Time, with []record.Event) error {
	normal, ok := record.NormalCode(code)
	if !ok {
		return fmt.Errorf("issuing an enrolment code for member %s: %q is not an enrolment code", member, code)
	}
	err := s.write(func(tx *bolt.Tx) error {
		now := s.now().UTC()
		expires := expiry(now)
		if err := record.CheckInviteTTL(expires.Sub(now)); err != nil {
			return err
		}
		if _, err := liveMember(tx.Bucket(bucketMembers), member); err != nil {
			return err
		}
		invites := tx.Bucket(bucketInvites)
		if err := replaceInvites(invites, member, now); err != nil {
			return err
		}
		key := record.CodeHash(normal)
		if invites.Get(key) != nil {
			// 60 random bits: never in practice, but a clash must not
			// rebind an old code.
			return errors.New("the new code clashed with an old one; try again")
		}
		v, err := json.Marshal(record.Invitation{Member: member, Issued: now, Expires: expires})
		if err != nil {
			return err
		}
		if err := invites.Put(key, v); err != nil {
			return err
		}
		events := []record.Event{{Kind: record.InviteIssued, Member: member, Reason: expires.Format(time.RFC3339)}}
		for _, e := range with {
			e.Member = member
			events = append(events, e)
		}
		_, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return fmt.Errorf("issuing an enrolment code for member %s: %w", member, err)
	}
	return nil
}

// replaceInvites marks the member's unused, unreplaced codes replaced.
func replaceInvites(invites *bolt.Bucket, member string, now time.Time) error {
	type change struct {
		k   []byte
		rec record.Invitation
	}
	var changes []change
	err := invites.ForEach(func(k, v []byte) error {
		rec, err := decodeInvite(v)
		if err != nil {
			return err
		}
		if rec.Member == member && rec.Used.IsZero() && rec.Replaced.IsZero() {
			rec.Replaced = now
			changes = append(changes, change{bytes.Clone(k), rec})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		v, err := json.Marshal(c.rec)
		if err != nil {
			return err
		}
		if err := invites.Put(c.k, v); err != nil {
			return err
		}
	}
	return nil
}

// Redeem binds key to the member whose enrolment code was typed, in one
// transaction, marks the code used and logs a key-enrolled event. What was
// typed is tidied first (see NormalCode). It fails with an error wrapping
// ErrInviteMalformed, ErrInviteUnknown, ErrInviteExpired, ErrInviteUsed or
// ErrInviteReplaced, or a *KeyBoundError when the key is another member's.
// A key already bound to the same member uses the code up all the same.
func (s *Store) Redeem(typed string, key gossh.PublicKey, comment string) (record.Member, error) {
	normal, ok := record.NormalCode(typed)
	if !ok {
		return record.Member{}, record.ErrInviteMalformed
	}
	var m record.Member
	err := s.write(func(tx *bolt.Tx) error {
		invites := tx.Bucket(bucketInvites)
		k := record.CodeHash(normal)
		v := invites.Get(k)
		if v == nil {
			return record.ErrInviteUnknown
		}
		rec, err := decodeInvite(v)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if err := rec.Usable(now); err != nil {
			return err
		}
		mr, err := liveMember(tx.Bucket(bucketMembers), rec.Member)
		if err != nil {
			return record.ErrInviteUnknown // Erasing removes codes; this is only belt and braces.
		}
		mk, _, err := s.bindKey(tx, rec.Member, record.NewKey{Key: key, Comment: comment}, record.HowInvite, record.KeyEnrolled)
		if err != nil {
			return err
		}
		rec.Used, rec.Key = now, mk.Fingerprint
		if v, err = json.Marshal(rec); err != nil {
			return err
		}
		m = mr
		return invites.Put(k, v)
	})
	if err != nil {
		return record.Member{}, err
	}
	return m, nil
}

// keepOnErasure is the erasure's rule for the keys and invites buckets:
// the erased member's keys and codes are left out of the copy.
func keepOnErasure(bucket, v []byte, number string) (bool, error) {
	if !bytes.Equal(bucket, bucketKeys) && !bytes.Equal(bucket, bucketInvites) {
		return true, nil
	}
	var owner struct {
		Member string `json:"member"`
	}
	if err := json.Unmarshal(v, &owner); err != nil {
		return false, fmt.Errorf("an entry in %s cannot be read: %w", bucket, err)
	}
	return owner.Member != number, nil
}
