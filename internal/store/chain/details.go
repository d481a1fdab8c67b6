package chain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"

	"course/internal/record"
)

// Members' details
//
// A member's details (name, email, ward, role, elected date, when added)
// are kept apart from the log, so that erasing the member can remove them;
// the log keeps a digest of them instead. Every event whose kind
// SetsDetails (member-added, member-updated, member-erased, member-sealed)
// carries the digest of the member's value as it was stored with the
// event: the SHA-256 of the value's exact bytes, which hold a random salt.
// So any change to a stored value, to one byte of a name or of the salt,
// no longer matches the digest in the member's latest such event; and once
// an erasure has removed the value and its salt, the digest left in the
// log cannot be matched against a guess of who the member was. An erased
// member's value holds no personal data and no salt.

// saltSize is the number of random bytes in a member's stored value.
const saltSize = 16

// storedMember is a member's stored value: its JSON, with the salt last.
type storedMember struct {
	record.Member
	Salt []byte `json:"salt,omitempty"`
}

// StoreMember returns the value to store for m, its JSON with a new random
// salt (none if m is erased), and the value's digest, which the event
// that stores it carries.
func StoreMember(m record.Member) (value []byte, digest string, err error) {
	sm := storedMember{Member: m}
	if !m.Erased {
		sm.Salt = make([]byte, saltSize)
		rand.Read(sm.Salt) // It never fails.
	}
	if value, err = json.Marshal(sm); err != nil {
		return nil, "", err
	}
	return value, DetailsDigest(value), nil
}

// DetailsDigest is the digest of a member's stored value: the lowercase
// hex SHA-256 of its bytes.
func DetailsDigest(value []byte) string {
	sum := sha256.Sum256(value)
	return hex.EncodeToString(sum[:])
}

// detailsAt is where the log last stored a member's details.
type detailsAt struct {
	seq    uint64 // The member's latest event whose kind SetsDetails.
	erased bool   // The log erased them.
}

// CheckDetails compares members' stored values (members: number → value)
// with the log. index is the member index (its keys and summaries, in key
// order: all of it, or one member's entries), and digestAt reads the
// DetailsDigest of an event. Each member must have an event whose kind
// SetsDetails, be marked erased only if the log erased them, and have the
// value whose digest their latest such event carries (an erased member's
// given details again does not). The
// report names the first member that fails; unsealed lists, in number
// order, the members whose latest such event carries no digest, written
// before details were sealed, whose values nothing vouches for.
func CheckDetails(members, index iter.Seq2[[]byte, []byte], digestAt func(seq uint64) (string, error)) (r Report, unsealed []string) {
	r.OK = true
	bad := func(member, problem string) {
		if r.OK || member < r.Member {
			r.OK, r.Member, r.Problem = false, member, problem
		}
	}
	logged := make(map[string]detailsAt)
	intern := make(map[string]string)
	for k, v := range index {
		if len(k) < 9 || k[len(k)-9] != 0 {
			bad("", fmt.Sprintf("the member index key %x is malformed", k))
			continue
		}
		number := string(k[:len(k)-9])
		e, err := IndexEntry(number, k, v, intern)
		switch {
		case err != nil:
			bad(number, err.Error())
		case e.Kind.SetsDetails():
			at := logged[number]
			at.seq = e.Seq
			at.erased = at.erased || e.Kind == record.MemberErased
			logged[number] = at
		}
	}
	for k, v := range members {
		number := string(k)
		at, ok := logged[number]
		delete(logged, number)
		var stored struct{ Erased bool }
		if !ok {
			bad(number, fmt.Sprintf("no event stores the details of member %s: the member was put into the records from outside the course", number))
			continue
		}
		if err := json.Unmarshal(v, &stored); err != nil {
			bad(number, fmt.Sprintf("the details of member %s cannot be read: they have been changed or damaged", number))
			continue
		}
		digest, err := digestAt(at.seq)
		switch {
		case err != nil:
			bad(number, err.Error())
		case stored.Erased && !at.erased:
			bad(number, fmt.Sprintf("member %s is marked as erased, but no event erased them: their details have been removed from outside the course", number))
		case digest == "":
			unsealed = append(unsealed, number)
		case digest != DetailsDigest(v):
			bad(number, fmt.Sprintf("the details of member %s do not match those sealed in event %d: they have been changed", number, at.seq))
		}
	}
	for _, number := range slices.Sorted(maps.Keys(logged)) {
		bad(number, fmt.Sprintf("member %s has events but is missing from the members: their details have been removed from outside the course", number))
	}
	slices.Sort(unsealed)
	r.Unsealed = len(unsealed)
	return r, unsealed
}
