package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"course/internal/record"
)

// xlsxRows are report rows of every kind: complete, erased, a name that
// looks like a formula, a ward with an accent, dates known and not.
func xlsxRows(t *testing.T) ([]Row, []Module) {
	t.Helper()
	at := func(d int) time.Time { return time.Date(2025, 5, d, 14, 30, 0, 0, time.UTC) }
	pass := func(member, module string, d int) record.Event {
		return record.Event{Kind: record.ModuleCompleted, Member: member, Module: module, ModuleVersion: "v1", Time: at(d), Passed: true}
	}
	members := []record.Member{
		{Number: "0001", Name: "Siân Gwŷn", Ward: "Ystradŵy", Role: record.RoleCouncillor, Elected: time.Date(2025, 1, 9, 0, 0, 0, 0, time.UTC)},
		{Number: "0002", Name: `=HYPERLINK("http://evil.example","Gus")`, Ward: "@Netherfield", Role: record.RoleCoopted},
		{Number: "0003", Name: "+44 1632 960000", Ward: "-Carlton", Role: record.RoleCouncillor, Elected: time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC)},
		{Number: "0004", Erased: true, Role: record.RoleCouncillor},
	}
	events := map[string][]record.Event{
		"0001": {pass("0001", "intro", 3), pass("0001", "ethics", 4)},
		"0002": {pass("0002", "intro", 5)},
		"0004": {pass("0004", "intro", 6)},
	}
	rows := build(members, events, reportCourse, time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC))
	return rows, []Module{{ID: "intro", Title: "Introduction"}, {ID: "ethics", Title: "Ethics online"}}
}

func openWorkbook(t *testing.T, rows []Row, modules []Module) *excelize.File {
	t.Helper()
	f, _ := writeWorkbook(t, rows, modules)
	return f
}

// writeWorkbook writes the workbook of rows and reads it back, returning
// its bytes too.
func writeWorkbook(t *testing.T, rows []Row, modules []Module) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	about := Workbook{Course: "Social Media course", Council: "Dyffryn Teg County Borough Council", Guidance: "Protocol",
		GuidanceVersion: "2.3", Made: time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC), Head: strings.Repeat("ab", 32), Events: 42, Modules: modules}
	if err := WriteXLSX(&buf, rows, about); err != nil {
		t.Fatal(err)
	}
	data := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook cannot be read back: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, data
}

// sheetXML is the XML of the workbook's nth sheet, from 1.
func sheetXML(t *testing.T, data []byte, n int) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(fmt.Sprintf("xl/worksheets/sheet%d.xml", n))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWorkbookHasTheCSVsRows reads the workbook back with excelize and
// compares its members sheet with the CSV report of the same rows.
func TestWorkbookHasTheCSVsRows(t *testing.T) {
	rows, modules := xlsxRows(t)
	workbookHasTheCSVsRows(t, rows, modules)
}

// workbookHasTheCSVsRows writes rows as a workbook and as CSV, and checks
// that the members sheet holds what the CSV does.
func workbookHasTheCSVsRows(t *testing.T, rows []Row, modules []Module) {
	t.Helper()
	f := openWorkbook(t, rows, modules)
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Members,Modules" {
		t.Fatalf("sheets %v; want Summary, Members, Modules", got)
	}

	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := f.GetRows(MembersSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet) != len(records) {
		t.Fatalf("%d rows in the sheet, %d in the CSV", len(sheet), len(records))
	}
	if strings.Join(sheet[0], "|") != strings.Join(Headings, "|") {
		t.Errorf("header %q; want %q", sheet[0], Headings)
	}
	for i, rec := range records[1:] {
		got := append(sheet[i+1], make([]string, len(Fields))...)[:len(Fields)]
		for j, field := range Fields {
			want := strings.TrimPrefix(rec[j], "'") // the CSV's guard against formulas
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			switch field {
			case "erased", "handed_in":
				want = map[string]string{"true": "yes", "false": ""}[want]
			case "last_activity", "due", "last_reminded", "email_refused", "last_invited":
				if want == "" {
					break
				}
				checkDateCell(t, f, cell, got[j], want, field == "due")
				continue
			}
			if got[j] != want {
				t.Errorf("row %d %s = %q; the CSV has %q", i+1, field, got[j], want)
			}
			if field == "name" || field == "ward" || field == "member" || field == "status" {
				if typ, _ := f.GetCellType(MembersSheet, cell); got[j] != "" && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s (%q) is a cell of type %v; want text", cell, got[j], typ)
				}
				if formula, _ := f.GetCellFormula(MembersSheet, cell); formula != "" {
					t.Errorf("%s has the formula %q", cell, formula)
				}
			}
		}
	}
}

