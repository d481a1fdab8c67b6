// Package merge brings a member's hand-in file (internal/handin), taken
// from the record file on their own computer, into the council's records:
// the course's rule of who the file's member is in those records, and of
// which of their events are new there.
//
// The member is found first by their events: if the records already hold
// an event the file holds (by the hash it was first sealed with,
// record.Event.FirstHash), the member who holds it is the one, and a
// member erased from the records is not brought back. Failing that, by
// the one rule of when two members are the same person
// (record.SameMember). Failing that, they are added, under the number they
// had in the file when no member has it, so that the number on their
// certificate stays theirs.
//
// Their events of the kinds a learner writes in the course are brought in,
// those the records do not hold yet, each with its first hash as Origin,
// the file's SHA-256 as HandIn, and its first time and version, after one
// hand-in-merged event that says which file brought them and who merged
// it; all of one file in one write transaction. So merging a file again
// adds nothing, and two files from one member (two computers, or one
// copied from the other) add each event once.
package merge

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"course/internal/handin"
	"course/internal/record"
	"course/internal/store"
)

// How says how a hand-in's member was found in the records.
type How int

const (
	// ByEvents: the records already held some of their events.
	ByEvents How = iota
	// SameMember: by their email, or their name within wards that agree.
	SameMember
	// Added: nobody in the records is them, so they were added.
	Added
)

// Result is what merging one file did.
type Result struct {
	Member  record.Member // The member in these records.
	How     How
	ByEmail bool // For SameMember: the email matched (else the name and ward).
	// Added is how many events were brought in; Already how many of the
	// file's events that would be were already in the records.
	Added, Already int
}

// OtherCourseError refuses a file of another course than the records'.
type OtherCourseError struct {
	File, Records record.CourseBinding
}

func (e *OtherCourseError) Error() string {
	return fmt.Sprintf("the file is from the course %q, and these records are of %q: "+
		"ask the member to hand in from this course, or merge the file into that course's records",
		titleOf(e.File), titleOf(e.Records))
}

// titleOf names a course for a person: its title, else its id.
func titleOf(b record.CourseBinding) string { return cmp.Or(strings.TrimSpace(b.Title), b.ID) }

// ErasedError refuses a file whose member was erased from the records.
type ErasedError struct {
	Number string
	On     time.Time // When they were erased; zero if not known.
}

func (e *ErasedError) Error() string {
	on := ""
	if !e.On.IsZero() {
		on = " on " + e.On.Local().Format("2 January 2006")
	}
	return fmt.Sprintf("%s was erased from these records%s; a hand-in does not bring them back", e.Number, on)
}

// ErrSplit means the file's events are held by more than one member in
// the records, so which of them it is cannot be told.
var ErrSplit = errors.New("the file's events are held by more than one member in these records")

// Records are the council's records, as Merge reads and writes them.
type Records interface {
	ReadLog(fn func(*store.LogReader) error) error
	Members() ([]record.Member, error)
	MemberEvents(number string) ([]record.Event, error)
	Append(member string, decide func(record.History) ([]record.Event, error)) ([]record.Event, error)
	AddMemberWith(nm record.NewMember, want string, then func(number string) ([]record.Event, error)) (record.Member, []record.Event, error)
}

// Brought are the kinds of event a hand-in brings in: a learner's own
// doing in the course. The member's details and keys are the council's
// records' own business.
var Brought = []record.Kind{record.ModuleOpened, record.ModuleRead, record.QuestionAnswered,
	record.QuizFinished, record.ModuleCompleted, record.RefresherFinished}

// merging keeps merges in one process one at a time: each reads the
// records, then writes what it found to be new.
var merging sync.Mutex

