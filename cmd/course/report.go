package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"course/internal/dates"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/report"
	"course/internal/safetext"
)

type reportOptions struct {
	statuses []string
	since    string
	ward     string
	format   string
	out      string
	// questions asks for question statistics, and allAttempts for them
	// over every finished attempt (see report_questions.go).
	questions, allAttempts bool
}

func newReportCmd(opts *options) *cobra.Command {
	ro := &reportOptions{}
	cmd := &cobra.Command{
		Use:         "report",
		Annotations: overSSH(),
		Short:       "Show every member's progress, for the monitoring officer",
		Long: `Show one row per member: member number, name, ward, modules passed, last
activity, status, the date by which the course is due and when the member
was last reminded by email. CSV, JSON and the workbook add when the mail
server last refused the member's address and when they were last emailed
their invitation.

The status is one of:
  complete       every module passed, none needing a refresh
  in progress    started but not complete
  not started    nothing done yet
  needs refresh  completed, but a module has changed or a pass is older
                 than the course's refresh interval
  overdue        not complete (not started or in progress) after the due
                 date: the date elected or co-opted plus the course's
                 due_months

Erased members are listed by number only. On a terminal the report is a
table; piped or redirected it is plain text, or CSV or JSON with --format.

--format xlsx writes an Excel workbook for the Standards Committee: a
summary sheet (counts by status, ward and role; the course, guidance
version, date and the records' chain head), a members sheet (the report's
columns, UK dates, filters and a frozen header) and a modules sheet (who
passed which module when). Give the file with --out; a name ending .xlsx,
.csv or .json chooses the format by itself.
` + questionsHelp,
		Example: "  course report\n" +
			"  course report --status overdue,not-started --ward Carlton\n" +
			"  course report --format xlsx --out report.xlsx\n" +
			"  course report --since 2025-04-01 --format csv > report.csv\n" +
			"  course report --questions\n" +
			"  course report --questions --format xlsx --out committee.xlsx",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd, opts, ro)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&ro.statuses, "status", nil, "only members with this status; repeat it or list with commas: complete, in-progress, not-started, needs-refresh, overdue")
	f.StringVar(&ro.since, "since", "", "only members with activity on or after this date (YYYY-MM-DD or DD/MM/YYYY)")
	f.StringVar(&ro.ward, "ward", "", "only members of this ward")
	f.StringVar(&ro.format, "format", "", "xlsx (an Excel workbook), csv or json instead of a table")
	f.StringVarP(&ro.out, "out", "o", "", "file to write (needed for xlsx on a terminal)")
	f.BoolVar(&ro.questions, "questions", false, "question and paragraph statistics: what members get wrong, and which questions to rewrite")
	f.BoolVar(&ro.allAttempts, "all-attempts", false, "with --questions: count every finished attempt, not only each member's first answer")
	return cmd
}

