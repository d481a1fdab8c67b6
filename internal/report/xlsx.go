package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"course/internal/safetext"
	"course/internal/stats"
)

// The workbook is written with excelize (github.com/xuri/excelize/v2), the
// most used and best kept Go library for Excel files: it writes real date
// cells, styles, frozen panes and filters, streams large sheets, and reads
// workbooks back for the tests. Every value from the records is written as
// a text cell, never a formula, so a name such as =HYPERLINK(…) is shown,
// not run.

// The workbook's sheets.
const (
	SummarySheet = "Summary"
	MembersSheet = "Members"
	ModulesSheet = "Modules"
)

// Headings are the column headings of the members sheet: Fields, as people
// read them. Times are in UTC, as in the CSV and JSON reports, and the
// headings say so: Excel's times have no zone of their own.
var Headings = []string{"Member", "Name", "Ward", "Erased", "Modules passed", "Modules", "Last activity (UTC)", "Status", "Due", "Last reminded (UTC)", "Handed in", "Email refused (UTC)", "Last invited (UTC)"}

// UK date formats for date cells.
const (
	dateFormat     = "dd/mm/yyyy"
	dateTimeFormat = "dd/mm/yyyy hh:mm"
)

// Workbook is what the workbook says about the report besides its rows.
type Workbook struct {
	Course          string // The course's title.
	Council         string
	Guidance        string // The guidance's title.
	GuidanceVersion string
	Made            time.Time // When the report was made.
	Head            string    // The records' chain head (see ReadAt).
	Events          int       // The number of events in the records.
	Filter          string    // The filter applied, in words; "" for none.
	Modules         []Module  // In Info.Modules order.
	// Questions, when given, adds the sheets of question and paragraph
	// statistics, with a chart of the paragraphs most missed.
	Questions *stats.Report
}

// Module names a module in the modules sheet.
type Module struct {
	ID, Title string
}

// statusColours are each status's fill and font, as Excel's own
// good/neutral/bad cell styles colour them: the status is also the cell's
// text, so nothing depends on seeing the colour.
var statusColours = map[Status][2]string{
	Complete:     {"C6EFCE", "006100"},
	InProgress:   {"FFEB9C", "9C5700"},
	NotStarted:   {"EDEDED", "3A3A3A"},
	NeedsRefresh: {"FCE4D6", "833C0B"},
	Overdue:      {"FFC7CE", "9C0006"},
}

// book holds a workbook being written and its styles.
type book struct {
	f                                       *excelize.File
	heading, bold, date, dateTime, no, wrap int
	status                                  map[Status]int
}

// WriteXLSX writes the rows as an Excel workbook: a summary sheet (the
// course, the records' chain head, and counts by status, ward and role), a
// members sheet with the report's columns (a frozen header, filters, UK
// dates as date cells, the status in words and colour, erased members by
// number only) and a modules sheet of who passed which module when; with
// about.Questions, the question and paragraph statistics too.
func WriteXLSX(w io.Writer, rows []Row, about Workbook) error {
	f := excelize.NewFile()
	defer f.Close()
	b, err := newBook(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return err
	}
	sheets := []string{MembersSheet, ModulesSheet}
	if about.Questions != nil {
		sheets = append(sheets, QuestionsSheet, ParagraphsSheet)
	}
	for _, name := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := printable(f, SummarySheet); err != nil {
		return err
	}
	if err := b.summary(rows, about); err != nil {
		return err
	}
	if err := b.members(rows); err != nil {
		return err
	}
	if err := b.modules(rows, about.Modules); err != nil {
		return err
	}
	made := about.Made.UTC().Format(time.RFC3339)
	if about.Questions != nil {
		if err := b.questions(about.Questions); err != nil {
			return err
		}
		if err := b.paragraphs(about.Questions); err != nil {
			return err
		}
	}
	err = f.SetDocProps(&excelize.DocProperties{
		Title:   "Training report: " + about.Course,
		Subject: about.Council + ", " + about.Guidance + " version " + about.GuidanceVersion,
		Creator: "course", LastModifiedBy: "course", Created: made, Modified: made,
		Language: "en-GB",
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	return tidySheets(w, buf.Bytes())
}

// printable sets a sheet to print on A4 landscape, as wide as one page,
// for papers to a committee.
func printable(f *excelize.File, sheet string) error {
	a4, landscape, wide, tall, fit := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func newBook(f *excelize.File) (*book, error) {
	b := &book{f: f, status: map[Status]int{}}
	dateFmt, dateTimeFmt := dateFormat, dateTimeFormat
	styles := []struct {
		id    *int
		style *excelize.Style
	}{
		{&b.heading, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 1}}}},
		{&b.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&b.date, &excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.dateTime, &excelize.Style{CustomNumFmt: &dateTimeFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.no, &excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		// A long name wraps in its column rather than being cut off on paper.
		{&b.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	for st, c := range statusColours {
		id, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
			Font: &excelize.Font{Color: c[1]}})
		if err != nil {
			return nil, err
		}
		b.status[st] = id
	}
	return b, nil
}

// text is record text for a cell: without format characters (see
// safetext.Visible), and always a string, so never a formula.
func text(s string) excelize.Cell { return excelize.Cell{Value: safetext.Visible(s)} }

// wrapped is text that wraps within its column.
func (b *book) wrapped(s string) excelize.Cell {
	c := text(s)
	c.StyleID = b.wrap
	return c
}

// dateCell is a date (or date and time) cell, or an empty one for the zero
// time. Excel's dates have no time zone: t is written as its clock reads,
// so times are given in UTC and their headings say so.
func dateCell(t time.Time, style int) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{}
	}
	return excelize.Cell{Value: t, StyleID: style}
}

