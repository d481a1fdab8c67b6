package record

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a number
// read aloud or copied by hand is hard to get wrong.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewMemberNumber returns "M" and 8 random base32 characters (40 bits). It
// says nothing about the person, so it can stay in the log after erasure.
func NewMemberNumber() string {
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

// NewAttemptID returns a random (version 4) UUID to tie together the events
// of one quiz attempt.
func NewAttemptID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // Version 4.
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant.
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// CourseBinding is the course a record file belongs to: its records are
// answers to that course's questions, and reports and exports of them
// need that course's modules.
type CourseBinding struct {
	ID              string `json:"id"`    // the course's id (modules.Course.ID)
	Title           string `json:"title"` // for messages: the council and the guidance
	GuidanceVersion string `json:"guidance_version"`
	// Content is the folder of the content pack the course was taken with,
	// as an absolute path; empty for the course built into the program.
	Content string `json:"content,omitempty"`
}
