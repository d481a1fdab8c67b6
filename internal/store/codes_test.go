package store

import (
	"testing"
	"time"
)

// TestLiveCodes: only a code that can still be used counts as live.
func TestLiveCodes(t *testing.T) {
	s, clock := openJumpStore(t)
	ann, bob, cy, di := addMember(t, s, "Ann"), addMember(t, s, "Bob"), addMember(t, s, "Cy"), addMember(t, s, "Di")
	_, annExpires, err := s.Invite(ann.Number, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bobCode, _, _ := s.Invite(bob.Number, 14*24*time.Hour)
	if _, err := s.Redeem(bobCode, testKey(t), ""); err != nil {
		t.Fatal(err)
	}
	s.Invite(cy.Number, time.Hour)
	s.Invite(di.Number, time.Hour)
	_, diExpires, _ := s.Invite(di.Number, 2*time.Hour) // replaces the first
	clock.jump(90 * time.Minute)                        // Cy's has expired

	live, err := s.LiveCodes()
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 2 || !live[ann.Number].Expires.Equal(annExpires) || !live[di.Number].Expires.Equal(diExpires) || !live[ann.Number].Issued.Equal(annExpires.Add(-14*24*time.Hour)) {
		t.Errorf("live codes = %v; want Ann's until %v and Di's until %v only", live, annExpires, diExpires)
	}
}
