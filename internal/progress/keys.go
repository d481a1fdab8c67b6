package progress

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"
)

// Members sign in to the course over SSH with a key, and the key is who
// they are: the keys bucket binds each key's fingerprint to a member
// number. A key is bound by an officer (AddKeys), or by the member, once,
// with an enrolment code the officer issued (Invite, Redeem). Codes are
// kept only as hashes, are used once and expire. Binding and removing a
// key, and issuing a code, are logged as events, so the record shows who
// could sign in as whom, and since when.

// How a key was bound.
const (
	HowOfficer = "officer" // Added by an officer.
	HowInvite  = "invite"  // Enrolled by the member with a code.
)

// MaxInviteTTL is the longest an enrolment code may last.
const MaxInviteTTL = 90 * 24 * time.Hour

// Errors of keys and enrolment codes; match them with errors.Is.
var (
	// ErrKeyNotFound means the key is not bound to the member named.
	ErrKeyNotFound = errors.New("no such key")
	// ErrKeyBound means the key is bound to another member.
	ErrKeyBound = errors.New("the key belongs to another member")
	// ErrInviteMalformed means what was typed is not the shape of a code.
	ErrInviteMalformed = errors.New("that is not an enrolment code")
	// ErrInviteUnknown means no code like it was issued.
	ErrInviteUnknown = errors.New("that enrolment code is not right")
	// ErrInviteExpired means the code was right but is out of date.
	ErrInviteExpired = errors.New("that enrolment code has expired")
	// ErrInviteUsed means the code was right but has been used.
	ErrInviteUsed = errors.New("that enrolment code has already been used")
	// ErrInviteReplaced means the code was right but a newer one was issued
	// to the same member since.
	ErrInviteReplaced = errors.New("that enrolment code was replaced by a newer one")
)

// KeyBoundError says that a key is bound to another member, and which.
// It matches ErrKeyBound.
type KeyBoundError struct {
	Fingerprint string
	Member      string // The number of the member it belongs to.
}

func (e *KeyBoundError) Error() string {
	return fmt.Sprintf("the key %s belongs to member %s", e.Fingerprint, e.Member)
}

func (e *KeyBoundError) Unwrap() error { return ErrKeyBound }

// MemberKey is a key bound to a member.
type MemberKey struct {
	Member      string
	Fingerprint string // As gossh.FingerprintSHA256 gives it: "SHA256:…".
	Type        string // The key's algorithm, such as "ssh-ed25519".
	Comment     string // From the key file, often who made it on which computer.
	Added       time.Time
	How         string // HowOfficer or HowInvite.
}

// NewKey is a key to bind, with the comment that came with it.
type NewKey struct {
	Key     gossh.PublicKey
	Comment string
}

// keyRecord is a key's value in the keys bucket.
type keyRecord struct {
	Member  string    `json:"member"`
	Type    string    `json:"type"`
	Key     string    `json:"key"` // The key itself, base64 as in authorized_keys.
	Comment string    `json:"comment,omitempty"`
	Added   time.Time `json:"added"`
	How     string    `json:"how"`
}

func (r keyRecord) memberKey(fingerprint string) MemberKey {
	return MemberKey{Member: r.Member, Fingerprint: fingerprint, Type: r.Type, Comment: r.Comment, Added: r.Added, How: r.How}
}

// inviteRecord is an enrolment code's value in the invites bucket, under
// the hash of the code.
type inviteRecord struct {
	Member   string    `json:"member"`
	Issued   time.Time `json:"issued"`
	Expires  time.Time `json:"expires"`
	Used     time.Time `json:"used,omitzero"`
	Key      string    `json:"key,omitempty"` // The fingerprint of the key it bound.
	Replaced time.Time `json:"replaced,omitzero"`
}

// Invitation is an enrolment code as stored (without the code, which is
// not kept).
type Invitation struct {
	Member   string
	Issued   time.Time
	Expires  time.Time
	Used     time.Time // Zero until used.
	Key      string    // The fingerprint of the key it bound, once used.
	Replaced time.Time // When a newer code replaced it, or zero.
}

