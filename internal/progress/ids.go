package progress

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a number
// read aloud or copied by hand is hard to get wrong.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newMemberNumber returns "M" and 8 random base32 characters (40 bits). It
// says nothing about the person, so it can stay in the log after erasure.
func newMemberNumber() string {
	var b [5]byte
	rand.Read(b[:])
	n := uint64(b[0])<<32 | uint64(b[1])<<24 | uint64(b[2])<<16 | uint64(b[3])<<8 | uint64(b[4])
	out := []byte("M00000000")
	for i := len(out) - 1; i > 0; i-- {
		out[i] = crockford[n&31]
		n >>= 5
	}
	return string(out)
}

// ParseMemberNumber reads a member number as a person may type it (any
// case, spaces around it): "M" and eight characters of the alphabet.
func ParseMemberNumber(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 9 || s[0] != 'M' {
		return "", false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune(crockford, c) {
			return "", false
		}
	}
	return s, true
}

// newMemberNumbers returns n numbers that no member in the bucket has, in
// ascending order.
func newMemberNumbers(members *bolt.Bucket, n int) []string {
	numbers := make([]string, 0, n)
	chosen := make(map[string]bool, n)
	for len(numbers) < n {
		number := newMemberNumber()
		if !chosen[number] && members.Get([]byte(number)) == nil {
			chosen[number] = true
			numbers = append(numbers, number)
		}
	}
	slices.Sort(numbers)
	return numbers
}

// NewAttemptID returns a random (version 4) UUID to tie together the events
// of one quiz attempt.
func NewAttemptID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // Version 4.
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant.
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