// Merge brings f into recs, whose course is course. by says who merges
// it, for the hand-in-merged event ("officer key SHA256:…", or a user's
// name). A file of another course is refused with an *OtherCourseError, a
// member erased from the records with an *ErasedError; nothing is written
// then, nor when nothing in the file is new.
func Merge(recs Records, course record.CourseBinding, f *handin.File, by string) (Result, error) {
	if f.Course.ID != course.ID {
		return Result{}, &OtherCourseError{File: f.Course, Records: course}
	}
	merging.Lock()
	defer merging.Unlock()

	first := make(map[string]bool, len(f.Events))
	for _, e := range f.Events {
		first[e.FirstHash()] = true
	}
	held := map[string]bool{}    // the first hashes of the file's events the records hold
	holders := map[string]bool{} // the members who hold them
	err := recs.ReadLog(func(lr *store.LogReader) error {
		for e, err := range lr.Events() {
			if err != nil {
				return err
			}
			if h := e.FirstHash(); first[string(h)] {
				held[string(h)] = true
				holders[string(e.Member)] = true
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}

	var res Result
	switch len(holders) {
	case 0:
		members, err := recs.Members()
		if err != nil {
			return Result{}, err
		}
		nm := newMember(f.Member)
		if m, byEmail, ok := record.SameMember(members, nm); ok {
			res.Member, res.How, res.ByEmail = m, SameMember, byEmail
		} else {
			res.Member, res.How = record.Member{Number: f.Member.Number}, Added
		}
	case 1:
		var number string
		for n := range holders {
			number = n
		}
		members, err := recs.Members()
		if err != nil {
			return Result{}, err
		}
		i := slices.IndexFunc(members, func(m record.Member) bool { return m.Number == number })
		if i < 0 {
			return Result{}, fmt.Errorf("member %s %w", number, record.ErrNotFound)
		}
		if members[i].Erased {
			return Result{}, erased(recs, number)
		}
		res.Member, res.How = members[i], ByEvents
	default:
		numbers := slices.Sorted(maps.Keys(holders))
		return Result{}, fmt.Errorf("%w (%s), so which of them the file is cannot be told: ask whoever looks after the course", ErrSplit, strings.Join(numbers, ", "))
	}

	brought := bring(f, held)
	res.Already = countBrought(f) - len(brought)
	if len(brought) == 0 {
		return res, nil // Nothing new: nothing is written.
	}
	events := func(number string) []record.Event {
		out := make([]record.Event, 0, len(brought)+1)
		out = append(out, record.Event{Kind: record.HandInMerged, Member: number, HandIn: f.SHA256, Reason: by, Total: len(brought)})
		for _, e := range brought {
			e.Member = number
			out = append(out, e)
		}
		return out
	}
	if res.How == Added {
		m, stored, err := recs.AddMemberWith(newMember(f.Member), f.Member.Number, func(number string) ([]record.Event, error) {
			return events(number), nil
		})
		if err != nil {
			return Result{}, err
		}
		res.Member, res.Added = m, len(stored)-1
		return res, nil
	}
	_, err = recs.Append(res.Member.Number, func(record.History) ([]record.Event, error) {
		return events(res.Member.Number), nil
	})
	if err != nil {
		return Result{}, err
	}
	res.Added = len(brought)
	return res, nil
}

// newMember is the file's member as details to match or add.
func newMember(m record.Member) record.NewMember {
	return record.NewMember{Name: m.Name, Email: m.Email, Ward: m.Ward, Role: m.Role, Elected: m.Elected}
}

// bring returns copies of the file's events of the Brought kinds whose
// first hash the records do not hold, as they are to be appended (Member
// left for the caller).
func bring(f *handin.File, held map[string]bool) []record.Event {
	var out []record.Event
	for _, e := range f.Events {
		if !slices.Contains(Brought, e.Kind) || held[e.FirstHash()] {
			continue
		}
		c := e
		c.Origin, c.HandIn = e.FirstHash(), f.SHA256
		c.Seq, c.Prev, c.Hash, c.Member = 0, "", "", ""
		out = append(out, c)
	}
	return out
}

// countBrought is how many of the file's events are of the Brought kinds.
func countBrought(f *handin.File) int { return CountBrought(f.Events) }

// CountBrought is how many of events are of the kinds a merge brings in:
// the number a hand-in of them says it holds, and a merge of it into
// records that hold none of them says it brought in.
func CountBrought(events []record.Event) int {
	n := 0
	for _, e := range events {
		if slices.Contains(Brought, e.Kind) {
			n++
		}
	}
	return n
}

// erased is the *ErasedError for member number, with when they were erased.
func erased(recs Records, number string) error {
	e := &ErasedError{Number: number}
	events, err := recs.MemberEvents(number)
	if err != nil {
		return err
	}
	for _, ev := range events {
		if ev.Kind == record.MemberErased {
			e.On = ev.Time
		}
	}
	return e
}