// Live says whether the code can still be used at now.
func (i Invitation) Live(now time.Time) bool {
	return i.Used.IsZero() && i.Replaced.IsZero() && now.Before(i.Expires)
}

// Fingerprint is how keys are named: gossh.FingerprintSHA256.
func Fingerprint(key gossh.PublicKey) string { return gossh.FingerprintSHA256(key) }

// NormalFingerprint tidies a fingerprint a person typed: surrounding space
// removed, and the "SHA256:" prefix added if it was left off.
func NormalFingerprint(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= len("SHA256:") && strings.EqualFold(s[:len("SHA256:")], "SHA256:") {
		s = s[len("SHA256:"):]
	}
	return "SHA256:" + s
}

// cleanComment makes a key's comment safe to keep: control characters and
// invalid text dropped, at most maxText characters.
func cleanComment(c string) string {
	c = strings.ToValidUTF8(c, "")
	c = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, c)
	c = strings.TrimSpace(c)
	if utf8.RuneCountInString(c) > maxText {
		c = string([]rune(c)[:maxText])
	}
	return c
}

// liveMember reads a member who can have keys: one on the record and not
// erased.
func liveMember(members *bolt.Bucket, number string) (memberRecord, error) {
	rec, err := getMember(members, number)
	if err == nil && rec.Erased {
		err = fmt.Errorf("member %s %w", number, ErrAlreadyErased)
	}
	return rec, err
}

// AddKey binds one key to a member, as an officer does (see AddKeys). A
// key already bound to the member is left as it was and returned.
func (s *Store) AddKey(member string, key gossh.PublicKey, comment string) (MemberKey, error) {
	added, already, err := s.AddKeys(member, []NewKey{{Key: key, Comment: comment}})
	if err != nil {
		return MemberKey{}, err
	}
	return slices.Concat(added, already)[0], nil
}

// AddKeys binds keys to a member, all or none, and logs a key-added event
// for each key newly bound. Keys already bound to the member are left as
// they were and returned as already. A member not on the record gives an
// error wrapping ErrNotFound, an erased one ErrAlreadyErased, and a key
// bound to another member a *KeyBoundError.
func (s *Store) AddKeys(member string, keys []NewKey) (added, already []MemberKey, err error) {
	err = s.write(func(tx *bolt.Tx) error {
		added, already = nil, nil
		if _, err := liveMember(tx.Bucket(bucketMembers), member); err != nil {
			return err
		}
		for _, k := range keys {
			mk, isNew, err := s.bindKey(tx, member, k, HowOfficer, KeyAdded)
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
func (s *Store) bindKey(tx *bolt.Tx, member string, k NewKey, how string, kind Kind) (mk MemberKey, isNew bool, err error) {
	if k.Key == nil {
		return MemberKey{}, false, invalid("key", "no key was given")
	}
	fp := Fingerprint(k.Key)
	bucket := tx.Bucket(bucketKeys)
	if v := bucket.Get([]byte(fp)); v != nil {
		var rec keyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return MemberKey{}, false, fmt.Errorf("key %s cannot be read: %w", fp, err)
		}
		if rec.Member != member {
			return MemberKey{}, false, &KeyBoundError{Fingerprint: fp, Member: rec.Member}
		}
		return rec.memberKey(fp), false, nil
	}
	rec := keyRecord{Member: member, Type: k.Key.Type(), Key: base64.StdEncoding.EncodeToString(k.Key.Marshal()),
		Comment: cleanComment(k.Comment), Added: s.now().UTC(), How: how}
	v, err := json.Marshal(rec)
	if err != nil {
		return MemberKey{}, false, err
	}
	if err := bucket.Put([]byte(fp), v); err != nil {
		return MemberKey{}, false, err
	}
	if _, err := s.appendEvents(tx, []Event{{Kind: kind, Member: member, Reason: fp}}); err != nil {
		return MemberKey{}, false, err
	}
	return rec.memberKey(fp), true, nil
}

// KeyMember finds the member a key's fingerprint is bound to, for signing
// in: ok is false for a key bound to nobody, or to a member who is no
// longer on the record or was erased. It reads two values.
func (s *Store) KeyMember(fingerprint string) (m Member, ok bool, err error) {
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
		case errors.Is(err, ErrNotFound):
			return nil
		case err != nil:
			return err
		}
		m, ok = mr.member(rec.Member), !mr.Erased
		return nil
	})
	if err != nil || !ok {
		return Member{}, false, err
	}
	return m, true, nil
}

