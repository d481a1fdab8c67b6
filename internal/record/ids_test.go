package record

import "testing"

func TestParseMemberNumber(t *testing.T) {
	for in, want := range map[string]string{"M4K7Q2ZP9": "M4K7Q2ZP9", " m4k7q2zp9 ": "M4K7Q2ZP9"} {
		if got, ok := ParseMemberNumber(in); !ok || got != want {
			t.Errorf("ParseMemberNumber(%q) = %q, %v", in, got, ok)
		}
	}
	// I, L, O and U are not in the alphabet; the length is exact.
	for _, in := range []string{"M4K7Q2ZPI", "M4K7Q2ZPL", "M4K7Q2ZPO", "M4K7Q2ZPU", "M4K7Q2ZP", "M4K7Q2ZP90", "X4K7Q2ZP9", "", "Ann Lee"} {
		if got, ok := ParseMemberNumber(in); ok {
			t.Errorf("ParseMemberNumber(%q) = %q, accepted", in, got)
		}
	}
	for range 100 {
		n := NewMemberNumber()
		if got, ok := ParseMemberNumber(n); !ok || got != n {
			t.Fatalf("a new number %q does not parse", n)
		}
	}
}