// reportExtensions are the file name endings of the report's formats.
var reportExtensions = map[string]string{"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}

// reportFormat is the format asked for: --format, or else the ending of
// the --out file's name. A name that does not fit the format is refused:
// Excel opens a file by its ending, so a workbook called .csv would not
// open.
func reportFormat(opts *options, ro *reportOptions) (string, error) {
	format := strings.ToLower(strings.TrimSpace(ro.format))
	switch format {
	case "", "csv", "json", "xlsx":
	case "excel", "xls":
		return "", flagError("report", "--format: use xlsx for an Excel workbook")
	default:
		return "", flagError("report", "--format: %q is not a report format: use xlsx, csv or json, or leave it out for a table", safetext.Inert(ro.format))
	}
	ext := strings.ToLower(filepath.Ext(ro.out))
	if format == "" {
		for f, e := range reportExtensions {
			if ext == e {
				return f, nil
			}
		}
		return "", nil
	}
	// Over SSH --out is refused later, and the server's folders are not
	// the officer's business.
	if folder := folderNamed(ro.out); folder != "" && opts.served == nil {
		return "", flagError("report", "--out: %s %s, not a file. Give the name of a file to write, inside it or elsewhere: for example --out %s",
			safetext.Inert(ro.out), folder, safetext.Inert(filepath.Join(ro.out, "report"+reportExtensions[format])))
	}
	if ro.out != "" && ext != reportExtensions[format] {
		what := map[string]string{"xlsx": "an Excel workbook", "csv": "a CSV file", "json": "a JSON file"}[format]
		fix := ""
		if slices.Contains(slices.Collect(maps.Values(reportExtensions)), ext) {
			fix = ", or leave out --format to write what its name ends with"
		}
		// The same folder, so that the name given works as typed.
		return "", flagError("report", "--out %s: the name of %s must end %s, or it will not open as one: give --out %s%s",
			safetext.Inert(ro.out), what, reportExtensions[format],
			safetext.Inert(strings.TrimSuffix(ro.out, filepath.Ext(ro.out))+reportExtensions[format]), fix)
	}
	return format, nil
}

// folderNamed says how path names a folder ("is a folder" when there is
// one, "names a folder" when it ends with a path separator), or "" when
// it does not.
func folderNamed(path string) string {
	if info, err := os.Stat(path); path != "" && err == nil && info.IsDir() {
		return "is a folder"
	}
	if path != "" && os.IsPathSeparator(path[len(path)-1]) {
		return "names a folder"
	}
	return ""
}

func runReport(cmd *cobra.Command, opts *options, ro *reportOptions) error {
	if err := checkQuestionFlags(ro); err != nil {
		return err
	}
	if ro.questions {
		format, err := reportFormat(opts, ro)
		if err != nil {
			return err
		}
		return runQuestions(cmd, opts, ro, format)
	}
	var filter report.Filter
	for _, s := range ro.statuses {
		st, err := report.ParseStatus(s)
		if err != nil {
			return flagError("report", "--status: unknown status %q: use complete, in-progress, not-started, needs-refresh or overdue", s)
		}
		filter.Statuses = append(filter.Statuses, st)
	}
	if ro.since != "" {
		since, err := parseSince(ro.since)
		if err != nil {
			return flagError("report", "--since: %v", err)
		}
		filter.Since = since
	}
	filter.Ward = ro.ward
	format, err := reportFormat(opts, ro)
	if err != nil {
		return err
	}

	store, c, err := readRecords(opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer store.Close()
	now := time.Now()
	rows, head, events, err := report.ReadAt(store, reportInfo(c), now)
	if err != nil {
		return err
	}
	rows = filter.Apply(rows)

	if format == "xlsx" {
		about := workbookAbout(c, now, head, events, ro)
		err := writeDocument(cmd, opts, "report", ro.out, "the workbook", ".xlsx", func(w io.Writer) error {
			return report.WriteXLSX(w, rows, about)
		})
		if err != nil || ro.out == "" {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "Wrote the report of %s to %s.\nchain head %s over %d events\n",
			count(len(rows), "member", "members"), safetext.Inert(ro.out), orNone(head), events)
		return nil
	}
	if ro.out != "" {
		return writeOutput(opts, "report", "--out", ro.out, func(w *bufio.Writer) error {
			return writeReport(w, format, rows, false)
		})
	}
	out := dataWriter(cmd.OutOrStdout())
	if format == "" && opts.served != nil {
		// Over SSH the report is for the officer's screen, whose width is
		// known with a terminal (ssh -t) and is taken to be 80 without:
		// files come with --format.
		return drawReportTable(out, inertRows(rows), reportWidth(out), "a wider window with ssh -t, or --format csv,")
	}
	return writeReport(out, format, rows, isTerminal(out))
}

// writeReport writes the report as text, CSV or JSON; on a terminal, as a
// table, with record text made inert.
func writeReport(out io.Writer, format string, rows []report.Row, terminal bool) error {
	switch format {
	case "csv":
		if terminal {
			rows = inertRows(rows)
		}
		return report.WriteCSV(out, rows)
	case "json":
		return report.WriteJSON(out, rows)
	}
	if terminal {
		return writeReportTable(out, rows, reportWidth(out))
	}
	return writeReportText(out, rows)
}

// workbookAbout is what the workbook says about the report.
func workbookAbout(c *modules.Course, now time.Time, head string, events int, ro *reportOptions) report.Workbook {
	about := report.Workbook{Course: c.Title, Council: c.Council, Guidance: c.GuidanceTitle, GuidanceVersion: c.GuidanceVersion,
		Made: now, Head: head, Events: events}
	for _, m := range c.Modules {
		about.Modules = append(about.Modules, report.Module{ID: m.ID, Title: m.Title})
	}
	var filter []string
	if len(ro.statuses) > 0 {
		filter = append(filter, "status "+strings.Join(ro.statuses, ", "))
	}
	if ro.since != "" {
		filter = append(filter, "active since "+ro.since)
	}
	if ro.ward != "" {
		filter = append(filter, "ward "+ro.ward)
	}
	about.Filter = strings.Join(filter, "; ")
	return about
}

// reportInfo is what the report needs from the course.
func reportInfo(c *modules.Course) report.Info {
	info := report.Info{
		CourseInfo: progress.CourseInfo{PassMark: c.PassMark, RefreshMonths: c.RefreshMonths},
		DueMonths:  c.DueMonths,
	}
	for _, m := range c.Modules {
		info.Modules = append(info.Modules, progress.ModuleInfo{ID: m.ID, Version: m.Version})
	}
	return info
}

// parseSince reads a --since date (see package dates), meaning the start
// of that day in local time, or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := dates.Parse(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local), nil
}

// flagError is a usage error (exit status 2) in a flag of the named command.
func flagError(command, format string, args ...any) error {
	return &exitError{code: exitUsage, msg: "course " + command + ": " + fmt.Sprintf(format, args...)}
}

// reportCells is a row as people read it: local dates, "(erased)" for an
// erased member's name, and record data made inert for the terminal.
func reportCells(r report.Row) []string {
	name := safetext.Inert(r.Name)
	if r.Erased {
		name = "(erased)"
	}
	status := string(r.Status)
	if r.HandedIn {
		status += handedInMark
	}
	return []string{
		safetext.Inert(r.Number), name, safetext.Inert(r.Ward),
		fmt.Sprintf("%d of %d", r.Passed, r.Modules),
		reportLocalDate(r.LastActivity), status, report.Date(r.Due), reportLocalDate(r.LastReminded),
	}
}

// handedInMark follows the status of a completion that was handed in, and
// handedInLegend explains it under the report.
const (
	handedInMark   = "*"
	handedInLegend = handedInMark + " handed in: completed on the member's own computer and merged into these records with 'course merge'."
)

var reportHeaders = []string{"Member", "Name", "Ward", "Passed", "Last active", "Status", "Due", "Reminded"}

func reportLocalDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(time.DateOnly)
}

