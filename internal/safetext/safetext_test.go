package safetext

import "testing"

func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		"Ann\x1b[2J\x1b]0;owned\x07 Lee": "Ann Lee",
		"Bob\x07\x00\x9b31m":             "Bob",
		"Eve\u202eevil":                  "Eveevil",
		"Two\nlines\tand tab":            "Two lines and tab",
		"Zoë O'Brien-Smith":              "Zoë O'Brien-Smith",
	} {
		if got := Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}
