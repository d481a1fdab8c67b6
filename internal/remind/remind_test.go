package remind

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/modules"
	"course/internal/modules/modulestest"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/report"
	"course/internal/store"
)

// clock is a store clock a test sets.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.at = t; c.mu.Unlock() }

var info = report.Info{
	CourseInfo: progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "one", Version: "v1"}, {ID: "two", Version: "v1"}}, PassMark: 80, RefreshMonths: 12},
	DueMonths:  3,
}

// records is a record file whose members were emailed and took the course
// as the commands record it, read back as the report reads it.
type records struct {
	t       *testing.T
	s       *store.Store
	clock   *clock
	numbers map[string]string // by first name
}

func newRecords(t *testing.T) *records {
	c := &clock{at: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	s, err := store.Open(filepath.Join(t.TempDir(), "records.db"), store.Options{Now: c.now, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &records{t: t, s: s, clock: c, numbers: map[string]string{}}
}

func (r *records) add(name, email string, elected time.Time) string {
	m, err := r.s.AddMember(record.NewMember{Name: name, Email: email, Elected: elected})
	if err != nil {
		r.t.Fatal(err)
	}
	r.numbers[name] = m.Number
	return m.Number
}

func (r *records) append(name string, events ...record.Event) {
	number := r.numbers[name]
	for i := range events {
		events[i].Member = number
	}
	if _, err := r.s.Append(number, func(record.History) ([]record.Event, error) { return events, nil }); err != nil {
		r.t.Fatal(err)
	}
}

// pass records a passed quiz and a completed module, as the course does.
func (r *records) pass(name, module string) {
	r.append(name,
		record.Event{Kind: record.QuizFinished, Module: module, ModuleVersion: "v1", Attempt: name + module, Score: 5, Total: 5, Passed: true},
		record.Event{Kind: record.ModuleCompleted, Module: module, ModuleVersion: "v1"})
}

// emailChanged is when member's email address was last changed, as the
// course reads it from their events.
func (r *records) emailChanged(member string) time.Time {
	events, err := r.s.MemberEvents(member)
	if err != nil {
		r.t.Fatal(err)
	}
	return record.DetailsChanged(events, "email")
}

func (r *records) read(now time.Time) ([]report.Row, []record.Member) {
	rows, _, _, err := report.ReadAt(r.s, info, now)
	if err != nil {
		r.t.Fatal(err)
	}
	members, err := r.s.Members()
	if err != nil {
		r.t.Fatal(err)
	}
	return rows, members
}

func names(ms []Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	slices.Sort(out)
	return out
}

// TestReminders: who a run reminds, and whom it leaves out and why.
func TestReminders(t *testing.T) {
	r := newRecords(t)
	day := func(d int) time.Time { return time.Date(2026, 1, d, 9, 0, 0, 0, time.UTC) }
	elected := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC) // due 1 December 2025: overdue
	r.add("Ann", "ann@example.org", time.Time{})           // not started
	r.add("Bob", "", time.Time{})                          // not started, no address
	r.add("Cy", "cy@example.org", elected)                 // overdue, reminded 3 days ago
	r.add("Di", "di@example.org", time.Time{})             // left
	r.add("Ed", "ed@example.org", elected)                 // overdue, reminded 10 days ago
	r.add("Flo", "flo@example.org", time.Time{})           // invited 2 days ago
	r.add("Gus", "gus@example.org", time.Time{})           // complete
	r.add("Hal", "hal@example.org", time.Time{})           // in progress
	r.pass("Gus", "one")
	r.pass("Gus", "two")
	r.pass("Hal", "one")
	r.clock.set(day(10))
	r.append("Ed", record.Event{Kind: record.ReminderSent, Reason: "overdue"})
	r.clock.set(day(17))
	r.append("Cy", record.Event{Kind: record.ReminderSent, Reason: "overdue"})
	r.clock.set(day(18))
	r.append("Flo", record.Event{Kind: record.InvitationSent, Reason: day(30).Format(time.RFC3339)})
	if err := r.s.EraseMember(r.numbers["Di"], "left the council"); err != nil {
		t.Fatal(err)
	}

	now := day(20)
	rows, members := r.read(now)
	p := Reminders(rows, members, Options{Now: now})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Ed", "Hal"}) {
		t.Errorf("sent to %v; want Ann, Ed and Hal", got)
	}
	if got := names(p.NoEmail); !slices.Equal(got, []string{"Bob"}) {
		t.Errorf("no email: %v; want Bob", got)
	}
	if got := names(p.Recent); !slices.Equal(got, []string{"Cy", "Flo"}) {
		t.Errorf("emailed lately: %v; want Cy (reminded) and Flo (invited)", got)
	}

	// Reminders that send members to the server leave out those who cannot sign in there.
	p = Reminders(rows, members, Options{Now: now, SignIn: map[string]bool{r.numbers["Ann"]: true}})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann"}) || !slices.Equal(names(p.CannotSignIn), []string{"Cy", "Ed", "Flo", "Hal"}) {
		t.Errorf("with Ann alone able to sign in: sent to %v, cannot sign in %v", got, names(p.CannotSignIn))
	}

	// --force reminds those emailed lately too; never the complete or the erased.
	p = Reminders(rows, members, Options{Now: now, Force: true})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Cy", "Ed", "Flo", "Hal"}) || len(p.Recent) != 0 {
		t.Errorf("with force: sent to %v, left out as recent %v", got, names(p.Recent))
	}
	// A shorter window; and only some statuses (complete is never among them).
	p = Reminders(rows, members, Options{Now: now, Every: 24 * time.Hour})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Cy", "Ed", "Flo", "Hal"}) {
		t.Errorf("reminded within a day left out: sent to %v", got)
	}
	p = Reminders(rows, members, Options{Now: now, Statuses: []report.Status{report.Overdue, report.Complete}, Force: true})
	if got := names(p.Send); !slices.Equal(got, []string{"Cy", "Ed"}) || len(p.NoEmail) != 0 {
		t.Errorf("overdue only: sent to %v, no email %v", got, names(p.NoEmail))
	}
}

