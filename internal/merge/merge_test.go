package merge_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/certificate"
	"course/internal/export"
	"course/internal/handin"
	"course/internal/merge"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/store/chain"
)

func binding(c *modules.Course) record.CourseBinding {
	return record.CourseBinding{ID: c.ID, Title: "Test council: " + c.ID, GuidanceVersion: c.GuidanceVersion}
}

// takeModules records member reading, answering and passing modules, as
// the course writes them on a member's own computer.
func takeModules(t *testing.T, s *store.Store, member string, mods []*modules.Module) {
	t.Helper()
	for _, m := range mods {
		a := record.NewAttemptID()
		ev := func(kind record.Kind) record.Event {
			return record.Event{Kind: kind, Member: member, Module: m.ID, ModuleVersion: m.Version}
		}
		answer := ev(record.QuestionAnswered)
		answer.Attempt, answer.Question, answer.Chosen, answer.Correct = a, "q1", []int{0}, true
		finished, completed := ev(record.QuizFinished), ev(record.ModuleCompleted)
		finished.Attempt, finished.Score, finished.Total, finished.Passed = a, 1, 1, true
		completed.Attempt, completed.Score, completed.Total, completed.Passed = a, 1, 1, true
		progresstest.Record(t, s, ev(record.ModuleOpened), ev(record.ModuleRead), answer, finished, completed)
	}
}

// handIn is what handin.Read gives for a file taken now of member's
// records in s.
func handIn(t *testing.T, s *store.Store, c *modules.Course, member string) *handin.File {
	t.Helper()
	m, err := s.Member(member)
	if err != nil {
		t.Fatal(err)
	}
	head, n, err := s.Head()
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.MemberEvents(member)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(s.Path() + head))
	return &handin.File{Course: binding(c), Records: s.Path(), Member: m, Made: time.Now().UTC(), AppVersion: "test-1.0",
		Count: n, Head: head, Events: events, SHA256: hex.EncodeToString(sum[:])}
}

// ownComputer is a member's own record file in which they have taken the
// first n modules of c.
func ownComputer(t *testing.T, c *modules.Course, nm record.NewMember, n int) (*store.Store, record.Member) {
	t.Helper()
	s := progresstest.NewStore(t)
	m, err := s.AddMember(nm)
	if err != nil {
		t.Fatal(err)
	}
	takeModules(t, s, m.Number, c.Modules[:n])
	return s, m
}

var dee = record.NewMember{Name: "Dee Jones", Email: "dee.jones@example.gov.uk", Ward: "Abbey"}