// checkDateCell checks that a cell is a date (a number with a UK date
// format) for the CSV's value: an RFC 3339 time (in UTC in the sheet, as
// in the CSV) or a YYYY-MM-DD date.
func checkDateCell(t *testing.T, f *excelize.File, cell, raw, csvValue string, dateOnly bool) {
	t.Helper()
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s = %q; want a date cell (a number)", cell, raw)
		return
	}
	got, _ := excelize.ExcelDateToTime(serial, false)
	var want time.Time
	format := dateTimeFormat
	if dateOnly {
		want, _ = time.Parse(time.DateOnly, csvValue)
		format = dateFormat
	} else {
		want, _ = time.Parse(time.RFC3339, csvValue)
		want = want.UTC()
	}
	if d := got.Sub(want); d < -time.Second || d > time.Second {
		t.Errorf("%s is %v; the CSV has %s", cell, got, csvValue)
	}
	id, _ := f.GetCellStyle(MembersSheet, cell)
	style, err := f.GetStyle(id)
	if err != nil || style.CustomNumFmt == nil || *style.CustomNumFmt != format {
		t.Errorf("%s is not formatted as %s", cell, format)
	}
}

func TestWorkbookHeaderFiltersAndSummary(t *testing.T) {
	rows, modules := xlsxRows(t)
	f, data := writeWorkbook(t, rows, modules)
	// Excel shows filter buttons for a sheet's autoFilter element, and
	// prints by its page setup: both are in the sheet itself.
	for n, want := range map[int][]string{
		1: {`orientation="landscape"`, `fitToWidth="1"`},
		2: {`<autoFilter ref="A1:M5"`, `orientation="landscape"`, `fitToWidth="1"`},
		3: {`<autoFilter ref="A1:F5"`, `orientation="landscape"`, `fitToWidth="1"`},
	} {
		xml := sheetXML(t, data, n)
		for _, w := range want {
			if !strings.Contains(xml, w) {
				t.Errorf("sheet %d lacks %s", n, w)
			}
		}
		// As Excel writes it: no filter is applied, so no filterMode.
		if strings.Contains(xml, "filterMode") {
			t.Errorf("sheet %d says a filter is applied, though none is", n)
		}
	}
	summaryRows, _ := f.GetRows(SummarySheet)
	if xml := sheetXML(t, data, 1); !strings.Contains(xml, fmt.Sprintf(`<dimension ref="A1:B%d"`, len(summaryRows))) {
		t.Errorf("the summary's dimension is not A1:B%d: %.300s", len(summaryRows), xml[strings.Index(xml, "<dimension"):])
	}
	// The table sheets as Excel writes them: the dimension is the range in
	// use, and the column widths come in column order (Excel repairs a
	// sheet whose cols are out of order).
	for n, ref := range map[int]string{2: "A1:M5", 3: "A1:F5"} {
		xml := sheetXML(t, data, n)
		if !strings.Contains(xml, `<dimension ref="`+ref+`"`) {
			t.Errorf("sheet %d's dimension is not %s: %.60s", n, ref, xml[strings.Index(xml, "<dimension"):])
		}
		last := 0
		for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(xml, -1) {
			col, _ := strconv.Atoi(m[1])
			if col <= last {
				t.Errorf("sheet %d's column %d comes after column %d", n, col, last)
			}
			last = col
		}
	}
	for _, sheet := range []string{MembersSheet, ModulesSheet} {
		titles := false
		for _, d := range f.GetDefinedName() {
			titles = titles || (d.Name == "_xlnm.Print_Titles" && d.Scope == sheet && d.RefersTo == "'"+sheet+"'!$1:$1")
		}
		if !titles {
			t.Errorf("%s prints its header row on the first page only: %+v", sheet, f.GetDefinedName())
		}
		id, _ := f.GetCellStyle(sheet, "B2")
		if style, err := f.GetStyle(id); err != nil || style.Alignment == nil || !style.Alignment.WrapText {
			t.Errorf("%s's names do not wrap, so a long one is cut off on paper", sheet)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes %+v, %v; want the header row frozen", sheet, panes, err)
		}
		filtered := false
		for _, d := range f.GetDefinedName() {
			filtered = filtered || (d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet)
		}
		if !filtered {
			t.Errorf("%s has no filters: %+v", sheet, f.GetDefinedName())
		}
	}
	// The erased member is there by number only.
	members, _ := f.GetRows(MembersSheet)
	last := members[len(members)-1]
	if last[0] != "0004" || last[1] != "" || last[2] != "" || last[3] != "yes" {
		t.Errorf("the erased member's row is %q; want the number only", last)
	}
	passes, _ := f.GetRows(ModulesSheet)
	var got []string
	for _, r := range passes[1:] {
		got = append(got, r[0]+" "+r[2]+" "+r[4]+" "+r[5])
	}
	at := func(d int) string {
		return time.Date(2025, 5, d, 14, 30, 0, 0, time.UTC).Format("02/01/2006 15:04")
	}
	// Names sort first (Siân, =HYPERLINK…, +44…) as build keeps the given order.
	want := []string{"0001 intro " + at(3) + " yes", "0001 ethics " + at(4) + " yes", "0002 intro " + at(5) + " yes", "0004 intro " + at(6) + " yes"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("modules sheet:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	summary, _ := f.GetRows(SummarySheet)
	text := ""
	for _, r := range summary {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"Council|Dyffryn Teg County Borough Council", "Guidance|Protocol, version 2.3",
		"Chain head|" + strings.Repeat("ab", 32), "Events in the records|42", "Members in this report|4",
		"Status|Members\ncomplete|1\nin progress|1\nnot started|0\nneeds refresh|0\noverdue|1\nerased|1\n",
		"Ward|Members\n-Carlton|1\n@Netherfield|1\nYstradŵy|1\n(erased)|1\n", "Role|Members\nco-opted|1\ncouncillor|3\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
}

// Times in the workbook are in UTC, as in the CSV and JSON, whatever the
// computer's zone, and the headings and summary say so; the document's
// properties give when it was made.
func TestWorkbookTimesAreUTCAndSaySo(t *testing.T) {
	local := time.Local
	time.Local = time.FixedZone("BST", 3600)
	t.Cleanup(func() { time.Local = local })
	TestWorkbookHasTheCSVsRows(t)
	rows, modules := xlsxRows(t)
	f := openWorkbook(t, rows, modules)
	members, _ := f.GetRows(MembersSheet)
	passes, _ := f.GetRows(ModulesSheet)
	if !slices.Contains(members[0], "Last activity (UTC)") || !slices.Contains(passes[0], "Passed (UTC)") {
		t.Errorf("headings %q and %q do not say the times are UTC", members[0], passes[0])
	}
	if passes[1][4] != "03/05/2025 14:30" {
		t.Errorf("a pass at 14:30 UTC shows as %s", passes[1][4])
	}
	if made, _ := f.GetCellValue(SummarySheet, "A6"); made != "Report made (UTC)" {
		t.Errorf("the summary's A6 is %q, want Report made (UTC)", made)
	}
	if made, _ := f.GetCellValue(SummarySheet, "B6"); made != "15/06/2025 10:00" {
		t.Errorf("the report made at 10:00 UTC says %s", made)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Modified != "2025-06-15T10:00:00Z" || props.Created != props.Modified || props.Title != "Training report: Social Media course" {
		t.Errorf("document properties %+v, %v; want made and modified 2025-06-15T10:00:00Z, titled by the course", props, err)
	}
}