// reportSummary counts the rows by status: "12 members: 5 complete, ...".
func reportSummary(rows []report.Row) string {
	if len(rows) == 0 {
		return "No members match."
	}
	counts := make(map[report.Status]int)
	for _, r := range rows {
		counts[r.Status]++
	}
	var parts []string
	for _, st := range append(report.Statuses, report.Erased) {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	noun := "members"
	if len(rows) == 1 {
		noun = "member"
	}
	summary := fmt.Sprintf("%d %s: %s.", len(rows), noun, strings.Join(parts, ", "))
	if slices.ContainsFunc(rows, func(r report.Row) bool { return r.HandedIn }) {
		summary += "\n" + handedInLegend
	}
	if refused := refusedNumbers(rows); len(refused) > 0 {
		summary += fmt.Sprintf("\nThe mail server refused the email address of %s for good: %s. Correct it in the roster and import it again; reminders leave them out until then.",
			count(len(refused), "member", "members"), strings.Join(refused, ", "))
	}
	return summary
}

// refusedNumbers are the numbers of the members whose email address the
// mail server refused for good, the first ten and how many more.
func refusedNumbers(rows []report.Row) []string {
	const shown = 10
	var numbers []string
	more := 0
	for _, r := range rows {
		switch {
		case r.EmailRefused.IsZero():
		case len(numbers) < shown:
			numbers = append(numbers, r.Number)
		default:
			more++
		}
	}
	if more > 0 {
		numbers = append(numbers, fmt.Sprintf("and %d more", more))
	}
	return numbers
}

// writeReportTable draws a table that fits the terminal's width: the
// member number, counts, dates and status are never cut. While the table is
// too wide the date last reminded, then the ward, then the last activity,
// are left out; then the name gives up width, shortened with "…".
func writeReportTable(w io.Writer, rows []report.Row, width int) error {
	return drawReportTable(w, rows, width, "")
}

// drawReportTable is writeReportTable, with what shows what is left out to
// fit (see termTable.showsAll).
func drawReportTable(w io.Writer, rows []report.Row, width int, showsAll string) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, reportSummary(rows))
		return err
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = reportCells(r)
	}
	// The name is what an officer reads the report for: the ward and last
	// activity are left out before it is cut, as in the member list, and
	// the date last reminded, which only the reminder routine needs, before
	// them.
	t := termTable{headers: reportHeaders, rows: cells, flexible: []string{"Name", "Ward"},
		optional: []string{"Reminded", "Ward", "Last active"}, leaveOutFirst: true, truncate: true, showsAll: showsAll}
	if _, err := lipgloss.Fprintln(dataWriter(w), t.render(width)); err != nil {
		return err
	}
	summary := reportSummary(rows)
	if width > 0 {
		summary = ansi.Wordwrap(summary, width, "")
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// writeReportText writes aligned plain text, for pipes and files.
func writeReportText(w io.Writer, rows []report.Row) error {
	if len(rows) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(reportHeaders, "\t"))
		for _, r := range rows {
			cells := reportCells(r)
			for i, c := range cells {
				if c == "" {
					cells[i] = "-"
				}
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, reportSummary(rows))
	return err
}

// inertRows makes the record text in rows safe to show on a terminal (see
// safetext.Inert), for CSV written to one.
func inertRows(rows []report.Row) []report.Row {
	inert := make([]report.Row, len(rows))
	for i, r := range rows {
		r.Number, r.Name, r.Ward = safetext.Inert(r.Number), safetext.Inert(r.Name), safetext.Inert(r.Ward)
		inert[i] = r
	}
	return inert
}

// reportWidth is the width of the terminal w writes to, or 80.
func reportWidth(w io.Writer) int {
	if width := terminalWidth(w); width > 0 {
		return width
	}
	return 80
}
