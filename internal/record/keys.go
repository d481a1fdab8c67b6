package record

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

// Members sign in to the course over SSH with a key, and the key is who
// they are: the store binds each key's fingerprint to a member number. A
// key is bound by an officer, or by the member, once, with an enrolment
// code the officer issued. Codes are kept only as hashes, are used once
// and expire.

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

// Invitation is an enrolment code as stored, under its CodeHash (without
// the code, which is not kept).
type Invitation struct {
	Member   string    `json:"member"`
	Issued   time.Time `json:"issued"`
	Expires  time.Time `json:"expires"`
	Used     time.Time `json:"used,omitzero"`     // Zero until used.
	Key      string    `json:"key,omitempty"`     // The fingerprint of the key it bound, once used.
	Replaced time.Time `json:"replaced,omitzero"` // When a newer code replaced it, or zero.
}

// Live says whether the code can still be used at now.
func (i Invitation) Live(now time.Time) bool {
	return i.Used.IsZero() && i.Replaced.IsZero() && now.Before(i.Expires)
}

// Usable says why the code cannot be used at now, or nil: ErrInviteUsed,
// ErrInviteReplaced or ErrInviteExpired.
func (i Invitation) Usable(now time.Time) error {
	switch {
	case !i.Used.IsZero():
		return ErrInviteUsed
	case !i.Replaced.IsZero():
		return ErrInviteReplaced
	case !now.Before(i.Expires):
		return ErrInviteExpired
	}
	return nil
}

// CheckInviteTTL says, as an *InvalidError, that an enrolment code cannot
// last ttl: it must last some time, and at most MaxInviteTTL.
func CheckInviteTTL(ttl time.Duration) error {
	switch {
	case ttl <= 0:
		return Invalid("expires", "the code must last some time")
	case ttl > MaxInviteTTL:
		return Invalid("expires", "a code can last at most %d days", MaxInviteTTL/(24*time.Hour))
	}
	return nil
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

// CleanComment makes a key's comment safe to keep: control characters and
// invalid text dropped, at most MaxText characters.
func CleanComment(c string) string {
	c = strings.ToValidUTF8(c, "")
	c = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, c)
	c = strings.TrimSpace(c)
	if utf8.RuneCountInString(c) > MaxText {
		c = string([]rune(c)[:MaxText])
	}
	return c
}

// Enrolment codes are 12 characters of Crockford's base32 (digits and
// capitals without I, L, O and U, so that none can be mistaken for
// another), 60 random bits, shown in groups of four: 7KQ2-M9XD-4HPT.
const (
	codeLength = 12
	codeGroup  = 4
)

// NewCode makes a random enrolment code, grouped for reading.
func NewCode() string {
	var raw [codeLength]byte
	rand.Read(raw[:]) // Never fails (see crypto/rand.Read).
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%codeGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(crockford[int(r)%len(crockford)]) // 256 is a multiple of 32: no bias.
	}
	return b.String()
}

// CodeHash is what a code is kept as: the SHA-256 of its normal form (see
// NormalCode).
func CodeHash(normal string) []byte {
	sum := sha256.Sum256([]byte(normal))
	return sum[:]
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
		if r > unicode.MaxASCII || !strings.ContainsRune(crockford, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != codeLength {
		return "", false
	}
	return b.String(), true
}
