package progress

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ReportStatus is a member's standing in the monitoring officer's report.
type ReportStatus string

// The report's statuses.
const (
	ReportComplete     ReportStatus = "complete"
	ReportInProgress   ReportStatus = "in progress"
	ReportNotStarted   ReportStatus = "not started"
	ReportNeedsRefresh ReportStatus = "needs refresh"
	ReportOverdue      ReportStatus = "overdue"
)

// ReportStatuses lists every status, in the order a report explains them.
var ReportStatuses = []ReportStatus{ReportComplete, ReportInProgress, ReportNotStarted, ReportNeedsRefresh, ReportOverdue}

// ParseReportStatus reads a status as a person types it: any case, with
// spaces, hyphens or underscores between the words ("not-started").
func ParseReportStatus(s string) (ReportStatus, error) {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_'
	}), " ")
	for _, st := range ReportStatuses {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("%w: unknown status %q (use complete, in-progress, not-started, needs-refresh or overdue)", ErrInvalid, s)
}

// ReportInfo is what a report needs to know about the course.
type ReportInfo struct {
	CourseInfo
	// DueMonths is how long a member has, from the date they were elected
	// or co-opted, to complete the course; zero means no deadline.
	DueMonths int
}

// ReportRow is one member's line in the report.
type ReportRow struct {
	Number  string
	Name    string // Empty for an erased member.
	Ward    string // Empty for an erased member.
	Erased  bool
	Role    string
	Elected time.Time // Zero when unknown.
	// Passed counts the modules passed and not needing a refresh, of Modules.
	Passed, Modules int
	LastActivity    time.Time // Zero when the member has done nothing yet.
	CompletedAt     time.Time // When the course was completed; zero if it has not been.
	Status          ReportStatus
	Due             time.Time // Elected + DueMonths, a date at midnight UTC; zero when unknown.
}

// BuildReport works out every member's row from their events, in the order
// the members are given. It is a pure function of its arguments: events
// maps a member number to that member's events, oldest first (members with
// no entry have done nothing).
//
// The status follows Derive, with one addition: a member who has not yet
// completed the course (not started or in progress) and whose due date has
// passed is overdue. A member who completed the course and now needs a
// refresh is "needs refresh", not overdue: the due date is for the first
// completion.
func BuildReport(members []Member, events map[string][]Event, info ReportInfo, now time.Time) []ReportRow {
	rows := make([]ReportRow, 0, len(members))
	for _, m := range members {
		rows = append(rows, reportRow(m, events[m.Number], info, now))
	}
	return rows
}

// reportRow is one member's row.
func reportRow(m Member, events []Event, info ReportInfo, now time.Time) ReportRow {
	p := Derive(m.Number, events, info.CourseInfo, now)
	r := ReportRow{
		Number: m.Number, Name: m.Name, Ward: m.Ward, Erased: m.Erased, Role: m.Role, Elected: m.Elected,
		Passed: p.Passed, Modules: len(info.Modules), LastActivity: p.LastActivity, CompletedAt: p.CompletedAt,
	}
	if r.Erased {
		r.Name, r.Ward = "", ""
	}
	if !m.Elected.IsZero() && info.DueMonths > 0 {
		y, mo, d := m.Elected.Date()
		r.Due = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).AddDate(0, info.DueMonths, 0)
	}
	switch p.Status {
	case Passed:
		r.Status = ReportComplete
	case NeedsRefresh:
		r.Status = ReportNeedsRefresh
	case InProgress:
		r.Status = ReportInProgress
	default:
		r.Status = ReportNotStarted
	}
	if (p.Status == NotStarted || p.Status == InProgress) && !r.Due.IsZero() {
		y, mo, d := now.Date()
		if time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).After(r.Due) {
			r.Status = ReportOverdue
		}
	}
	return r
}

// ReportFilter picks rows out of a report. Its zero value keeps every row.
type ReportFilter struct {
	Statuses []ReportStatus // Any of these; none means any status.
	Since    time.Time      // Last activity on or after this; zero means any.
	Ward     string         // This ward, ignoring case; "" means any.
}

// Keep says whether the filter keeps r.
func (f ReportFilter) Keep(r ReportRow) bool {
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.Status) {
		return false
	}
	if !f.Since.IsZero() && (r.LastActivity.IsZero() || r.LastActivity.Before(f.Since)) {
		return false
	}
	if f.Ward != "" && !strings.EqualFold(strings.TrimSpace(f.Ward), r.Ward) {
		return false
	}
	return true
}

// FilterReport returns the rows the filter keeps, in order.
func FilterReport(rows []ReportRow, f ReportFilter) []ReportRow {
	var kept []ReportRow
	for _, r := range rows {
		if f.Keep(r) {
			kept = append(kept, r)
		}
	}
	return kept
}

// Report builds the report for every member, erased ones included, sorted
// by name (erased members, who have none, last by number). It reads one
// member's event summaries at a time, so memory stays small however long
// the log.
func (s *Store) Report(info ReportInfo, now time.Time) ([]ReportRow, error) {
	var rows []ReportRow
	err := s.db.View(func(tx *bolt.Tx) error {
		index := tx.Bucket(bucketMemberEvents).Cursor()
		// One buffer and one set of shared strings serve every member:
		// reportRow keeps nothing of the events it is given.
		var events []Event
		intern := make(map[string]string)
		return tx.Bucket(bucketMembers).ForEach(func(k, v []byte) error {
			var rec memberRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("member %s cannot be read: %w", k, err)
			}
			number := string(k)
			var err error
			if events, err = readSummaries(index, number, events[:0], intern); err != nil {
				return err
			}
			rows = append(rows, reportRow(rec.member(number), events, info, now))
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b ReportRow) int {
		return cmp.Or(
			compareBool(a.Erased, b.Erased),
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.Number, b.Number))
	})
	return rows, nil
}

// readSummaries appends a member's event summaries from the member-events
// index to events, as memberSummaries does, but into a buffer the caller
// reuses.
func readSummaries(index *bolt.Cursor, number string, events []Event, intern map[string]string) ([]Event, error) {
	prefix := append([]byte(number), 0)
	for k, v := index.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = index.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("%w: the index key %x is malformed", ErrDamaged, k)
		}
		seq := binary.BigEndian.Uint64(k[len(prefix):])
		e, err := unsummarise(number, seq, v, intern)
		if err != nil {
			return nil, fmt.Errorf("%w: the index entry for event %d cannot be read", ErrDamaged, seq)
		}
		events = append(events, e)
	}
	return events, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