// TestReminderSaysWhatIsLeft: the modules left and to take again, and the
// date, as the member's row gives them.
func TestReminderSaysWhatIsLeft(t *testing.T) {
	r := newRecords(t)
	r.add("Hal", "hal@example.org", time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	r.pass("Hal", "two")
	rows, members := r.read(r.clock.now())
	p := Reminders(rows, members, Options{Now: r.clock.now()})
	if len(p.Send) != 1 {
		t.Fatalf("plan = %+v", p)
	}
	// Reminder needs the course's modules: two, in course order.
	c := courseOf(t)
	rem := Reminder(c, p.Send[0])
	if len(rem.Left) != 1 || rem.Left[0].ID != "one" || len(rem.Refresh) != 0 || rem.Status != "in progress" ||
		!rem.Due.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) || !rem.Overdue.IsZero() {
		t.Errorf("reminder = %+v", rem)
	}

	// A year and more later the pass needs a refresh, and the course is overdue.
	later := r.clock.now().AddDate(1, 1, 0)
	rows, members = r.read(later)
	p = Reminders(rows, members, Options{Now: later})
	rem = Reminder(c, p.Send[0])
	if rem.Status != "overdue" || len(rem.Left) != 1 || len(rem.Refresh) != 1 || rem.Refresh[0].ID != "two" || rem.Overdue.IsZero() || !rem.Due.IsZero() {
		t.Errorf("a year on: %+v", rem)
	}
}

// TestInvitations: everyone who cannot sign in and was not emailed a code
// that still works; a printed letter's code or a failed email's is not one.
func TestInvitations(t *testing.T) {
	r := newRecords(t)
	for _, name := range []string{"Ann", "Cy", "Di", "Ed", "Flo"} {
		r.add(name, name+"@example.org", time.Time{})
	}
	r.add("Bob", "", time.Time{})
	// Gus completed the course on his own computer and handed it in: he
	// has no key, and is not new.
	r.add("Gus", "gus@example.org", time.Time{})
	r.pass("Gus", "one")
	r.pass("Gus", "two")
	// Cy signs in with a key; Di was emailed a code; Ed was printed a letter;
	// Flo was emailed a code that has since expired.
	if _, _, err := r.s.AddKeys(r.numbers["Cy"], []record.NewKey{{Key: newKey(t)}}); err != nil {
		t.Fatal(err)
	}
	_, exp, err := r.s.Invite(r.numbers["Di"], 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r.append("Di", record.Event{Kind: record.InvitationSent, Reason: exp.Format(time.RFC3339)})
	if _, _, err := r.s.Invite(r.numbers["Ed"], 14*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	_, exp, _ = r.s.Invite(r.numbers["Flo"], time.Hour)
	r.append("Flo", record.Event{Kind: record.InvitationSent, Reason: exp.Format(time.RFC3339)})
	r.clock.set(r.clock.now().Add(2 * time.Hour))

	rows, members := r.read(r.clock.now())
	keys, _ := r.s.Keys("")
	enrolled := map[string]bool{}
	for _, k := range keys {
		enrolled[k.Member] = true
	}
	codes, _ := r.s.LiveCodes()
	live := map[string]time.Time{}
	for n, c := range codes {
		live[n] = c.Issued
	}
	p := Invitations(rows, members, enrolled, live, r.emailChanged)
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Ed", "Flo"}) {
		t.Errorf("invited %v; want Ann, Ed (a printed code) and Flo (an expired one)", got)
	}
	if got := names(p.Invited); !slices.Equal(got, []string{"Di"}) {
		t.Errorf("already invited: %v; want Di", got)
	}
	if got := names(p.NoEmail); !slices.Equal(got, []string{"Bob"}) {
		t.Errorf("no email: %v; want Bob", got)
	}
}

func newKey(t *testing.T) gossh.PublicKey { return progresstest.NewKey(t) }

// courseOf is the test pack, whose modules are "one" and "two" as info
// names them.
func courseOf(t *testing.T) *modules.Course {
	c, err := modules.Load(modulestest.ValidFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Modules) != 2 || c.Modules[0].ID != "one" || c.Modules[1].ID != "two" {
		t.Fatalf("the test pack's modules are not one and two: %v", c.Modules)
	}
	return c
}

// TestRefusedAddresses: a member whose address the mail server refused
// for good is listed, not reminded or invited, even with Force, until the
// address is corrected; the officer naming them tries it again.
func TestRefusedAddresses(t *testing.T) {
	r := newRecords(t)
	r.add("Ann", "ann@example.org", time.Time{})
	r.add("Bob", "bob@example.org", time.Time{})
	r.add("Cy", "cy@exmaple.org", time.Time{})
	r.append("Bob", record.Event{Kind: record.EmailRefused, Reason: "550 5.1.1"})
	r.append("Cy", record.Event{Kind: record.EmailRefused, Reason: "550 5.1.1"})
	r.clock.set(r.clock.now().Add(time.Hour))
	if _, err := r.s.ImportMembers([]record.NewMember{{Name: "Cy", Email: "cy@example.org"}}, nil); err != nil {
		t.Fatal(err)
	}
	now := r.clock.now()
	rows, members := r.read(now)
	p := Reminders(rows, members, Options{Now: now, Force: true})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Cy"}) || !slices.Equal(names(p.Refused), []string{"Bob"}) {
		t.Errorf("reminders: sent to %v, refused %v; want Ann and Cy (corrected), Bob refused", got, names(p.Refused))
	}
	p = Reminders(rows, members, Options{Now: now, Named: true})
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Bob", "Cy"}) || len(p.Refused) != 0 {
		t.Errorf("members named: sent to %v, refused %v; want all three", got, names(p.Refused))
	}
	p = Invitations(rows, members, nil, nil, r.emailChanged)
	if got := names(p.Send); !slices.Equal(got, []string{"Ann", "Cy"}) || !slices.Equal(names(p.Refused), []string{"Bob"}) {
		t.Errorf("invitations: sent to %v, refused %v; want Ann and Cy, Bob refused", got, names(p.Refused))
	}
}

