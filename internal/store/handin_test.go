package store

import (
	"errors"
	"testing"
	"time"

	"course/internal/record"
)

// An event copied from another record file (it has an Origin) keeps the
// time and version it was first written with; others are stamped.
func TestAppendKeepsTimeOfCopiedEvents(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann Lee")
	first := time.Date(2024, 3, 2, 10, 0, 0, 5, time.FixedZone("BST", 3600))
	stored, err := s.Append(m.Number, func(record.History) ([]record.Event, error) {
		return []record.Event{
			{Kind: record.ModuleRead, Member: m.Number, Module: "intro", Time: first, AppVersion: "0.9", Origin: "ab12", HandIn: "cd34"},
			{Kind: record.ModuleRead, Member: m.Number, Module: "intro", Time: first, AppVersion: "0.9"},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := stored[0]; !got.Time.Equal(first) || got.Time.Location() != time.UTC || got.AppVersion != "0.9" {
		t.Errorf("copied event stored at %v by %q, want %v by 0.9", got.Time, got.AppVersion, first.UTC())
	}
	if got := stored[1]; got.Time.Equal(first) || got.AppVersion != "test-1.0" {
		t.Errorf("new event stored at %v by %q, want the store's clock and version", got.Time, got.AppVersion)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-2]; last.Origin != "ab12" || last.HandIn != "cd34" || !last.Time.Equal(first) {
		t.Errorf("read back %+v", last)
	}
	if _, err := s.VerifyHead(""); err != nil {
		t.Fatal(err)
	}
}

func TestAddMemberWithKeepsAFreeNumber(t *testing.T) {
	s := newTestStore(t)
	taken := addMember(t, s, "Ann Lee")
	event := func(number string) ([]record.Event, error) {
		return []record.Event{{Kind: record.ModuleRead, Member: number, Module: "intro"}}, nil
	}
	m, stored, err := s.AddMemberWith(record.NewMember{Name: "Bo Diaz"}, "M00000ABC", event)
	if err != nil {
		t.Fatal(err)
	}
	if m.Number != "M00000ABC" || len(stored) != 1 || stored[0].Member != m.Number {
		t.Errorf("added %s with %+v, want M00000ABC and its one event", m.Number, stored)
	}
	// A number taken, or not written as a number, is not used.
	for _, want := range []string{taken.Number, "m00000abd", "nonsense"} {
		m, _, err := s.AddMemberWith(record.NewMember{Name: "Cy " + want}, want, nil)
		if err != nil {
			t.Fatal(err)
		}
		if m.Number == want || m.Number == "M00000ABD" {
			t.Errorf("asked for %q, got %s", want, m.Number)
		}
	}
	// A failing then stores nothing, not even the member.
	_, events, _ := s.Head()
	refused := errors.New("no")
	if _, _, err := s.AddMemberWith(record.NewMember{Name: "Di Eve"}, "", func(string) ([]record.Event, error) { return nil, refused }); !errors.Is(err, refused) {
		t.Fatalf("got %v", err)
	}
	if _, after, _ := s.Head(); after != events {
		t.Errorf("events went from %d to %d", events, after)
	}
	if all, _ := s.Members(); len(all) != 5 {
		t.Errorf("%d members, want 5", len(all))
	}
}
