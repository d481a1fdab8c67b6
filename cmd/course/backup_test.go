package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// TestBackupPrintsTheCopysHead: while members' answers are being saved,
// the chain head a backup prints is the copy's own, so that 'course verify
// --head' on the copy passes instead of raising a false alarm.
func TestBackupPrintsTheCopysHead(t *testing.T) {
	db := recordsWithEvents(t)
	recs, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	members, err := recs.Members()
	if err != nil {
		t.Fatal(err)
	}
	opened := record.Event{Kind: record.ModuleOpened, Member: members[0].Number, Module: "intro"}

	// Enough events that, as with a council's real records, answers are
	// saved while a copy is being made.
	earlier := make([]record.Event, 10000)
	for i := range earlier {
		earlier[i] = opened
	}
	if _, err := progresstest.SaveBatch(recs, earlier); err != nil {
		t.Fatal(err)
	}

	// Answers are saved all the while, as by members taking the course
	// on the server.
	stop := make(chan struct{})
	var saving sync.WaitGroup
	saving.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := progresstest.Save(recs, opened); err != nil {
				t.Error(err)
				return
			}
		}
	})
	defer func() {
		close(stop)
		saving.Wait()
	}()

	printed := regexp.MustCompile(`chain head ([0-9a-f]{64}) over (\d+) events`)
	backup := runServed(&served{store: recs, connect: "ssh course.example"})
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	for range 3 {
		var copied, said bytes.Buffer
		if status := backup(t.Context(), []string{"backup"}, nil, &copied, &said); status != exitOK {
			t.Fatalf("backup: status %d\n%s", status, said.String())
		}
		m := printed.FindStringSubmatch(said.String())
		if m == nil {
			t.Fatalf("backup said:\n%s", said.String())
		}
		if err := os.WriteFile(copyPath, copied.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := execute(t, "--db", copyPath, "verify", "--head", m[1])
		if err != nil {
			t.Fatalf("verify --head %s on the copy, said to hold %s events: %v\n%s", m[1], m[2], err, out)
		}
		if want := "records intact: " + m[2] + " events, chain head " + m[1] + "\n"; !strings.HasPrefix(out, want) {
			t.Fatalf("backup said %q, but verify on the copy said:\n%s", m[0], out)
		}
	}
}
