package store

import (
	"course/internal/record"
	"errors"
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

// TestIssueCode: a code made before it is stored signs its member in once
// stored, replacing the one before, with the events given logged in the
// same write; a code that would last too long, or has run out, is
// refused and replaces nothing.
func TestIssueCode(t *testing.T) {
	s, clock := openJumpStore(t)
	ann := addMember(t, s, "Ann")
	letter, _, err := s.Invite(ann.Number, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	for _, expires := range []time.Time{now.Add(-time.Minute), now.Add(record.MaxInviteTTL + time.Hour)} {
		if err := s.IssueCode(ann.Number, record.NewCode(), expires); !errors.Is(err, record.ErrInvalid) {
			t.Errorf("a code until %v: %v, want ErrInvalid", expires, err)
		}
	}
	if err := s.IssueCode(ann.Number, "not a code", now.Add(time.Hour)); err == nil {
		t.Error("a code that is not one was stored")
	}
	live, err := s.LiveCodes()
	if err != nil || live[ann.Number].Issued.After(now) {
		t.Fatalf("the refused codes replaced the letter's: %v, %v", live, err)
	}

	emailed := record.NewCode()
	if err := s.IssueCode(ann.Number, emailed, now.Add(time.Hour), record.Event{Kind: record.InvitationSent, Reason: "sent"}); err != nil {
		t.Fatal(err)
	}
	events, err := s.MemberEvents(ann.Number)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-2:]
	if last[0].Kind != record.InviteIssued || last[1].Kind != record.InvitationSent || last[1].Member != ann.Number {
		t.Errorf("the last events are %+v", last)
	}
	if _, err := s.Redeem(letter, testKey(t), ""); !errors.Is(err, record.ErrInviteReplaced) {
		t.Errorf("the letter's code after the emailed one: %v", err)
	}
	if m, err := s.Redeem(emailed, testKey(t), ""); err != nil || m.Number != ann.Number {
		t.Errorf("the emailed code signs in %+v (%v)", m, err)
	}
}
