package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/store"
)

// exportCourse is a two-module course as xAPI exports see it.
var exportCourse = XAPICourse{
	HomePage:        "https://www.example.gov.uk",
	ActivityBase:    "https://www.example.gov.uk/learning/social-media",
	Title:           "Social Media Guidance for Members",
	GuidanceVersion: "1.0",
	Modules: []XAPIModule{
		{ID: "intro", Title: "Why the guidance matters", Questions: []XAPIQuestion{
			{ID: "intro-q1", Scenario: "A resident asks…", Prompt: "What should you do?",
				Choices: []string{"Ignore it", "Reply politely", "Block them"}, Correct: []int{1}},
			{ID: "intro-q2", Prompt: "Which of these apply? Select all.",
				Choices: []string{"One", "Two", "Three", "Four"}, Correct: []int{0, 2}},
		}},
		{ID: "ethics", Title: "Code of Conduct online", Questions: []XAPIQuestion{
			{ID: "ethics-q1", Prompt: "Does the Code apply online?", Choices: []string{"Yes", "No"}, Correct: []int{0}},
		}},
	},
}

func exportBytes(t *testing.T, s *store.Store, opts Options) ([]byte, Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := Write(context.Background(), &buf, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res
}

// exportedEvents are the store's events an export should hold, since a time.
func exportedEvents(t *testing.T, s *store.Store, since time.Time) []record.Event {
	t.Helper()
	var events []record.Event
	for _, e := range progresstest.Events(t, s) {
		if !e.Time.Before(since) && exported([]byte(e.Kind)) {
			events = append(events, e)
		}
	}
	return events
}

// wantRecord is the record an export should hold for e, as strings, in
// Fields order without "name"; "" stands for empty or null.
func wantRecord(e record.Event) []string {
	r := []string{strconv.FormatUint(e.Seq, 10), e.Time.UTC().Format(time.RFC3339Nano), e.Member, string(e.Kind),
		e.Module, e.ModuleVersion, e.Attempt, e.Question, "", "", "", "", "", e.AppVersion, e.Hash}
	switch e.Kind {
	case record.QuestionAnswered:
		var chosen []string
		for _, c := range e.Chosen {
			chosen = append(chosen, strconv.Itoa(c+1))
		}
		r[8], r[9] = strings.Join(chosen, " "), strconv.FormatBool(e.Correct)
	case record.QuizFinished, record.RefresherFinished, record.ModuleCompleted:
		if e.Total > 0 {
			r[10], r[11] = strconv.Itoa(e.Score), strconv.Itoa(e.Total)
		}
		r[12] = strconv.FormatBool(e.Passed || e.Kind == record.ModuleCompleted)
	}
	return r
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(utf8BOM)) {
		t.Fatalf("no byte order mark: %q", data[:min(len(data), 20)])
	}
	rows, err := csv.NewReader(bytes.NewReader(data[len(utf8BOM):])).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the export: %v", err)
	}
	return rows
}

func TestExportCSV(t *testing.T) {
	f := progresstest.NewAttempts(t)
	data, res := exportBytes(t, f.Store, Options{Format: CSV})
	rows := readCSV(t, data)
	wantHeader := slices.DeleteFunc(slices.Clone(Fields), func(s string) bool { return s == "name" })
	if !slices.Equal(rows[0], wantHeader) {
		t.Errorf("header = %q, want %q", rows[0], wantHeader)
	}
	events := exportedEvents(t, f.Store, time.Time{})
	if len(events) != 15 || res.Records != len(events) || len(rows) != len(events)+1 {
		t.Fatalf("%d rows, %d records reported, for %d exported events (want 15)", len(rows)-1, res.Records, len(events))
	}
	for i, e := range events {
		if want := wantRecord(e); !slices.Equal(rows[i+1], want) {
			t.Errorf("row %d = %q\nwant    %q", i+1, rows[i+1], want)
		}
	}
	head, n, err := f.Store.Head()
	if err != nil || res.Head != head || res.Events != n {
		t.Errorf("result %+v, want head %s over %d events (%v)", res, head, n, err)
	}
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Error("rows do not end with CRLF")
	}
}

func TestExportCSVNames(t *testing.T) {
	f := progresstest.NewAttempts(t)
	rows := readCSV(t, must(exportBytes(t, f.Store, Options{Format: CSV, Names: true})))
	if rows[0][3] != "name" {
		t.Fatalf("header = %q", rows[0])
	}
	names := map[string]string{f.Amy.Number: "Amy Adams", f.Bob.Number: "Bob Brown", f.Cal.Number: ""}
	for _, r := range rows[1:] {
		if want := names[r[2]]; r[3] != want {
			t.Errorf("member %s named %q, want %q", r[2], r[3], want)
		}
	}
	// Without --names, no name appears anywhere.
	data, _ := exportBytes(t, f.Store, Options{Format: CSV})
	if bytes.Contains(data, []byte("Amy")) {
		t.Error("a name is in an export made without Names")
	}
}

