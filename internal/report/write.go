package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"course/internal/export"
	"course/internal/safetext"
)

// Fields are the CSV columns and JSON fields of a report.
var Fields = []string{"member", "name", "ward", "erased", "modules_passed", "modules", "last_activity", "status", "due", "last_reminded", "handed_in", "email_refused", "last_invited"}

// Date writes a date as reports do, YYYY-MM-DD, or "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// timestamp writes a time in UTC, RFC 3339, or "" for the zero time.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteCSV writes the rows as spreadsheet-safe CSV (see export.CSVWriter),
// with a header of Fields.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := export.NewCSVWriter(w)
	if err := cw.Write(Fields...); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.Number, r.Name, r.Ward, fmt.Sprint(r.Erased), fmt.Sprint(r.Passed), fmt.Sprint(r.Modules),
			timestamp(r.LastActivity), string(r.Status), Date(r.Due), timestamp(r.LastReminded), fmt.Sprint(r.HandedIn), timestamp(r.EmailRefused), timestamp(r.LastInvited)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// jsonRow is a report row in JSON; see Fields.
type jsonRow struct {
	Member        string  `json:"member"`
	Name          string  `json:"name"`
	Ward          string  `json:"ward"`
	Erased        bool    `json:"erased"`
	ModulesPassed int     `json:"modules_passed"`
	Modules       int     `json:"modules"`
	LastActivity  *string `json:"last_activity"`
	Status        string  `json:"status"`
	Due           *string `json:"due"`
	LastReminded  *string `json:"last_reminded"`
	HandedIn      bool    `json:"handed_in"`
	EmailRefused  *string `json:"email_refused"`
	LastInvited   *string `json:"last_invited"`
}

// WriteJSON writes the rows as an indented JSON array of records with
// Fields, without format characters (see safetext.Visible); times and
// dates that are not known are null.
func WriteJSON(w io.Writer, rows []Row) error {
	records := make([]jsonRow, 0, len(rows))
	for _, r := range rows {
		rec := jsonRow{Member: safetext.Visible(r.Number), Name: safetext.Visible(r.Name), Ward: safetext.Visible(r.Ward), Erased: r.Erased,
			ModulesPassed: r.Passed, Modules: r.Modules, Status: string(r.Status), HandedIn: r.HandedIn}
		if s := timestamp(r.LastActivity); s != "" {
			rec.LastActivity = &s
		}
		if s := Date(r.Due); s != "" {
			rec.Due = &s
		}
		if s := timestamp(r.LastReminded); s != "" {
			rec.LastReminded = &s
		}
		if s := timestamp(r.EmailRefused); s != "" {
			rec.EmailRefused = &s
		}
		if s := timestamp(r.LastInvited); s != "" {
			rec.LastInvited = &s
		}
		records = append(records, rec)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(records)
}
