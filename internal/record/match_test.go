package record

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestFoldCase checks foldCase against strings.EqualFold for every
// character: each is folded to one that EqualFold calls the same, and every
// character of a case-folding orbit is folded to the same one (so strings
// from different orbits never are).
func TestFoldCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s, f := string(r), foldCase(string(r))
		if !strings.EqualFold(s, f) {
			t.Fatalf("foldCase(%q) = %q, which EqualFold says differs", s, f)
		}
		if g := foldCase(string(unicode.SimpleFold(r))); g != f {
			t.Fatalf("foldCase(%q) = %q but foldCase(%q) = %q", s, f, string(unicode.SimpleFold(r)), g)
		}
	}
	for _, pair := range [][2]string{
		{"Ann Lee", "ANN LEE"}, {"kit", "\u212Ait"}, {"\u017Fam", "SAM"}, {"σ", "ς"},
		{"\u0130ris", "iris"}, {"straße", "STRASSE"}, {"Ann", "Anne"}, {"bad\xffutf-8", "BAD\xfeUTF-8"},
	} {
		if got, want := foldCase(pair[0]) == foldCase(pair[1]), strings.EqualFold(pair[0], pair[1]); got != want {
			t.Errorf("foldCase(%q) == foldCase(%q) is %v; EqualFold says %v", pair[0], pair[1], got, want)
		}
	}
}

func TestRosterIndex(t *testing.T) {
	rows := []NewMember{
		{Name: "Ann Lee", Ward: "Abbey"},                       // 0
		{Name: "Bob Owusu", Email: "bob@example.org"},          // 1
		{Name: "Cat Ng", Ward: "Castle", Email: "cat@x.org"},   // 2
		{Name: "Dee Patel", Ward: "Deanery", Email: "d@x.org"}, // 3
	}
	x := newRosterIndex(len(rows))
	for i, nm := range rows {
		x.add(i, nm)
	}
	tests := []struct {
		nm      NewMember
		row     int
		byEmail bool
	}{
		{NewMember{Name: "ann  LEE"}, 0, false},                                   // No ward agrees with any.
		{NewMember{Name: "Ann Lee", Ward: "abbey", Email: "ann@x.org"}, 0, false}, // Row 0 has no email.
		{NewMember{Name: "Ann Lee", Ward: "Bridge"}, -1, false},                   // Another ward: another person.
		{NewMember{Name: "Bob Owusu", Ward: "Bridge"}, 1, false},                  // Row 1 has no ward.
		{NewMember{Name: "Bob Owusu", Email: "bob2@example.org"}, -1, false},      // Two emails: two people.
		{NewMember{Name: "Cat Ng", Email: "CAT@X.ORG"}, 2, true},
		{NewMember{Name: "Eve", Email: "d@x.org"}, 3, true},
		{NewMember{Name: "Dee Patel", Email: "cat@x.org"}, 2, true},              // Row 2's email comes first.
		{NewMember{Name: "Ann Lee", Email: "cat@x.org"}, 0, false},               // Row 0's name comes first.
		{NewMember{Name: "Cat Ng", Ward: "Castle", Email: "cat@x.org"}, 2, true}, // Email and name: the email is said.
	}
	for _, tt := range tests {
		row, byEmail := x.duplicateOf(tt.nm)
		if row != tt.row || byEmail != tt.byEmail {
			t.Errorf("duplicateOf(%+v) = %d, %v; want %d, %v", tt.nm, row, byEmail, tt.row, tt.byEmail)
		}
	}
}

func TestSameMember(t *testing.T) {
	members := []Member{
		{Number: "M1", Name: "Ann Lee", Email: "ann@example.org", Erased: true},
		{Number: "M2", Name: "Kit Kerr", Ward: "Abbey"},
		{Number: "M3", Name: "Ann Lee", Email: "ann@example.org", Ward: "Bridge"},
	}
	tests := []struct {
		nm      NewMember
		number  string
		byEmail bool
	}{
		{NewMember{Name: "Someone", Email: " ANN@example.org "}, "M3", true}, // M1 is erased.
		{NewMember{Name: "\u212Ait  kerr"}, "M2", false},
		{NewMember{Name: "Kit Kerr", Ward: "Castle"}, "", false},
		{NewMember{Name: "Ann Lee", Email: "a.lee@example.org"}, "", false}, // Two emails: two people.
		{NewMember{Name: "ann lee", Ward: "bridge "}, "M3", false},
	}
	for _, tt := range tests {
		m, byEmail, ok := SameMember(members, tt.nm)
		if m.Number != tt.number || byEmail != tt.byEmail || ok != (tt.number != "") {
			t.Errorf("SameMember(%+v) = %s, %v, %v; want %q, %v", tt.nm, m.Number, byEmail, ok, tt.number, tt.byEmail)
		}
	}
}
