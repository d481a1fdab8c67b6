package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"charm.land/lipgloss/v2"

	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/report"
	"course/internal/store"
)

// recordsFixture is a record file with one member in each report status.
type recordsFixture struct {
	path    string
	course  *modules.Course
	members map[string]record.Member // By first name.
	// recent is when the recent events were recorded, yesterday at noon
	// (so that the seconds between events never cross a midnight and move
	// a date the test expects); older ones are 30 days before.
	recent time.Time
}

func yesterdayNoon() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d-1, 12, 0, 0, 0, time.Local)
}

func newRecordsFixture(t *testing.T) recordsFixture {
	t.Helper()
	c, err := loadCourse("")
	if err != nil {
		t.Fatal(err)
	}
	f := recordsFixture{path: filepath.Join(t.TempDir(), "records.db"), course: c,
		members: map[string]record.Member{}, recent: yesterdayNoon()}
	at := f.recent.AddDate(0, 0, -30)
	s, err := store.Open(f.path, store.Options{Now: func() time.Time { at = at.Add(time.Second); return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// "Today" for the members added is the store's clock then: nobody is
	// elected after the day they are added.
	today := at
	longAgo := today.AddDate(-2, 0, 0)
	for _, nm := range []record.NewMember{
		{Name: "Ann Adams", Ward: "Abbey", Elected: longAgo},
		{Name: "Ben Brown", Ward: "Carlton"},
		{Name: "Cat Cole", Ward: "abbey", Elected: today},
		{Name: "Dan Dale", Ward: "Gedling"},
		{Name: "Eve Evans", Ward: "Carlton", Role: record.RoleCoopted, Elected: longAgo},
		{Name: "Fay Ford", Ward: "Phoenix"},
		{Name: "=HYPERLINK(\"http://evil.example\",\"Gus\")", Ward: "@Netherfield"},
	} {
		m, err := s.AddMember(nm)
		if err != nil {
			t.Fatal(err)
		}
		f.members[strings.Fields(strings.TrimPrefix(nm.Name, "=HYPERLINK(\"http://evil.example\",\""))[0]] = m
	}
	f.members["Gus"] = f.members["Gus\")"]
	delete(f.members, "Gus\")")
	rec := func(e record.Event) {
		t.Helper()
		if _, err := progresstest.Save(s, e); err != nil {
			t.Fatal(err)
		}
	}
	first := c.Modules[0]
	q := first.Questions[0]
	// Ben answered one question, a month ago.
	rec(record.Event{Kind: record.QuestionAnswered, Member: f.members["Ben"].Number, Module: first.ID,
		ModuleVersion: first.Version, Attempt: record.NewAttemptID(), Question: q.ID, Chosen: []int{0}, Correct: false})
	at = f.recent
	for _, m := range c.Modules {
		// Ann has completed every module; Dan did too, but of older versions.
		rec(record.Event{Kind: record.ModuleCompleted, Member: f.members["Ann"].Number, Module: m.ID,
			ModuleVersion: m.Version, Attempt: record.NewAttemptID(), Score: 8, Total: 8, Passed: true})
		rec(record.Event{Kind: record.ModuleCompleted, Member: f.members["Dan"].Number, Module: m.ID,
			ModuleVersion: "older", Attempt: record.NewAttemptID(), Score: 8, Total: 8, Passed: true})
	}
	// Eve passed one module, long after her deadline; Fay read one and was
	// then erased; Gus read one.
	rec(record.Event{Kind: record.ModuleCompleted, Member: f.members["Eve"].Number, Module: first.ID,
		ModuleVersion: first.Version, Attempt: record.NewAttemptID(), Score: 8, Total: 8, Passed: true})
	rec(record.Event{Kind: record.ModuleRead, Member: f.members["Fay"].Number, Module: first.ID, ModuleVersion: first.Version})
	rec(record.Event{Kind: record.ModuleRead, Member: f.members["Gus"].Number, Module: first.ID, ModuleVersion: first.Version})
	if err := s.EraseMember(f.members["Fay"].Number, "resigned and asked for erasure"); err != nil {
		t.Fatal(err)
	}
	return f
}

// reportLines runs course report and returns its lines by member number.
func reportLines(t *testing.T, f recordsFixture, args ...string) (map[string]string, string) {
	t.Helper()
	out, err := execute(t, append([]string{"--db", f.path, "report"}, args...)...)
	if err != nil {
		t.Fatalf("report %v: %v\n%s", args, err, out)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if fields := strings.Fields(l); len(fields) > 0 && strings.HasPrefix(fields[0], "M") && len(fields[0]) == 9 {
			lines[fields[0]] = l
		}
	}
	return lines, out
}

func TestReportStatuses(t *testing.T) {
	f := newRecordsFixture(t)
	lines, out := reportLines(t, f)
	due := func(m record.Member) string {
		return m.Elected.AddDate(0, f.course.DueMonths, 0).Format(time.DateOnly)
	}
	recent := f.recent.Local().Format(time.DateOnly)
	want := map[string][]string{
		"Ann": {"Ann Adams", "Abbey", "7 of 7", recent, "complete", due(f.members["Ann"])},
		"Ben": {"Ben Brown", "Carlton", "0 of 7", f.recent.AddDate(0, 0, -30).Local().Format(time.DateOnly), "in progress", "-"},
		"Cat": {"Cat Cole", "abbey", "0 of 7", "not started", due(f.members["Cat"])},
		"Dan": {"Dan Dale", "Gedling", "0 of 7", "needs refresh"},
		"Eve": {"Eve Evans", "Carlton", "1 of 7", "overdue", due(f.members["Eve"])},
		"Fay": {"(erased)", "0 of 7", "erased"},
		"Gus": {`=HYPERLINK("http://evil.example","Gus")`, "@Netherfield", "in progress"},
	}
	for name, parts := range want {
		line := lines[f.members[name].Number]
		for _, p := range parts {
			if !strings.Contains(line, p) {
				t.Errorf("%s's line lacks %q:\n%s", name, p, line)
			}
		}
	}
	if strings.Contains(out, "Fay Ford") || strings.Contains(out, "Phoenix") {
		t.Error("the erased member's details are shown")
	}
	if !strings.Contains(out, "Member") || !strings.Contains(out, "Last active") {
		t.Errorf("no header:\n%s", out)
	}
	if !strings.Contains(out, "7 members: 1 complete, 2 in progress, 1 not started, 1 needs refresh, 1 overdue, 1 erased.") {
		t.Errorf("summary missing or wrong:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") || strings.Contains(out, "│") {
		t.Error("piped output has escape codes or table borders")
	}
}

func TestReportFilters(t *testing.T) {
	f := newRecordsFixture(t)
	numbers := func(names ...string) []string {
		var ns []string
		for _, n := range names {
			ns = append(ns, f.members[n].Number)
		}
		slices.Sort(ns)
		return ns
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--status", "overdue"}, numbers("Eve")},
		{[]string{"--status", "overdue,not-started"}, numbers("Eve", "Cat")},
		{[]string{"--status", "complete", "--status", "needs refresh"}, numbers("Ann", "Dan")},
		// Fay, who was erased part way, needs no reminder.
		{[]string{"--status", "In-Progress"}, numbers("Ben", "Gus")},
		{[]string{"--ward", "ABBEY"}, numbers("Ann", "Cat")},
		{[]string{"--ward", "Carlton", "--status", "overdue"}, numbers("Eve")},
		{[]string{"--since", f.recent.AddDate(0, 0, -10).Format(time.DateOnly)}, numbers("Ann", "Dan", "Eve", "Fay", "Gus")},
		{[]string{"--since", f.recent.AddDate(0, 0, -40).Format("02/01/2006")}, numbers("Ann", "Ben", "Dan", "Eve", "Fay", "Gus")},
		{[]string{"--since", time.Now().AddDate(0, 0, 2).Format(time.DateOnly)}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			lines, out := reportLines(t, f, tt.args...)
			var got []string
			for n := range lines {
				got = append(got, n)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("members %v, want %v\n%s", got, tt.want, out)
			}
			if len(tt.want) == 0 && !strings.Contains(out, "No members match.") {
				t.Errorf("empty report says:\n%s", out)
			}
		})
	}
}

func TestReportBadFlags(t *testing.T) {
	f := newRecordsFixture(t)
	for _, args := range [][]string{
		{"--status", "finished"}, {"--format", "xls"}, {"--format", "pdf"}, {"--since", "last week"}, {"--since", "31/02/2025"},
		{"--format", "xlsx", "--out", "report.csv"}, {"--format", "csv", "--out", "report.xlsx"},
	} {
		_, err := execute(t, append([]string{"--db", f.path, "report"}, args...)...)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != exitUsage || !strings.Contains(ee.msg, args[0]) {
			t.Errorf("report %v: err = %v, want a usage error naming %s", args, err, args[0])
		}
	}
}

func TestReportCSV(t *testing.T) {
	f := newRecordsFixture(t)
	out, err := execute(t, "--db", f.path, "report", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	data, ok := strings.CutPrefix(out, "\uFEFF")
	if !ok {
		t.Fatalf("no byte order mark: %q", out[:min(len(out), 20)])
	}
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the report: %v", err)
	}
	if !slices.Equal(rows[0], report.Fields) || len(rows) != 8 {
		t.Fatalf("header %q and %d rows", rows[0], len(rows)-1)
	}
	byNumber := map[string][]string{}
	for _, r := range rows[1:] {
		byNumber[r[0]] = r
	}
	gus := byNumber[f.members["Gus"].Number]
	if gus[1] != `'=HYPERLINK("http://evil.example","Gus")` || gus[2] != "'@Netherfield" {
		t.Errorf("formula not neutralised: %q", gus)
	}
	ann := byNumber[f.members["Ann"].Number]
	if want := []string{"Ann Adams", "Abbey", "false", "7", "7"}; !slices.Equal(ann[1:6], want) || ann[7] != "complete" {
		t.Errorf("Ann's row = %q", ann)
	}
	if _, err := time.Parse(time.RFC3339, ann[6]); err != nil {
		t.Errorf("last_activity %q: %v", ann[6], err)
	}
	fay := byNumber[f.members["Fay"].Number]
	if fay[1] != "" || fay[2] != "" || fay[3] != "true" {
		t.Errorf("erased member's row = %q", fay)
	}
	if cat := byNumber[f.members["Cat"].Number]; cat[6] != "" || cat[8] == "" {
		t.Errorf("Cat's row = %q: want no activity and a due date", cat)
	}
}

func TestReportJSON(t *testing.T) {
	f := newRecordsFixture(t)
	out, err := execute(t, "--db", f.path, "report", "--format", "json", "--ward", "carlton")
	if err != nil {
		t.Fatal(err)
	}
	var records []map[string]any
	if err := json.Unmarshal([]byte(out), &records); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(records) != 2 {
		t.Fatalf("%d records, want Ben and Eve", len(records))
	}
	for _, r := range records {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := slices.Sorted(slices.Values(report.Fields))
		if !slices.Equal(keys, want) {
			t.Errorf("fields %q, want %q", keys, want)
		}
	}
	ben, eve := records[0], records[1]
	if ben["name"] != "Ben Brown" || ben["status"] != "in progress" || ben["due"] != nil || ben["modules"] != 7.0 {
		t.Errorf("Ben = %v", ben)
	}
	if eve["status"] != "overdue" || eve["modules_passed"] != 1.0 || eve["erased"] != false || eve["due"] == nil {
		t.Errorf("Eve = %v", eve)
	}
	empty, err := execute(t, "--db", f.path, "report", "--format", "json", "--ward", "nowhere")
	if err != nil || strings.TrimSpace(empty) != "[]" {
		t.Errorf("empty JSON report = %q, %v", empty, err)
	}
}

func TestReportTableFitsTheTerminal(t *testing.T) {
	f := newRecordsFixture(t)
	s, err := store.Open(f.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, _, err := report.ReadAt(s, reportInfo(f.course), time.Now())
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{40, 60, 80, 200} {
		var buf bytes.Buffer
		if err := writeReportTable(&buf, rows, width); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		widest := 0
		for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			widest = max(widest, lipgloss.Width(l))
		}
		if widest > width {
			t.Errorf("width %d: a line is %d wide:\n%s", width, widest, out)
		}
		if width == 200 && widest > 140 {
			t.Errorf("width %d: the table was stretched to %d", width, widest)
		}
		if width >= 80 && !strings.Contains(out, f.members["Ann"].Number+"  Ann Adams") {
			t.Errorf("width %d: member numbers or names are cut:\n%s", width, out)
		}
		if width == 200 && !strings.Contains(out, "@Netherfield") {
			t.Errorf("width %d: wards are cut although there is room:\n%s", width, out)
		}
		for _, want := range []string{"Member", "Status", "overdue", "───"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: table lacks %q:\n%s", width, want, out)
			}
		}
	}
}

// TestOutputsDropFormatCharacters checks that a name and ward hiding
// format characters (a right-to-left override and a zero-width space) come
// out without them in every report and export format.
func TestOutputsDropFormatCharacters(t *testing.T) {
	f := newRecordsFixture(t)
	s, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMember(record.NewMember{Name: "Hal \u202eeeL\u200b", Ward: "Ab\u200bbey\u202e"})
	if err == nil {
		first := f.course.Modules[0]
		_, err = progresstest.Save(s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: first.ID, ModuleVersion: first.Version})
	}
	if err == nil {
		var rows []report.Row
		if rows, _, _, err = report.ReadAt(s, reportInfo(f.course), time.Now()); err == nil {
			var table bytes.Buffer
			err = writeReportTable(&table, rows, 200)
			checkVisible(t, "report table", table.String(), "Hal eeL", "Abbey")
		}
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "json", ""} {
		out, err := execute(t, "--db", f.path, "report", "--format", format)
		if err != nil {
			t.Fatalf("report --format %q: %v", format, err)
		}
		checkVisible(t, "report --format "+format, strings.TrimPrefix(out, "\ufeff"), "Hal eeL", "Abbey")
	}
	for _, format := range []string{"csv", "json", "xapi"} {
		data, _ := exportWith(t, f, "--names", "--format", format)
		checkVisible(t, "export --format "+format, strings.TrimPrefix(string(data), "\ufeff"), "Hal eeL")
	}
}

// checkVisible fails unless out holds every one of want and no format
// character, written as it is or escaped for JSON.
func checkVisible(t *testing.T, what, out string, want ...string) {
	t.Helper()
	if i := strings.IndexFunc(out, func(r rune) bool { return unicode.Is(unicode.Cf, r) }); i >= 0 {
		t.Errorf("%s keeps a format character: %q", what, out[max(0, i-20):min(len(out), i+20)])
	}
	if lower := strings.ToLower(out); strings.Contains(lower, `\u202e`) || strings.Contains(lower, `\u200b`) {
		t.Errorf("%s keeps an escaped format character:\n%s", what, out)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// At 80 columns a name of 30 characters is shown whole: the optional
// columns are left out before the name is cut.
func TestReportTableGivesTheNameRoomBeforeOptionalColumns(t *testing.T) {
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rows := []report.Row{
		{Number: "MWE1DA479", Name: "Gwenllian Pritchard-Hughes Ŵyn", Ward: "Newstead Abbey and Papplewick",
			Passed: 3, Modules: 7, LastActivity: due.AddDate(0, -1, 0), Status: report.NeedsRefresh, Due: due, HandedIn: true},
		{Number: "M1HFM6CXZ", Name: "Al Bell", Ward: "Carlton", Modules: 7, Status: report.NotStarted, Due: due},
	}
	var buf bytes.Buffer
	if err := writeReportTable(&buf, rows, 80); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "Gwenllian Pritchard-Hughes Ŵyn") || strings.Contains(out, "…") {
		t.Errorf("at 80 columns the name is cut:\n%s", out)
	}
	if !strings.Contains(out, "the Ward") {
		t.Errorf("at 80 columns the table does not say which column it left out:\n%s", out)
	}
}