func must(data []byte, _ Result) []byte { return data }

func TestExportCSVNeutralisesFormulas(t *testing.T) {
	s := progresstest.NewStore(t)
	m, err := s.AddMember(record.NewMember{Name: `=HYPERLINK("http://evil.example","Click")`})
	if err != nil {
		t.Fatal(err)
	}
	dangerous := []string{"=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx", "plain, with \"quotes\""}
	for _, d := range dangerous {
		progresstest.Record(t, s, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: d, ModuleVersion: d, Attempt: d, Question: d})
	}
	rows := readCSV(t, must(exportBytes(t, s, Options{Format: CSV, Names: true})))
	if len(rows) != len(dangerous)+1 {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(dangerous))
	}
	for i, d := range dangerous {
		r := rows[i+1]
		if r[3] != csvSafe(m.Name) {
			t.Errorf("name read back as %q, want %q", r[3], csvSafe(m.Name))
		}
		for _, col := range []int{5, 6, 7, 8} { // module, module_version, attempt, question.
			if r[col] != csvSafe(d) {
				t.Errorf("%q read back as %q, want %q", d, r[col], csvSafe(d))
			}
		}
		for _, v := range r {
			if v != "" && strings.ContainsRune("=+-@\t\r\n", rune(v[0])) {
				t.Errorf("value %q would be a formula", v)
			}
		}
	}
}

func TestExportJSON(t *testing.T) {
	f := progresstest.NewAttempts(t)
	for _, names := range []bool{false, true} {
		data, res := exportBytes(t, f.Store, Options{Format: JSON, Names: names})
		var records []map[string]any
		if err := json.Unmarshal(data, &records); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, data)
		}
		events := exportedEvents(t, f.Store, time.Time{})
		if len(records) != len(events) || res.Records != len(events) {
			t.Fatalf("%d records (%d reported) for %d events", len(records), res.Records, len(events))
		}
		wantKeys := slices.Clone(Fields)
		if !names {
			wantKeys = slices.DeleteFunc(wantKeys, func(s string) bool { return s == "name" })
		}
		slices.Sort(wantKeys)
		for i, rec := range records {
			keys := make([]string, 0, len(rec))
			for k := range rec {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, wantKeys) {
				t.Fatalf("record %d has fields %q, want %q", i, keys, wantKeys)
			}
			if got, want := jsonAsStrings(rec), wantRecord(events[i]); !slices.Equal(got, want) {
				t.Errorf("record %d = %q\nwant       %q", i, got, want)
			}
		}
		// Types: numbers, booleans and arrays where they apply, null where not.
		answer, quiz := records[1], records[5]
		if answer["chosen"] == nil || answer["correct"] != true || answer["score"] != nil || answer["passed"] != nil {
			t.Errorf("answer record = %v", answer)
		}
		if quiz["score"] != 2.0 || quiz["total"] != 2.0 || quiz["passed"] != true || quiz["chosen"] != nil || quiz["correct"] != nil {
			t.Errorf("quiz record = %v", quiz)
		}
		if names && (records[0]["name"] != "Amy Adams" || records[len(records)-1]["name"] != "") {
			t.Errorf("names: first %v, last %v", records[0]["name"], records[len(records)-1]["name"])
		}
	}
}

// jsonAsStrings puts a JSON export record in wantRecord's form.
func jsonAsStrings(rec map[string]any) []string {
	var out []string
	for _, f := range Fields {
		if f == "name" {
			continue
		}
		switch v := rec[f].(type) {
		case nil:
			out = append(out, "")
		case string:
			out = append(out, v)
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(v))
		case []any:
			var parts []string
			for _, x := range v {
				parts = append(parts, fmt.Sprint(x))
			}
			out = append(out, strings.Join(parts, " "))
		default:
			out = append(out, fmt.Sprintf("?%T", v))
		}
	}
	return out
}

func TestExportEmpty(t *testing.T) {
	s := progresstest.NewStore(t)
	data, res := exportBytes(t, s, Options{Format: JSON})
	if string(data) != "[]\n" || res.Records != 0 || res.Events != 0 || res.Head != "" {
		t.Errorf("empty export = %q, %+v", data, res)
	}
	data, _ = exportBytes(t, s, Options{Format: CSV})
	if rows := readCSV(t, data); len(rows) != 1 {
		t.Errorf("empty CSV export has %d rows", len(rows))
	}
}

