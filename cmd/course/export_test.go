package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/xapitest"
)

// exportRecords adds to a fixture's file a realistic run: Ben takes the
// first module's quiz twice, failing and then passing it.
func exportRecords(t *testing.T) recordsFixture {
	t.Helper()
	f := newRecordsFixture(t)
	s, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := f.course.Modules[0]
	ben := f.members["Ben"].Number
	for round, pass := range []bool{false, true} {
		attempt := record.NewAttemptID()
		score := 0
		for _, q := range m.Questions {
			chosen := q.CorrectOptions()
			if !pass {
				chosen = []int{(chosen[0] + 1) % len(q.Options)}
			} else {
				score++
			}
			if _, err := progresstest.Save(s, record.Event{Kind: record.QuestionAnswered, Member: ben, Module: m.ID,
				ModuleVersion: m.Version, Attempt: attempt, Question: q.ID, Chosen: chosen, Correct: pass}); err != nil {
				t.Fatal(err)
			}
		}
		result := []record.Event{{Kind: record.QuizFinished, Member: ben, Module: m.ID, ModuleVersion: m.Version,
			Attempt: attempt, Score: score, Total: len(m.Questions), Passed: pass}}
		if pass {
			result = append(result, record.Event{Kind: record.ModuleCompleted, Member: ben, Module: m.ID,
				ModuleVersion: m.Version, Attempt: attempt, Score: score, Total: len(m.Questions), Passed: true})
		}
		if _, err := progresstest.SaveBatch(s, result); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	return f
}

var exportSummary = regexp.MustCompile(`^Wrote (\d+) (records?|statements?) to (.+)\.\nchain head ([0-9a-f]{64}) over (\d+) events\n$`)

// exportWith runs course export and checks what it says about the file.
func exportWith(t *testing.T, f recordsFixture, args ...string) (data []byte, records int) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.out")
	said, err := execute(t, append([]string{"--db", f.path, "export", "--out", out}, args...)...)
	if err != nil {
		t.Fatalf("export %v: %v\n%s", args, err, said)
	}
	m := exportSummary.FindStringSubmatch(said)
	if m == nil {
		t.Fatalf("export said:\n%s", said)
	}
	s, err := store.Open(f.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	head, events, err := s.Head()
	s.Close()
	if err != nil || m[4] != head || m[5] != strconv.Itoa(events) || m[3] != out {
		t.Errorf("export said %q; the file's head is %s over %d events", said, head, events)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", info.Mode().Perm())
	}
	data, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	records, _ = strconv.Atoi(m[1])
	return data, records
}

func TestExportCommandCSV(t *testing.T) {
	f := exportRecords(t)
	data, n := exportWith(t, f)
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	questions := len(f.course.Modules[0].Questions)
	// Ben: one answer, then two attempts and a completion; Ann and Dan:
	// seven completions each; Eve one; Fay and Gus a module read each.
	want := 1 + 2*questions + 3 + 7 + 7 + 1 + 1 + 1
	if len(rows) != want+1 || n != want {
		t.Fatalf("%d rows, %d said, want %d", len(rows)-1, n, want)
	}
	if strings.Join(rows[0], ",") != "seq,time,member,kind,module,module_version,attempt,question,chosen,correct,score,total,passed,app_version,hash" {
		t.Errorf("header = %q", rows[0])
	}
	if bytes.Contains(data, []byte("Ben Brown")) || bytes.Contains(data, []byte("HYPERLINK")) {
		t.Error("names are in an export made without --names")
	}
	named, _ := exportWith(t, f, "--names")
	rows, err = csv.NewReader(bytes.NewReader(named[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range rows[1:] {
		names[r[3]] = true
	}
	if !names["Ben Brown"] || !names[`'=HYPERLINK("http://evil.example","Gus")`] || !names[""] || names["Fay Ford"] {
		t.Errorf("names in a --names export: %v", names)
	}
}

func TestExportCommandJSON(t *testing.T) {
	f := exportRecords(t)
	data, n := exportWith(t, f, "--format", "json")
	var records []map[string]any
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	if len(records) != n {
		t.Errorf("%d records, %d said", len(records), n)
	}
	want := []string{"app_version", "attempt", "chosen", "correct", "hash", "kind", "member", "module", "module_version",
		"passed", "question", "score", "seq", "time", "total"}
	for _, r := range records {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("fields %q, want %q", keys, want)
		}
	}
}

func TestExportCommandXAPI(t *testing.T) {
	f := exportRecords(t)
	data, n := exportWith(t, f, "--format", "xapi")
	var statements []map[string]any
	if err := json.Unmarshal(data, &statements); err != nil {
		t.Fatal(err)
	}
	if len(statements) != n {
		t.Errorf("%d statements, %d said", len(statements), n)
	}
	verbs := map[string]int{}
	for i, st := range statements {
		for _, p := range xapitest.Validate(st) {
			t.Errorf("statement %d: %s", i, p)
		}
		verbs[strings.TrimPrefix(st["verb"].(map[string]any)["id"].(string), "http://adlnet.gov/expapi/verbs/")]++
	}
	questions := len(f.course.Modules[0].Questions)
	// Ann's seven module completions and her course completion, Dan's
	// seven (of older versions: the course completion counts them), Eve's
	// one and Ben's one.
	want := map[string]int{"answered": 1 + 2*questions, "failed": 1, "passed": 1, "completed": 7 + 1 + 7 + 1 + 1 + 1, "experienced": 2}
	for verb, count := range want {
		if verbs[verb] != count {
			t.Errorf("%d %q statements, want %d (all: %v)", verbs[verb], verb, count, verbs)
		}
	}
	// The same records give the same statements.
	again, _ := exportWith(t, f, "--format", "xapi")
	if !bytes.Equal(data, again) {
		t.Error("two exports of the same records differ")
	}
}

func TestExportCommandSince(t *testing.T) {
	f := exportRecords(t)
	all, _ := exportWith(t, f)
	recent, n := exportWith(t, f, "--since", f.recent.AddDate(0, 0, -10).Format(time.DateOnly))
	none, zero := exportWith(t, f, "--since", time.Now().AddDate(0, 0, 2).Format("02/01/2006"))
	count := func(data []byte) int { return bytes.Count(data, []byte("\r\n")) - 1 }
	// Only Ben's first answer is older.
	if count(recent) != count(all)-1 || n != count(recent) {
		t.Errorf("--since kept %d of %d rows (said %d), want all but one", count(recent), count(all), n)
	}
	if count(none) != 0 || zero != 0 {
		t.Errorf("--since a future date kept %d rows", count(none))
	}
}

func TestExportCommandFailuresLeaveNoFile(t *testing.T) {
	f := exportRecords(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "kept.csv")
	if err := os.WriteFile(existing, []byte("an earlier export"), 0o600); err != nil {
		t.Fatal(err)
	}
	entries := func() []string {
		list, _ := os.ReadDir(dir)
		var names []string
		for _, e := range list {
			names = append(names, e.Name())
		}
		return names
	}

	// A missing folder.
	_, err := execute(t, "--db", f.path, "export", "--out", filepath.Join(dir, "missing", "out.csv"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: err = %v", err)
	}
	// An export that fails part way: the command is interrupted.
	for _, out := range []string{filepath.Join(dir, "new.csv"), existing} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		cmd := newRootCmd()
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		cmd.SetArgs([]string{"--db", f.path, "export", "--format", "json", "--out", out})
		if err := cmd.ExecuteContext(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("interrupted export to %s: err = %v", filepath.Base(out), err)
		}
	}
	if got := entries(); !slices.Equal(got, []string{"kept.csv"}) {
		t.Errorf("after failed exports the folder holds %v, want only kept.csv", got)
	}
	if data, _ := os.ReadFile(existing); string(data) != "an earlier export" {
		t.Errorf("the earlier export now holds %q", data)
	}

	// Usage errors.
	for _, args := range [][]string{{"export"}, {"export", "--out", "x", "--format", "xlsx"}, {"export", "--out", "x", "--since", "soon"}} {
		_, err := execute(t, append([]string{"--db", f.path}, args...)...)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != exitUsage {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

// fileState is what a path holds, to show that a refused export changed
// nothing: its type, and the sha256 of a regular file's contents or the
// names in a folder.
func fileState(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		return err.Error()
	}
	state := info.Mode().Type().String()
	switch {
	case info.Mode().IsRegular():
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		state += fmt.Sprintf(" %x", sha256.Sum256(data))
	case info.IsDir():
		list, _ := os.ReadDir(path)
		for _, e := range list {
			state += " " + e.Name()
		}
	case info.Mode()&os.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		state += " -> " + target
	}
	return state
}

func TestExportRefusesTargets(t *testing.T) {
	f := exportRecords(t)
	other := t.TempDir()
	hard, soft, folder := filepath.Join(other, "hard.db"), filepath.Join(other, "soft.db"), filepath.Join(other, "folder")
	if err := os.Link(f.path, hard); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.path, soft); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(folder, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{
		f.path:          "is the record file, which must not be replaced. Choose another name.",
		f.path + ".id":  "is the .id file of the record file, which must not be replaced. Choose another name.",
		hard:            "is another name for the record file (" + f.path + ")",
		soft:            "is another name for the record file (" + f.path + ")",
		folder:          "is a folder, not a file. Give the name of a file to write",
		folder + "/../": "is a folder, not a file.",
	}
	records := fileState(t, f.path)
	for path, want := range targets {
		t.Run(filepath.Base(path), func(t *testing.T) { refusedExport(t, f, path, want, records) })
	}
	if got := fileState(t, other); got != "d--------- folder hard.db soft.db" {
		t.Errorf("the folder of links now holds %s", got)
	}

	// A regular file is replaced as before.
	existing := filepath.Join(other, "old.csv")
	if err := os.WriteFile(existing, []byte("an earlier export"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := execute(t, "--db", f.path, "export", "--out", existing); err != nil || !strings.HasPrefix(out, "Wrote ") {
		t.Fatalf("export over an earlier one: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(existing); !bytes.HasPrefix(data, []byte("\xEF\xBB\xBFseq,time,member")) {
		t.Errorf("the earlier export was not replaced: %q", data[:min(len(data), 40)])
	}
	if after := fileState(t, f.path); after != records {
		t.Errorf("the record file changed from %s to %s", records, after)
	}
}

// refusedExport checks that exporting to path is refused, saying want,
// and changes neither path nor the record file.
func refusedExport(t *testing.T, f recordsFixture, path, want, records string) {
	t.Helper()
	before := fileState(t, path)
	for _, format := range []string{"csv", "json"} {
		out, err := execute(t, "--db", f.path, "export", "--format", format, "--out", path)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code == exitOK {
			t.Fatalf("export --out %s: err = %v, want a refusal", path, err)
		}
		if wantMsg := "course export: --out: " + path + " " + want; !strings.HasPrefix(ee.msg, wantMsg) {
			t.Errorf("export --out %s said %q, want %q", path, ee.msg, wantMsg)
		}
		if out != "" {
			t.Errorf("export --out %s printed %q", path, out)
		}
	}
	if after := fileState(t, path); after != before {
		t.Errorf("export --out %s changed it from %s to %s", path, before, after)
	}
	if after := fileState(t, f.path); after != records {
		t.Fatalf("export --out %s changed the record file from %s to %s", path, records, after)
	}
}

// TestExportSaysOneRecord: an export of one event says "1 record", and of
// one statement "1 statement".
func TestExportSaysOneRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMember(record.NewMember{Name: "Ann Ash"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadCourse("")
	if err != nil {
		t.Fatal(err)
	}
	progresstest.Record(t, s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: c.Modules[0].ID, ModuleVersion: c.Modules[0].Version})
	s.Close()
	for format, want := range map[string]string{"csv": "Wrote 1 record to ", "xapi": "Wrote 1 statement to "} {
		said, err := execute(t, "--db", path, "export", "--format", format, "--out", filepath.Join(t.TempDir(), "out"))
		if err != nil || !strings.HasPrefix(said, want) {
			t.Errorf("export --format %s said %q (%v), want it to begin %q", format, said, err, want)
		}
	}
}
