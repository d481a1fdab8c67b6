package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/certificate"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/store/chain"
)

// recordsWithEvents makes a record file with one member and a few events.
func recordsWithEvents(t *testing.T) string {
	t.Helper()
	db := recordsIn(t)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, err := s.AddMember(record.NewMember{Name: "Ann Lee"})
	if err != nil {
		t.Fatal(err)
	}
	for score := range 4 {
		if _, err := progresstest.Save(s, record.Event{Kind: record.QuizFinished, Member: m.Number, Module: "intro", Score: score, Total: 8}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestVerifyIntact(t *testing.T) {
	db := recordsWithEvents(t)
	before, _ := os.ReadFile(db)
	out := mustRun(t, "--db", db, "verify")
	if !regexp.MustCompile(`^records intact: 5 events, chain head [0-9a-f]{64}\n`).MatchString(out) {
		t.Errorf("verify said:\n%s", out)
	}
	if after, _ := os.ReadFile(db); sha256.Sum256(after) != sha256.Sum256(before) {
		t.Error("verify changed the file")
	}
}

func TestVerifyTampered(t *testing.T) {
	db := recordsWithEvents(t)
	// Change one byte of event 3's value in place: score 1 becomes 9.
	raw, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		log := tx.Bucket([]byte("events"))
		key := binary.BigEndian.AppendUint64(nil, 3)
		v := bytes.Clone(log.Get(key))
		i := bytes.Index(v, []byte(`"score":1,`))
		if i < 0 {
			t.Fatalf("event 3 is %s", v)
		}
		v[i+len(`"score":`)] = '9'
		return log.Put(key, v)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, err := execute(t, "--db", db, "verify")
	msg := wantExit(t, err, exitFailure)
	for _, want := range []string{"event 3 is missing or does not match", "do not match its hash", "Events 1 to 2 are intact", "evidence", "restore the records from a backup"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(out, "records intact") {
		t.Errorf("verify said the records are intact:\n%s", out)
	}
}

func TestVerifyWithoutRecords(t *testing.T) {
	db := recordsIn(t)
	_, err := execute(t, "--db", db, "verify")
	wantExit(t, err, exitFailure)
	if _, err := os.Stat(db); err == nil {
		t.Error("verify created a record file")
	}
}

// deleteNewestEvent removes the newest event and its index entry, as
// someone editing the file could.
func deleteNewestEvent(t *testing.T, db string) {
	t.Helper()
	raw, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket([]byte("events")).Cursor().Last()
		if err := tx.Bucket([]byte("events")).Delete(k); err != nil {
			return err
		}
		index := tx.Bucket([]byte("member-events")).Cursor()
		for ik, _ := index.First(); ik != nil; ik, _ = index.Next() {
			if bytes.HasSuffix(ik, k) {
				return index.Delete()
			}
		}
		return nil
	})
	if closeErr := raw.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestAlteredRecordsAreReadNotWritten: after the newest event is deleted,
// verify names it, every command that writes refuses with the same message
// and changes nothing, and report and export still work but warn.
func TestAlteredRecordsAreReadNotWritten(t *testing.T) {
	db := recordsWithEvents(t)
	deleteNewestEvent(t, db)
	before, _ := os.ReadFile(db)

	_, err := execute(t, "--db", db, "verify")
	verifyMsg := wantExit(t, err, exitFailure)
	for _, want := range []string{"event 5 is missing", "reached event 5", "Events 1 to 4 are intact", "records.db.id from the same backup"} {
		if !strings.Contains(verifyMsg, want) {
			t.Errorf("verify's message lacks %q:\n%s", want, verifyMsg)
		}
	}
	writeRoster(t, "roster.csv", "name\nBo Diaz\n")
	for _, args := range [][]string{
		{"members", "add", "--name", "Bo Diaz"},
		{"members", "import", "roster.csv"},
	} {
		_, err := execute(t, append([]string{"--db", db}, args...)...)
		if msg := wantExit(t, err, exitFailure); msg != verifyMsg {
			t.Errorf("course %s said:\n%s\nwant verify's message:\n%s", strings.Join(args, " "), msg, verifyMsg)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a refused command changed the record file")
	}

	out, err := execute(t, "--db", db, "report", "--format", "csv")
	if err != nil {
		t.Fatalf("report of altered records: %v", err)
	}
	if !strings.Contains(out, "warning: these records failed verification from event 5") || !strings.Contains(out, "Ann Lee") {
		t.Errorf("report said:\n%s", out)
	}
	out, err = execute(t, "--db", db, "export", "--out", "attempts.csv")
	if err != nil {
		t.Fatalf("export of altered records: %v", err)
	}
	if !strings.Contains(out, "warning: these records failed verification") || !strings.Contains(out, "Wrote 3 records to attempts.csv. The records failed verification from event 5") {
		t.Errorf("export said:\n%s", out)
	}
}

// TestVerifyHead: the chain head an export printed proves later that the
// records still hold everything it covered.
func TestVerifyHead(t *testing.T) {
	db := recordsWithEvents(t)
	out := mustRun(t, "--db", db, "export", "--out", "attempts.csv")
	m := regexp.MustCompile(`chain head ([0-9a-f]{64}) over 5 events`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("export said:\n%s", out)
	}
	mustRun(t, "--db", db, "members", "add", "--name", "Bo Diaz")
	out = mustRun(t, "--db", db, "verify", "--head", m[1])
	if !strings.Contains(out, "the records hold every event up to "+m[1]+" (event 5)") || !strings.Contains(out, "(event 6) is in place") {
		t.Errorf("verify --head said:\n%s", out)
	}
	_, err := execute(t, "--db", db, "verify", "--head", strings.Repeat("ab", 32))
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "no event has the chain head") {
		t.Errorf("verify --head with an unknown head said:\n%s", msg)
	}
	// A head cut short, or mistyped, is a mistake to correct, not a sign
	// that the records were altered. In capitals it is the same head.
	for _, given := range []string{m[1][:16], m[1][:6] + "…", "xyz", m[1] + "0"} {
		_, err := execute(t, "--db", db, "verify", "--head", given)
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "is not a whole chain head: give all 64 characters") || strings.Contains(msg, "altered") {
			t.Errorf("verify --head %s said:\n%s", given, msg)
		}
	}
	if out := mustRun(t, "--db", db, "verify", "--head", strings.ToUpper(m[1])); !strings.Contains(out, "(event 5)") {
		t.Errorf("verify --head in capitals said:\n%s", out)
	}
}

// TestDamagedIDFileSaysWhatToDo: records whose .id file cannot be read
// are only read, and the message says how to go on.
func TestDamagedIDFileSaysWhatToDo(t *testing.T) {
	db := recordsWithEvents(t)
	if err := os.WriteFile(db+".id", []byte("{garbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := execute(t, "--db", db, "members", "add", "--name", "Bo Diaz")
	msg := wantExit(t, err, exitFailure)
	for _, want := range []string{"records.db.id, which notes where the records end, cannot be read", "Nothing has been written", "or delete " + db + ".id to accept the records as they are"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if err := os.Remove(db + ".id"); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "--db", db, "members", "add", "--name", "Bo Diaz"); !strings.Contains(out, "Added Bo Diaz") {
		t.Errorf("after deleting the .id file: %s", out)
	}
}

// TestNoRecordFileYetIsOneMessage: every command that only reads says the
// same thing on a computer with no record file, and creates none.
func TestNoRecordFileYetIsOneMessage(t *testing.T) {
	db := recordsIn(t)
	for _, args := range [][]string{{"report"}, {"export", "--out", "x.csv"}, {"verify"}, {"members", "list"}} {
		_, err := execute(t, append([]string{"--db", db}, args...)...)
		msg := wantExit(t, err, exitFailure)
		if want := "course: there is no record file at " + db + " yet. Import the members with 'course --db " + db + " members import FILE.csv'"; !strings.HasPrefix(msg, want) {
			t.Errorf("course %s said %q, want %q…", strings.Join(args, " "), msg, want)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("course %s created the record file", strings.Join(args, " "))
		}
	}
}

// TestVerifyFindsEditedDetails: a member's name changed in the record file
// with bbolt, as anyone with the file could, fails verify, which names the
// member by number; verify --certificate then names nobody, no
// certificate is made with the changed name, and an import that would
// change the member, and their erasure, refuse rather than seal the change.
func TestVerifyFindsEditedDetails(t *testing.T) {
	f := newRecordsFixture(t)
	ann := f.members["Ann"]
	code := certificate.Code(storedEvents(t, f.path, ann.Number), f.course.ModuleIDs())
	if out := mustRun(t, "--db", f.path, "verify", "--certificate", code); !strings.Contains(out, "it belongs to Ann Adams") {
		t.Fatalf("verify --certificate before the edit said:\n%s", out)
	}

	raw, err := bolt.Open(f.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		members := tx.Bucket([]byte("members"))
		v := members.Get([]byte(ann.Number))
		if !bytes.Contains(v, []byte("Ann Adams")) {
			t.Fatalf("member %s is stored as %s", ann.Number, v)
		}
		return members.Put([]byte(ann.Number), bytes.ReplaceAll(v, []byte("Ann Adams"), []byte("Bob Adams")))
	})
	if closeErr := raw.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}

	// A roster row that would change the altered member (found by the
	// changed name) must not seal the change.
	roster := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(roster, []byte("name,ward,role\nBob Adams,Abbey,co-opted\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"verify"}, {"verify", "--certificate", code}, {"certificate", ann.Number, "--out", filepath.Join(t.TempDir(), "c.pdf")},
		{"members", "import", roster}, {"members", "erase", ann.Number, "--reason", "left the council", "--yes"}, {"verify"}} {
		out, err := execute(t, append([]string{"--db", f.path}, args...)...)
		msg := wantExit(t, err, exitFailure)
		for _, want := range []string{"have been altered", "the details of member " + ann.Number + " do not match", "evidence"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%v: the message lacks %q:\n%s", args, want, msg)
			}
		}
		if strings.Contains(out+msg, "Bob") || strings.Contains(out+msg, "Ann") || strings.Contains(out, "verified") {
			t.Errorf("%v named someone:\n%s%s", args, out, msg)
		}
	}
}

// writeOlderRecords makes a record file as the course wrote it before
// members' details were sealed (schema 3): Ann Lee added, with no salt in
// her details and no digest in her event. It returns her number.
func writeOlderRecords(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	number := record.NewMemberNumber()
	added := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	err = db.Update(func(tx *bolt.Tx) error {
		b := map[string]*bolt.Bucket{}
		for _, name := range []string{"meta", "members", "events", "member-events", "state", "keys", "invites"} {
			if b[name], err = tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		for k, v := range map[string]string{"schema": "3", "id": "older", "created": added.Format(time.RFC3339Nano)} {
			b["meta"].Put([]byte(k), []byte(v))
		}
		details, _ := json.Marshal(record.Member{Name: "Ann Lee", Role: record.RoleCouncillor, Added: added})
		b["members"].Put([]byte(number), details)
		e := record.Event{Seq: 1, Time: added, Kind: record.MemberAdded, Member: number, Role: record.RoleCouncillor, AppVersion: "older"}
		v, err := chain.Seal(&e)
		if err != nil {
			return err
		}
		b["events"].Put(binary.BigEndian.AppendUint64(nil, 1), v)
		return b["member-events"].Put(chain.IndexKey(number, 1), chain.Summary(e))
	})
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}
	return number
}

// TestVerifyOlderRecords: a file made before details were sealed verifies,
// saying its member is not yet covered, and is left as it is; once a
// command has opened it for writing, the member is covered.
func TestVerifyOlderRecords(t *testing.T) {
	db := recordsIn(t)
	writeOlderRecords(t, db)
	before, _ := os.ReadFile(db)
	out := mustRun(t, "--db", db, "verify")
	if !strings.Contains(out, "records intact: 1 events") || !strings.Contains(out, "not yet covered: the details of 1 member were stored before") {
		t.Errorf("verify of the older file said:\n%s", out)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("verify changed the older file")
	}
	mustRun(t, "--db", db, "members", "add", "--name", "Ben Bell")
	out = mustRun(t, "--db", db, "verify")
	if !strings.Contains(out, "records intact: 3 events") || strings.Contains(out, "not yet covered") {
		t.Errorf("verify once sealed said:\n%s", out)
	}
}