// summary writes the summary sheet.
func (b *book) summary(rows []Row, about Workbook) error {
	f, sheet := b.f, SummarySheet
	filter := cmp.Or(about.Filter, "none: every member")
	lines := [][]any{
		{"Training report: " + about.Course},
		{},
		{"Council", about.Council},
		{"Course", about.Course},
		{"Guidance", about.Guidance + ", version " + about.GuidanceVersion},
		{"Report made (UTC)", about.Made.UTC()},
		{"Chain head", about.Head},
		{"Events in the records", about.Events},
		{"Filter", filter},
		{"Members in this report", len(rows)},
	}
	byStatus := map[string]int{}
	byWard := map[string]int{}
	byRole := map[string]int{}
	for _, r := range rows {
		byStatus[string(r.Status)]++
		ward := cmp.Or(safetext.Visible(r.Ward), "(no ward)")
		if r.Erased {
			ward = "(erased)"
		}
		byWard[ward]++
		byRole[cmp.Or(r.Role, "(not known)")]++
	}
	var statuses []string
	for _, st := range append(Statuses, Erased) {
		statuses = append(statuses, string(st))
	}
	wards := slices.SortedFunc(maps.Keys(byWard), func(a, b string) int {
		return cmp.Or(compareBool(strings.HasPrefix(a, "("), strings.HasPrefix(b, "(")),
			cmp.Compare(strings.ToLower(a), strings.ToLower(b)))
	})
	row := len(lines) + 2
	for i, l := range lines {
		for j, v := range l {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var err error
			switch v := v.(type) {
			case string:
				err = f.SetCellStr(sheet, cell, v)
			case time.Time:
				if err = f.SetCellValue(sheet, cell, v); err == nil {
					err = f.SetCellStyle(sheet, cell, cell, b.dateTime)
				}
			default:
				if err = f.SetCellValue(sheet, cell, v); err == nil {
					err = f.SetCellStyle(sheet, cell, cell, b.no)
				}
			}
			if err != nil {
				return err
			}
		}
		if len(l) == 2 {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetCellStyle(sheet, cell, cell, b.bold); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", b.bold); err != nil {
		return err
	}
	for _, table := range []struct {
		title string
		keys  []string
		count map[string]int
	}{
		{"Status", statuses, byStatus},
		{"Ward", wards, byWard},
		{"Role", slices.Sorted(maps.Keys(byRole)), byRole},
	} {
		top, _ := excelize.CoordinatesToCellName(1, row)
		end, _ := excelize.CoordinatesToCellName(2, row)
		if err := f.SetSheetRow(sheet, top, &[]any{table.title, "Members"}); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, top, end, b.heading); err != nil {
			return err
		}
		for _, k := range table.keys {
			row++
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetCellStr(sheet, cell, k); err != nil {
				return err
			}
			count, _ := excelize.CoordinatesToCellName(2, row)
			if err := f.SetCellInt(sheet, count, int64(table.count[k])); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, count, count, b.no); err != nil {
				return err
			}
			if st, ok := b.status[Status(k)]; ok && table.title == "Status" {
				if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
					return err
				}
			}
		}
		row += 2
	}
	// excelize leaves a sheet written cell by cell at "A1"; Excel writes
	// the range in use.
	if err := f.SetSheetDimension(sheet, fmt.Sprintf("A1:B%d", row-2)); err != nil {
		return err
	}
	width := 24.0
	for _, k := range wards {
		width = max(width, float64(utf8.RuneCountInString(k)+2))
	}
	if err := f.SetColWidth(sheet, "A", "A", min(width, 60)); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", 66) // a chain head
}