// Keys returns a member's keys, or everyone's for "", by member number
// then date added.
func (s *Store) Keys(member string) ([]MemberKey, error) {
	var list []MemberKey
	err := s.view(func(tx *bolt.Tx) error {
		if member != "" && tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, ErrNotFound)
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
	slices.SortFunc(list, func(a, b MemberKey) int {
		return cmp.Or(cmp.Compare(a.Member, b.Member), a.Added.Compare(b.Added), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	return list, nil
}

// RemoveKey unbinds a member's key, named by its fingerprint (see
// NormalFingerprint), and logs a key-removed event. A key bound to nobody
// gives an error wrapping ErrKeyNotFound; one bound to another member a
// *KeyBoundError.
func (s *Store) RemoveKey(member, fingerprint string) (MemberKey, error) {
	fp := NormalFingerprint(fingerprint)
	var removed MemberKey
	err := s.write(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, ErrNotFound)
		}
		keys := tx.Bucket(bucketKeys)
		v := keys.Get([]byte(fp))
		if v == nil {
			return fmt.Errorf("member %s has %w %s", member, ErrKeyNotFound, fp)
		}
		var rec keyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("key %s cannot be read: %w", fp, err)
		}
		if rec.Member != member {
			return &KeyBoundError{Fingerprint: fp, Member: rec.Member}
		}
		if err := keys.Delete([]byte(fp)); err != nil {
			return err
		}
		removed = rec.memberKey(fp)
		_, err := s.appendEvents(tx, []Event{{Kind: KeyRemoved, Member: member, Reason: fp}})
		return err
	})
	if err != nil {
		return MemberKey{}, fmt.Errorf("removing a key of member %s: %w", member, err)
	}
	return removed, nil
}

// Enrolment codes are 12 characters of Crockford's base32 (digits and
// capitals without I, L, O and U, so that none can be mistaken for
// another), 60 random bits, shown in groups of four: 7KQ2-M9XD-4HPT.
const (
	codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	codeLength   = 12
	codeGroup    = 4
)

// newCode makes a random enrolment code, grouped for reading.
func newCode() string {
	var raw [codeLength]byte
	rand.Read(raw[:]) // Never fails (see crypto/rand.Read).
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%codeGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[int(r)%len(codeAlphabet)]) // 256 is a multiple of 32: no bias.
	}
	return b.String()
}

// NormalCode is a code as typed, in the form that is hashed: capitals,
// without dashes or spaces, with O read as 0 and I and L as 1. ok is false
// when what is left is not 12 characters of the code's alphabet.
func NormalCode(typed string) (code string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > unicode.MaxASCII || !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != codeLength {
		return "", false
	}
	return b.String(), true
}

// codeHash is the key a normalised code is stored under.
func codeHash(normal string) []byte {
	sum := sha256.Sum256([]byte(normal))
	return sum[:]
}

