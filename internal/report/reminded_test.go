package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"course/internal/record"
	"course/internal/store"
)

// setClock is a store clock that reads what it was last set to, so that a
// test can say when each event happens, and put the clock back as a
// computer's clock may be put back.
type setClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *setClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *setClock) set(t time.Time) {
	c.mu.Lock()
	c.at = t
	c.mu.Unlock()
}

// mailedRecords is a record file in which members are emailed reminders
// and invitations as course remind and members invite --send record them.
type mailedRecords struct {
	s     *store.Store
	clock *setClock
	day   func(d int) time.Time
	// The members by their first names (see newMailedRecords).
	numbers map[string]string
}

// newMailedRecords makes a record file of:
//   - Ann, never reminded;
//   - Bea, reminded once on day 3;
//   - Cy, reminded on day 2 and day 9;
//   - Di, reminded on day 9, then again after the computer's clock was
//     put back to day 5: the later reminder in the log is the earlier one;
//   - Ed, who answered a question on day 1 and was reminded on day 8;
//   - Flo, invited by email on day 4 and never reminded;
//   - Gus, reminded on day 6 and then erased.
func newMailedRecords(t *testing.T) *mailedRecords {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2025, 6, d, 9, 30, 0, 0, time.UTC) }
	clock := &setClock{at: day(1)}
	s, err := store.Open(filepath.Join(t.TempDir(), "records.db"), store.Options{Now: clock.now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	mr := &mailedRecords{s: s, clock: clock, day: day, numbers: map[string]string{}}
	for _, name := range []string{"Ann", "Bea", "Cy", "Di", "Ed", "Flo", "Gus"} {
		m, err := s.AddMember(record.NewMember{Name: name + " Jones", Ward: "Abbey", Email: name + "@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		mr.numbers[name] = m.Number
	}
	ed := mr.numbers["Ed"]
	if _, err := s.Append(ed, func(record.History) ([]record.Event, error) {
		return []record.Event{{Kind: record.QuestionAnswered, Member: ed, Module: "intro", ModuleVersion: "v1", Attempt: "a1", Question: "q1"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	mr.remind(t, "Cy", 2)
	mr.remind(t, "Bea", 3)
	flo := mr.numbers["Flo"]
	clock.set(day(4))
	_, expires, err := s.Invite(flo, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(flo, func(record.History) ([]record.Event, error) {
		return []record.Event{{Kind: record.InvitationSent, Member: flo, Reason: expires.Format(time.RFC3339)}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	mr.remind(t, "Gus", 6)
	mr.remind(t, "Ed", 8)
	mr.remind(t, "Cy", 9)
	mr.remind(t, "Di", 9)
	mr.remind(t, "Di", 5)
	if err := s.EraseMember(mr.numbers["Gus"], "left the council"); err != nil {
		t.Fatal(err)
	}
	return mr
}

// remind records a reminder emailed to the named member on day d, as
// course remind does: appended through the store with the standing it
// reminded them of.
func (mr *mailedRecords) remind(t *testing.T, name string, d int) {
	t.Helper()
	mr.clock.set(mr.day(d))
	number := mr.numbers[name]
	if _, err := mr.s.Append(number, func(record.History) ([]record.Event, error) {
		return []record.Event{{Kind: record.ReminderSent, Member: number, Reason: string(NotStarted)}}, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// rows reads the report of the records, by first name.
func (mr *mailedRecords) rows(t *testing.T) ([]Row, map[string]Row) {
	t.Helper()
	rows, err := read(mr.s, reportCourse, mr.day(20))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Row{}
	for name, number := range mr.numbers {
		i := slices.IndexFunc(rows, func(r Row) bool { return r.Number == number })
		if i < 0 {
			t.Fatalf("%s (%s) is not in the report", name, number)
		}
		byName[name] = rows[i]
	}
	return rows, byName
}

// The report's last reminded is the member's latest reminder by time,
// whatever order the log has them in; an invitation is not a reminder,
// and neither is activity in the course.
func TestLastReminded(t *testing.T) {
	mr := newMailedRecords(t)
	_, rows := mr.rows(t)
	for name, want := range map[string]struct{ reminded, invited, activity time.Time }{
		"Ann": {},
		"Bea": {reminded: mr.day(3)},
		"Cy":  {reminded: mr.day(9)},
		"Di":  {reminded: mr.day(9)},
		"Ed":  {reminded: mr.day(8), activity: mr.day(1)},
		"Flo": {invited: mr.day(4)},
		"Gus": {},
	} {
		r := rows[name]
		if !r.LastReminded.Equal(want.reminded) || !r.LastInvited.Equal(want.invited) || !r.LastActivity.Equal(want.activity) {
			t.Errorf("%s: last reminded %v, invited %v, active %v; want %v, %v, %v", name,
				r.LastReminded, r.LastInvited, r.LastActivity, want.reminded, want.invited, want.activity)
		}
	}
	// Being reminded is not starting the course.
	for name, want := range map[string]Status{"Ann": NotStarted, "Bea": NotStarted, "Cy": NotStarted, "Ed": InProgress, "Flo": NotStarted, "Gus": Erased} {
		if got := rows[name].Status; got != want {
			t.Errorf("%s is %q; want %q", name, got, want)
		}
	}
	// A filter by activity does not take a reminder for activity.
	var active []string
	for _, r := range (Filter{Since: mr.day(2)}).Apply(slices.Collect(maps.Values(rows))) {
		active = append(active, r.Name)
	}
	if len(active) != 0 {
		t.Errorf("active since day 2: %q; want nobody (only reminded)", active)
	}
}

// The CSV, JSON and workbook reports give last reminded as they give last
// activity (RFC 3339 in UTC, a date and time cell), blank for a member
// never reminded and for an erased one.
func TestLastRemindedInEveryOutput(t *testing.T) {
	mr := newMailedRecords(t)
	rows, byName := mr.rows(t)
	want := map[string]string{} // member number → last_reminded
	for name, r := range byName {
		want[r.Number] = map[string]string{"Bea": "2025-06-03T09:30:00Z", "Cy": "2025-06-09T09:30:00Z",
			"Di": "2025-06-09T09:30:00Z", "Ed": "2025-06-08T09:30:00Z"}[name]
	}

	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(records[0], "last_reminded")
	if col < 0 || !slices.Equal(records[0], Fields) || records[0][col-1] != "due" {
		t.Fatalf("CSV header %q; want Fields, with last_reminded after due", records[0])
	}
	for _, rec := range records[1:] {
		if rec[col] != want[rec[0]] {
			t.Errorf("CSV: member %s last_reminded %q; want %q", rec[0], rec[col], want[rec[0]])
		}
	}

	buf.Reset()
	if err := WriteJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var objects []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &objects); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		number, _ := o["member"].(string)
		got, ok := o["last_reminded"]
		if !ok {
			t.Fatalf("JSON record %v has no last_reminded", o)
		}
		if want[number] == "" && got != nil || want[number] != "" && got != want[number] {
			t.Errorf("JSON: member %s last_reminded %v; want %q (null when blank)", number, got, want[number])
		}
	}

	workbookHasTheCSVsRows(t, rows, nil)
	f := openWorkbook(t, rows, nil)
	sheet, err := f.GetRows(MembersSheet)
	if err != nil {
		t.Fatal(err)
	}
	col = slices.Index(sheet[0], "Last reminded (UTC)")
	if col < 0 || sheet[0][col-1] != "Due" {
		t.Fatalf("members sheet headings %q; want Last reminded (UTC) after Due", sheet[0])
	}
	for i, r := range sheet[1:] {
		cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
		got, _ := f.GetCellValue(MembersSheet, cell)
		w := ""
		if at, _ := time.Parse(time.RFC3339, want[r[0]]); want[r[0]] != "" {
			w = at.Format("02/01/2006 15:04")
		}
		if got != w {
			t.Errorf("workbook: member %s last reminded %q; want %q", r[0], got, w)
		}
	}
}