// files are the record file and its sidecar, as bytes.
func files(t *testing.T, s *store.Store) [2]string {
	t.Helper()
	var out [2]string
	for i, p := range []string{s.Path(), chain.SidecarPath(s.Path())} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

func mustMerge(t *testing.T, s *store.Store, c *modules.Course, f *handin.File) merge.Result {
	t.Helper()
	res, err := merge.Merge(s, binding(c), f, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMergeIntoEmptyRecords(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, len(c.Modules))
	f := handIn(t, own, c, m.Number)
	council := progresstest.NewStore(t)

	res := mustMerge(t, council, c, f)
	want := 5 * len(c.Modules)
	if res.How != merge.Added || res.Member.Number != m.Number || res.Member.Email != dee.Email || res.Added != want || res.Already != 0 {
		t.Fatalf("merge = %+v; want %s added with %d events", res, m.Number, want)
	}
	events, err := council.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != want+2 || events[0].Kind != record.MemberAdded || events[1].Kind != record.HandInMerged {
		t.Fatalf("the council's records hold %d events for the member, want member-added, hand-in-merged and %d", len(events), want)
	}
	if mark := events[1]; mark.HandIn != f.SHA256 || mark.Reason != "clerk" || mark.Total != want {
		t.Errorf("hand-in-merged event %+v", mark)
	}
	for i, e := range f.Events[1:] { // After the member's own member-added.
		got := events[i+2]
		if got.Origin != e.Hash || got.HandIn != f.SHA256 || !got.Time.Equal(e.Time) || got.Kind != e.Kind ||
			got.Attempt != e.Attempt || got.AppVersion != e.AppVersion || got.Hash == e.Hash {
			t.Errorf("event %d merged as %+v, from %+v", i, got, e)
		}
	}
	if _, err := council.VerifyHead(""); err != nil {
		t.Fatal(err)
	}

	// The member's certificate code verifies in the council's records.
	code := certificate.Code(f.Events, c.ModuleIDs())
	found, err := certificate.Find(council, c.ModuleIDs(), code)
	if err != nil {
		t.Fatalf("the member's code %s: %v", code, err)
	}
	if found.Member.Number != m.Number || found.HandIn != f.SHA256 || found.MergedBy != "clerk" {
		t.Errorf("Find = %+v", found)
	}

	// The xAPI statements are those of the member's own records: the same
	// events, ids, times and member number.
	if mine, theirs := statements(t, own, c), statements(t, council, c); mine != theirs {
		t.Errorf("statements differ:\n%s\nwant\n%s", theirs, mine)
	}
}

func statements(t *testing.T, s *store.Store, c *modules.Course) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := export.Write(context.Background(), &b, s, export.Options{Format: export.XAPI, XAPI: export.CourseOf(c)}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMergeIntoARoster(t *testing.T) {
	c := contenttest.Course(t)
	for _, tc := range []struct {
		name    string
		roster  record.NewMember
		byEmail bool
	}{
		{"by email", record.NewMember{Name: "Deirdre Jones", Email: "DEE.JONES@example.gov.uk"}, true},
		{"by name and ward", record.NewMember{Name: "dee  jones", Ward: "Abbey"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			own, m := ownComputer(t, c, dee, 2)
			council := progresstest.NewStore(t)
			if _, err := council.ImportMembers([]record.NewMember{{Name: "Ed Fox"}, tc.roster, {Name: "Dee Jones", Ward: "Castle"}}, nil); err != nil {
				t.Fatal(err)
			}
			members, _ := council.Members()
			res := mustMerge(t, council, c, handIn(t, own, c, m.Number))
			if res.How != merge.SameMember || res.ByEmail != tc.byEmail || res.Member.Name != tc.roster.Name || res.Added != 10 {
				t.Errorf("merge = %+v; want the roster's %q by the same-member rule", res, tc.roster.Name)
			}
			if after, _ := council.Members(); len(after) != len(members) {
				t.Errorf("%d members after the merge, want %d", len(after), len(members))
			}
		})
	}
}

func TestMergeAgainAddsNothing(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, 2)
	council := progresstest.NewStore(t)
	f := handIn(t, own, c, m.Number)
	mustMerge(t, council, c, f)
	before := files(t, council)
	res := mustMerge(t, council, c, f)
	if res.How != merge.ByEvents || res.Added != 0 || res.Already != 10 {
		t.Errorf("merging again = %+v; want nothing added, 10 already there", res)
	}
	if files(t, council) != before {
		t.Error("merging the same file again changed the records")
	}
}

func TestTwoComputersForOneMember(t *testing.T) {
	c := contenttest.Course(t)
	laptop, m1 := ownComputer(t, c, dee, 1)
	desktop, m2 := ownComputer(t, c, dee, 2)
	council := progresstest.NewStore(t)
	first := mustMerge(t, council, c, handIn(t, laptop, c, m1.Number))
	second := mustMerge(t, council, c, handIn(t, desktop, c, m2.Number))
	if second.How != merge.SameMember || second.Member.Number != first.Member.Number || second.Added != 10 {
		t.Errorf("the desktop's file: %+v; want 10 events for member %s", second, first.Member.Number)
	}
	// The member goes on with the laptop and hands in again: its file holds
	// what was merged before, which is added once.
	takeModules(t, laptop, m1.Number, c.Modules[1:3])
	third := mustMerge(t, council, c, handIn(t, laptop, c, m1.Number))
	if third.How != merge.ByEvents || third.Added != 10 || third.Already != 5 {
		t.Errorf("the laptop's second file: %+v; want 10 added, 5 already there", third)
	}
	if members, _ := council.Members(); len(members) != 1 {
		t.Errorf("%d members, want 1", len(members))
	}
	events, _ := council.MemberEvents(first.Member.Number)
	seen := map[string]bool{}
	for _, e := range events {
		if e.Origin != "" && seen[e.Origin] {
			t.Errorf("event %s brought in twice", e.Origin)
		}
		seen[e.Origin] = true
	}
}

func TestMergeRefusesAnotherCourse(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, 1)
	council := progresstest.NewStore(t)
	before := files(t, council)
	f := handIn(t, own, c, m.Number)
	f.Course = record.CourseBinding{ID: "other", Title: "Another council's guidance"}
	_, err := merge.Merge(council, binding(c), f, "clerk")
	var oc *merge.OtherCourseError
	if !errors.As(err, &oc) || !strings.Contains(err.Error(), "Another council's guidance") || !strings.Contains(err.Error(), binding(c).Title) {
		t.Errorf("merging another course's file: %v; want both titles", err)
	}
	if files(t, council) != before {
		t.Error("the records changed")
	}
}

func TestMergeDoesNotBringBackAnErasedMember(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, 1)
	council := progresstest.NewStore(t)
	mustMerge(t, council, c, handIn(t, own, c, m.Number))
	progresstest.Erase(t, council, m.Number)
	takeModules(t, own, m.Number, c.Modules[1:2])
	before := files(t, council)
	_, err := merge.Merge(council, binding(c), handIn(t, own, c, m.Number), "clerk")
	var ee *merge.ErasedError
	if !errors.As(err, &ee) || ee.Number != m.Number || ee.On.IsZero() ||
		!strings.Contains(err.Error(), m.Number+" was erased from these records on ") || !strings.Contains(err.Error(), "does not bring them back") {
		t.Errorf("merging an erased member's file: %v", err)
	}
	if files(t, council) != before {
		t.Error("the records changed")
	}
}

func TestNothingNewWritesNothing(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, 0)
	council := progresstest.NewStore(t)
	before := files(t, council)
	res := mustMerge(t, council, c, handIn(t, own, c, m.Number))
	if res.Added != 0 || files(t, council) != before {
		t.Errorf("a file with nothing to bring in: %+v, and the records changed: %v", res, files(t, council) != before)
	}
	if members, _ := council.Members(); len(members) != 0 {
		t.Errorf("%d members added", len(members))
	}
}
