// Package certificate makes a member's certificate of completion: its
// verification code, a PDF a member can keep, and the check that a code
// belongs to a completion in the records.
//
// The verification code is one rule, Code, used by the certificate screen,
// the PDF and the officer's check alike. It must not import any terminal
// library: the screen that shows a certificate is internal/ui's.
package certificate

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"course/internal/progress"
	"course/internal/record"
	"course/internal/store"
)

var (
	// ErrBadCode means what was typed is not written like a verification
	// code.
	ErrBadCode = errors.New("not a verification code")
	// ErrNoMatch means a code belongs to no completion in the records.
	ErrNoMatch = errors.New("no completion in the records has this code")
	// ErrNotComplete means a member has not completed the course.
	ErrNotComplete = errors.New("has not completed the course")
	// ErrErased means a member's details were erased, so no certificate
	// can name them.
	ErrErased = errors.New("their details were erased")
)

// codeDigits is how many hex digits of the completing event's hash a code
// shows: 48 bits, as three groups of four.
const codeDigits = 12

// Code is a member's verification code: a short form of the hash of the
// event that first completed the course (progress.CompletingEvent), in the
// record file's chain, such as "3F2A-9C01-B7E4". It stays the same after
// later passes, retakes and renewals. It is "" while the course is not
// complete. The hash is the one the event was first sealed with
// (FirstHash), so a code made on a member's own computer stays theirs once
// their records are handed in and merged into the council's.
func Code(events []record.Event, modules []string) string {
	e, ok := progress.CompletingEvent(events, modules)
	if h := e.FirstHash(); ok && len(h) >= codeDigits {
		return format(h[:codeDigits])
	}
	return ""
}

// format writes 12 hex digits as a code.
func format(digits string) string {
	h := strings.ToUpper(digits)
	return h[:4] + "-" + h[4:8] + "-" + h[8:12]
}

// ParseCode reads a code as a person types it: any case, with or without
// the hyphens, spaces allowed. It returns the code as Code writes it.
func ParseCode(s string) (string, error) {
	digits := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case '0' <= r && r <= '9', 'a' <= r && r <= 'f', 'A' <= r && r <= 'F':
			return r
		}
		return '?'
	}, strings.TrimSpace(s))
	if len(digits) != codeDigits || strings.Contains(digits, "?") {
		return "", fmt.Errorf("%w: a code is %d digits and letters A to F, written like 3F2A-9C01-B7E4", ErrBadCode, codeDigits)
	}
	return format(digits), nil
}

// Records is what Find reads.
type Records interface {
	ReadLog(fn func(*store.LogReader) error) error
	MemberEvents(number string) ([]record.Event, error)
	Member(number string) (record.Member, error)
}

// Match is the completion a code belongs to.
type Match struct {
	Member    record.Member // Erased, with no name, if their details were erased.
	Completed time.Time     // When the course was first completed.
	Code      string
	// HandIn is the SHA-256 of the hand-in file that brought the
	// completion from the member's own computer, or "" if it was recorded
	// here; Merged is when that file was merged, and MergedBy who merged
	// it, as the hand-in-merged event says.
	HandIn   string
	Merged   time.Time
	MergedBy string
}

// Find looks for the completion a code belongs to: the member whose Code,
// worked out from their events now, is code. modules are the course's
// module ids. It returns an error wrapping ErrBadCode for what is not a
// code and ErrNoMatch for a code of no completion in the records.
func Find(r Records, modules []string, code string) (Match, error) {
	code, err := ParseCode(code)
	if err != nil {
		return Match{}, err
	}
	// Only a member with a module-completed event whose first hash starts
	// with the code's digits can have it: find them in one pass over the log,
	// then work out their codes by the one rule.
	prefix := []byte(strings.ToLower(strings.ReplaceAll(code, "-", "")))
	candidates := map[string]bool{}
	err = r.ReadLog(func(lr *store.LogReader) error {
		for e, err := range lr.Events() {
			if err != nil {
				return err
			}
			if record.Kind(e.Kind) == record.ModuleCompleted && bytes.HasPrefix(e.FirstHash(), prefix) {
				candidates[string(e.Member)] = true
			}
		}
		return nil
	})
	if err != nil {
		return Match{}, err
	}
	numbers := make([]string, 0, len(candidates))
	for n := range candidates {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	for _, number := range numbers {
		events, err := r.MemberEvents(number)
		if err != nil {
			return Match{}, err
		}
		if Code(events, modules) != code {
			continue
		}
		m, err := r.Member(number)
		if err != nil {
			return Match{}, err
		}
		e, _ := progress.CompletingEvent(events, modules)
		match := Match{Member: m, Completed: e.Time, Code: code, HandIn: e.HandIn}
		for _, merged := range events {
			if e.HandIn != "" && merged.Kind == record.HandInMerged && merged.HandIn == e.HandIn {
				match.Merged, match.MergedBy = merged.Time, merged.Reason
				break
			}
		}
		return match, nil
	}
	return Match{}, fmt.Errorf("%s: %w", code, ErrNoMatch)
}