func TestExportSince(t *testing.T) {
	f := progresstest.NewAttempts(t)
	all := exportedEvents(t, f.Store, time.Time{})
	since := all[7].Time
	for _, format := range []Format{CSV, JSON, XAPI} {
		data, res := exportBytes(t, f.Store, Options{Format: format, Since: since, XAPI: exportCourse})
		var seqs []string
		switch format {
		case CSV:
			for _, r := range readCSV(t, data)[1:] {
				seqs = append(seqs, r[0])
			}
		case JSON:
			var recs []struct{ Seq uint64 }
			if err := json.Unmarshal(data, &recs); err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				seqs = append(seqs, strconv.FormatUint(r.Seq, 10))
			}
		case XAPI:
			var sts []map[string]any
			if err := json.Unmarshal(data, &sts); err != nil {
				t.Fatal(err)
			}
			for _, st := range sts {
				if ts := st["timestamp"].(string); ts < since.UTC().Format("2006-01-02T15:04:05.000Z") {
					t.Errorf("xapi: statement at %s is before %v", ts, since)
				}
			}
			// 8 events from the eighth on, plus Amy's course completion.
			if len(sts) != len(all)-7+1 || res.Records != len(sts) {
				t.Errorf("xapi: %d statements (%d reported), want %d", len(sts), res.Records, len(all)-7+1)
			}
			continue
		}
		var want []string
		for _, e := range all[7:] {
			want = append(want, strconv.FormatUint(e.Seq, 10))
		}
		if !slices.Equal(seqs, want) || res.Records != len(want) {
			t.Errorf("%s: exported events %v (%d reported), want %v", format, seqs, res.Records, want)
		}
	}
}

func TestExportFailures(t *testing.T) {
	f := progresstest.NewAttempts(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(cancelled, &bytes.Buffer{}, f.Store, Options{Format: CSV}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export: err = %v", err)
	}
	if _, err := Write(context.Background(), &bytes.Buffer{}, f.Store, Options{Format: "xlsx"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown format: err = %v", err)
	}
	broken := exportCourse
	broken.HomePage = "www.example.gov.uk"
	if _, err := Write(context.Background(), &bytes.Buffer{}, f.Store, Options{Format: XAPI, XAPI: broken}); !errors.Is(err, ErrInvalid) {
		t.Errorf("relative home page: err = %v", err)
	}
	diskFull := errors.New("disk full")
	if _, err := Write(context.Background(), failingWriter{diskFull}, f.Store, Options{Format: JSON}); !errors.Is(err, diskFull) {
		t.Errorf("failing writer: err = %v", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "\x00\x1f\n\r\t", "<a&b>", "é ü 中文 😀", "\u2028\u2029", "bad \xff utf-8",
		"Ann \u202eeeL", "zero\u200bwidth\ufeff", "\u2066\"\u2069"} {
		want, _ := json.Marshal(safetext.Visible(s))
		if strings.ContainsAny(string(want), "\u202e\u200b\ufeff\u2066\u2069") {
			t.Fatalf("%q keeps format characters", want)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		if got := appendJSONString(nil, []byte(s)); string(got) != string(want) {
			t.Errorf("appendJSONString([]byte(%q)) = %s, want %s", s, got, want)
		}
	}
}

// The sink writes every byte, in order, across many buffers, and stops
// writing at the first error, which close returns.
func TestSink(t *testing.T) {
	var got bytes.Buffer
	s := newSink(&got)
	var want []byte
	for i := range 100_000 {
		row := strconv.AppendInt(nil, int64(i), 10)
		want = append(append(want, row...), '\n')
		s.buf = append(append(s.buf, row...), '\n')
		s.maybeFlush()
	}
	if err := s.close(); err != nil || !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("close: %v; wrote %d bytes, want %d", err, got.Len(), len(want))
	}

	diskFull := errors.New("disk full")
	w := &failAfter{n: 2, err: diskFull}
	s = newSink(w)
	for range 10 {
		s.buf = append(s.buf, make([]byte, sinkChunk)...)
		s.maybeFlush()
	}
	if err := s.close(); !errors.Is(err, diskFull) || w.writes != 3 {
		t.Errorf("close = %v after %d writes; want the error of the third", err, w.writes)
	}
	s.discard() // After close: nothing more.
}

// failAfter accepts n writes and fails the next ones.
type failAfter struct {
	n, writes int
	err       error
}

func (w *failAfter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > w.n {
		return 0, w.err
	}
	return len(p), nil
}