// TestAnAddressChangedSinceTheLastEmail: an invitation or reminder sent to
// an address the member's was changed from since (a relay took it, and it
// bounced later) does not count: the member is invited, or reminded
// within the window, at the new address. A change of other details does
// not bring another email.
func TestAnAddressChangedSinceTheLastEmail(t *testing.T) {
	r := newRecords(t)
	for _, name := range []string{"Ann", "Bob", "Cy", "Di"} {
		r.add(name, strings.ToLower(name)+"@exmaple.org", time.Time{})
	}
	// Ann and Bob were emailed codes; Cy and Di were reminded.
	for _, name := range []string{"Ann", "Bob"} {
		_, exp, err := r.s.Invite(r.numbers[name], 14*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		r.append(name, record.Event{Kind: record.InvitationSent, Reason: exp.Format(time.RFC3339)})
	}
	r.append("Cy", record.Event{Kind: record.ReminderSent})
	r.append("Di", record.Event{Kind: record.ReminderSent})
	r.clock.set(r.clock.now().Add(time.Hour))
	// Ann's and Cy's addresses are corrected; Bob's and Di's wards change.
	if _, err := r.s.ImportMembers([]record.NewMember{
		{Name: "Ann", Email: "ann@example.org"}, {Name: "Bob", Ward: "Abbey"},
		{Name: "Cy", Email: "cy@example.org"}, {Name: "Di", Ward: "Abbey"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	now := r.clock.now().Add(time.Hour)
	rows, members := r.read(now)
	codes, _ := r.s.LiveCodes()
	live := map[string]time.Time{}
	for n, c := range codes {
		live[n] = c.Issued
	}
	inv := Invitations(rows, members, map[string]bool{}, live, r.emailChanged)
	if got, invited := names(inv.Send), names(inv.Invited); !slices.Contains(got, "Ann") || slices.Contains(got, "Bob") || !slices.Contains(invited, "Bob") {
		t.Errorf("invitations: send %v, already invited %v; want Ann sent again, Bob not", got, invited)
	}
	rem := Reminders(rows, members, Options{Now: now, EmailChanged: r.emailChanged})
	if got, recent := names(rem.Send), names(rem.Recent); !slices.Contains(got, "Cy") || slices.Contains(got, "Di") || !slices.Contains(recent, "Di") {
		t.Errorf("reminders: send %v, recent %v; want Cy reminded again, Di not", got, recent)
	}
	// Ann's code went to her old address: reminders that send members to
	// the server count it as no code; Bob's still counts.
	rem = Reminders(rows, members, Options{Now: now, Force: true, SignIn: map[string]bool{}, Codes: live, EmailChanged: r.emailChanged})
	if cannot, got := names(rem.CannotSignIn), names(rem.Send); !slices.Contains(cannot, "Ann") || slices.Contains(cannot, "Bob") || !slices.Contains(got, "Bob") {
		t.Errorf("reminders to the server: cannot sign in %v, send %v; want Ann unable, Bob sent", cannot, got)
	}
}