// Invite issues an enrolment code for a member, valid for ttl (at most
// MaxInviteTTL), and logs an invite-issued event. Only the code's hash is
// stored; the code is returned once, to be given to the member. A code the
// member had that is still live is replaced. A member not on the record
// gives an error wrapping ErrNotFound, an erased one ErrAlreadyErased.
func (s *Store) Invite(member string, ttl time.Duration) (code string, expires time.Time, err error) {
	switch {
	case ttl <= 0:
		return "", time.Time{}, invalid("expires", "the code must last some time: give how long, such as 14d")
	case ttl > MaxInviteTTL:
		return "", time.Time{}, invalid("expires", "a code can last at most %d days", MaxInviteTTL/(24*time.Hour))
	}
	err = s.write(func(tx *bolt.Tx) error {
		if _, err := liveMember(tx.Bucket(bucketMembers), member); err != nil {
			return err
		}
		invites := tx.Bucket(bucketInvites)
		now := s.now().UTC()
		if err := replaceInvites(invites, member, now); err != nil {
			return err
		}
		code = newCode()
		normal, _ := NormalCode(code)
		key := codeHash(normal)
		if invites.Get(key) != nil {
			// 60 random bits: never in practice, but a clash must not
			// rebind an old code.
			return errors.New("the new code clashed with an old one; try again")
		}
		expires = now.Add(ttl)
		v, err := json.Marshal(inviteRecord{Member: member, Issued: now, Expires: expires})
		if err != nil {
			return err
		}
		if err := invites.Put(key, v); err != nil {
			return err
		}
		_, err = s.appendEvents(tx, []Event{{Kind: InviteIssued, Member: member, Reason: expires.Format(time.RFC3339)}})
		return err
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("issuing an enrolment code for member %s: %w", member, err)
	}
	return code, expires, nil
}

// replaceInvites marks the member's unused, unreplaced codes replaced.
func replaceInvites(invites *bolt.Bucket, member string, now time.Time) error {
	type change struct {
		k   []byte
		rec inviteRecord
	}
	var changes []change
	err := invites.ForEach(func(k, v []byte) error {
		var rec inviteRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("an enrolment code cannot be read: %w", err)
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

// Invitations returns the enrolment codes issued to a member (without the
// codes), oldest first.
func (s *Store) Invitations(member string) ([]Invitation, error) {
	var list []Invitation
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMembers).Get([]byte(member)) == nil {
			return fmt.Errorf("member %s %w", member, ErrNotFound)
		}
		invites := tx.Bucket(bucketInvites)
		if invites == nil {
			return nil
		}
		return invites.ForEach(func(_, v []byte) error {
			var rec inviteRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("an enrolment code cannot be read: %w", err)
			}
			if rec.Member == member {
				list = append(list, Invitation(rec))
			}
			return nil
		})
	})
	slices.SortFunc(list, func(a, b Invitation) int { return a.Issued.Compare(b.Issued) })
	return list, err
}

// Redeem binds key to the member whose enrolment code was typed, in one
// transaction, marks the code used and logs a key-enrolled event. What was
// typed is tidied first (see NormalCode). It fails with an error wrapping
// ErrInviteMalformed, ErrInviteUnknown, ErrInviteExpired, ErrInviteUsed or
// ErrInviteReplaced, or a *KeyBoundError when the key is another member's.
// A key already bound to the same member uses the code up all the same.
func (s *Store) Redeem(typed string, key gossh.PublicKey, comment string) (Member, error) {
	normal, ok := NormalCode(typed)
	if !ok {
		return Member{}, ErrInviteMalformed
	}
	var m Member
	err := s.write(func(tx *bolt.Tx) error {
		invites := tx.Bucket(bucketInvites)
		k := codeHash(normal)
		v := invites.Get(k)
		if v == nil {
			return ErrInviteUnknown
		}
		var rec inviteRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("an enrolment code cannot be read: %w", err)
		}
		now := s.now().UTC()
		switch {
		case !rec.Used.IsZero():
			return ErrInviteUsed
		case !rec.Replaced.IsZero():
			return ErrInviteReplaced
		case !now.Before(rec.Expires):
			return ErrInviteExpired
		}
		mr, err := liveMember(tx.Bucket(bucketMembers), rec.Member)
		if err != nil {
			return ErrInviteUnknown // Erasing removes codes; this is only belt and braces.
		}
		mk, _, err := s.bindKey(tx, rec.Member, NewKey{Key: key, Comment: comment}, HowInvite, KeyEnrolled)
		if err != nil {
			return err
		}
		rec.Used, rec.Key = now, mk.Fingerprint
		if v, err = json.Marshal(rec); err != nil {
			return err
		}
		m = mr.member(rec.Member)
		return invites.Put(k, v)
	})
	if err != nil {
		return Member{}, err
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
