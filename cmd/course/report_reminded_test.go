package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"course/internal/record"
	"course/internal/report"
	"course/internal/store"
)

// remindedFixture is the records fixture with Cat and Eve reminded by
// email, and Ben reminded and then erased, as course remind records them.
// It returns the rows of the report and the date they were reminded, as
// the table shows it.
func remindedFixture(t *testing.T) (recordsFixture, []report.Row, string) {
	t.Helper()
	f := newRecordsFixture(t)
	at := f.recent.Add(2 * time.Hour)
	s, err := store.Open(f.path, store.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"Cat", "Eve", "Ben"} {
		number := f.members[name].Number
		if _, err := s.Append(number, func(record.History) ([]record.Event, error) {
			return []record.Event{{Kind: record.ReminderSent, Member: number, Reason: string(report.NotStarted)}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.EraseMember(f.members["Ben"].Number, "resigned and asked for erasure"); err != nil {
		t.Fatal(err)
	}
	rows, _, _, err := report.ReadAt(s, reportInfo(f.course), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return f, rows, at.Local().Format(time.DateOnly)
}

// tableLines are the lines of a report table by member number.
func tableLines(out string) map[string]string {
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if fields := strings.Fields(l); len(fields) > 0 && strings.HasPrefix(fields[0], "M") && len(fields[0]) == 9 {
			lines[fields[0]] = l
		}
	}
	return lines
}

// A wide table shows when each member was last reminded, after the due
// date; at 80 columns the column is the first left out, and the table says
// so.
func TestReportTableShowsReminded(t *testing.T) {
	f, rows, reminded := remindedFixture(t)
	var buf bytes.Buffer
	if err := writeReportTable(&buf, rows, 200); err != nil {
		t.Fatal(err)
	}
	wide := buf.String()
	header := strings.Fields(strings.Split(wide, "\n")[0])
	if len(header) < 2 || header[len(header)-1] != "Reminded" || header[len(header)-2] != "Due" {
		t.Errorf("wide table's header %q; want Reminded last, after Due", header)
	}
	lines := tableLines(wide)
	for _, name := range []string{"Cat", "Eve"} {
		if line := lines[f.members[name].Number]; !strings.HasSuffix(strings.TrimSpace(line), reminded) {
			t.Errorf("%s's line does not end with the date reminded, %s:\n%s", name, reminded, wide)
		}
	}
	// Ann was never reminded (though active that day); Ben was, and was
	// then erased.
	for _, name := range []string{"Ann", "Ben"} {
		fields := strings.Fields(lines[f.members[name].Number])
		if len(fields) == 0 || fields[len(fields)-1] == reminded {
			t.Errorf("%s's line shows a reminder, or is missing: %q", name, fields)
		}
	}

	buf.Reset()
	if err := writeReportTable(&buf, rows, 80); err != nil {
		t.Fatal(err)
	}
	narrow := buf.String()
	for _, l := range strings.Split(strings.TrimRight(narrow, "\n"), "\n") {
		if lipgloss.Width(l) > 80 {
			t.Errorf("a line is %d wide at 80 columns:\n%s", lipgloss.Width(l), narrow)
		}
	}
	if strings.Contains(narrow, "Reminded  ") || !strings.Contains(strings.Join(strings.Fields(narrow), " "), "the Reminded, Ward and Last active columns are left out") {
		t.Errorf("at 80 columns the Reminded column is shown, or its leaving out is not said:\n%s", narrow)
	}
	if !strings.Contains(narrow, f.members["Ann"].Number+"  Ann Adams") || !strings.Contains(narrow, "Due") {
		t.Errorf("at 80 columns the table lost more than the optional columns:\n%s", narrow)
	}
}

// Piped, the report has the Reminded column too, with "-" for never.
func TestReportTextShowsReminded(t *testing.T) {
	f, rows, reminded := remindedFixture(t)
	var buf bytes.Buffer
	if err := writeReportText(&buf, rows); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if header := strings.Fields(strings.Split(out, "\n")[0]); len(header) < 2 || header[len(header)-1] != "Reminded" || header[len(header)-2] != "Due" {
		t.Errorf("header %q; want Reminded last, after Due", header)
	}
	lines := tableLines(out)
	for name, want := range map[string]string{"Cat": reminded, "Eve": reminded, "Ann": "-", "Ben": "-"} {
		if line := strings.TrimSpace(lines[f.members[name].Number]); !strings.HasSuffix(line, " "+want) {
			t.Errorf("%s's line %q; want it to end with %s", name, line, want)
		}
	}
}