// members writes the members sheet: a row for each row of the report.
func (b *book) members(rows []Row) error {
	cells := make([][]excelize.Cell, len(rows))
	for i, r := range rows {
		erased, handedIn := "", ""
		if r.Erased {
			erased = "yes"
		}
		if r.HandedIn {
			handedIn = "yes"
		}
		cells[i] = []excelize.Cell{
			text(r.Number), b.wrapped(r.Name), text(r.Ward), text(erased),
			{Value: r.Passed}, {Value: r.Modules},
			dateCell(r.LastActivity.UTC(), b.dateTime), {Value: string(r.Status), StyleID: b.status[r.Status]},
			dateCell(r.Due, b.date), dateCell(r.LastReminded.UTC(), b.dateTime), text(handedIn),
			dateCell(r.EmailRefused.UTC(), b.dateTime), dateCell(r.LastInvited.UTC(), b.dateTime),
		}
	}
	return b.table(MembersSheet, Headings, cells)
}

// modules writes the modules sheet: a row for each module each member has
// passed, with their latest pass.
func (b *book) modules(rows []Row, modules []Module) error {
	var cells [][]excelize.Cell
	for _, r := range rows {
		for i, p := range r.Passes {
			if p.At.IsZero() || i >= len(modules) {
				continue
			}
			counts := "yes"
			if p.NeedsRefresh {
				counts = "needs refresh"
			}
			cells = append(cells, []excelize.Cell{
				text(r.Number), b.wrapped(r.Name), text(modules[i].ID), text(modules[i].Title),
				dateCell(p.At.UTC(), b.dateTime), text(counts),
			})
		}
	}
	return b.table(ModulesSheet, []string{"Member", "Name", "Module", "Title", "Passed (UTC)", "Still counts"}, cells)
}

// table streams a sheet of a header and rows, with the header frozen and
// filters on every column, and columns as wide as their widest cell.
func (b *book) table(sheet string, headings []string, rows [][]excelize.Cell) error {
	// The stream writer writes what the sheet has when it starts: filters
	// and page setup must be set first.
	last, _ := excelize.CoordinatesToCellName(len(headings), len(rows)+1)
	if err := b.f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	// Without it the stream writer says the sheet runs to A1 only.
	if err := b.f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return err
	}
	if err := printable(b.f, sheet); err != nil {
		return err
	}
	// The header row is printed at the top of every page.
	err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
	if err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Last column first: the stream writer puts each width before the
	// ones set already, and Excel wants them in column order.
	for col := len(headings) - 1; col >= 0; col-- {
		h := headings[col]
		width := utf8.RuneCountInString(h) + 4 // room for the filter button
		for _, r := range rows {
			width = max(width, cellWidth(r[col]))
		}
		if err := sw.SetColWidth(col+1, col+1, float64(min(width+2, 60))); err != nil {
			return err
		}
	}
	err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return err
	}
	header := make([]any, len(headings))
	for i, h := range headings {
		header[i] = excelize.Cell{Value: h, StyleID: b.heading}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	values := make([]any, len(headings))
	for i, r := range rows {
		for j, c := range r {
			values[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellWidth is about how many characters wide a cell shows.
func cellWidth(c excelize.Cell) int {
	switch v := c.Value.(type) {
	case string:
		return utf8.RuneCountInString(v)
	case time.Time:
		return len(dateTimeFormat)
	case nil:
		return 0
	}
	return len(fmt.Sprint(c.Value))
}
