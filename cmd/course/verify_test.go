package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"regexp"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"course/internal/progress"
)

// recordsWithEvents makes a record file with one member and a few events.
func recordsWithEvents(t *testing.T) string {
	t.Helper()
	db := recordsIn(t)
	s, err := progress.Open(db, progress.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, err := s.AddMember(progress.NewMember{Name: "Ann Lee"})
	if err != nil {
		t.Fatal(err)
	}
	for score := range 4 {
		if _, err := s.Record(progress.Event{Kind: progress.QuizFinished, Member: m.Number, Module: "intro", Score: score, Total: 8}); err != nil {
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
	for _, want := range []string{"event 3 does not match", "hash does not match", "Events 1 to 2 are intact", "evidence", "restore the records from a backup"} {
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
