package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// filledFile makes a record file with enough events to span many pages.
func filledFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	m := addMember(t, s, "Ann")
	var batch []record.Event
	for i := range 600 {
		batch = append(batch, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro",
			ModuleVersion: "v1", Question: fmt.Sprintf("q%d", i), Chosen: []int{i % 4}, Correct: i%3 == 0})
	}
	if _, err := s.RecordBatch(batch); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// eventLeafPage finds a leaf page in use that holds events and returns its
// offset in the file and the page size.
func eventLeafPage(t *testing.T, path string) (offset int64, pageSize int) {
	t.Helper()
	return findPage(t, path, "leaf", []byte(`"kind":"question-answered"`))
}

// findPage finds a page in use of the given type that contains want.
func findPage(t *testing.T, path, typ string, want []byte) (offset int64, pageSize int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pageSize = db.Info().PageSize
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var candidates []int
	db.View(func(tx *bolt.Tx) error {
		for id := 2; ; id++ {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			page := data[id*pageSize : (id+1)*pageSize]
			if info.Type == typ && info.Count > 1 && bytes.Contains(page, want) {
				candidates = append(candidates, id)
			}
		}
	})
	if len(candidates) == 0 {
		t.Fatalf("no %s page holding %q found", typ, want)
	}
	return int64(candidates[len(candidates)/2] * pageSize), pageSize
}

func changeFile(t *testing.T, path string, change func(data []byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, change(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedFilesAreRefusedAndLeftAlone(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"empty with sidecar", func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"cut in half", func(t *testing.T, path string) {
			info, _ := os.Stat(path)
			if err := os.Truncate(path, info.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"shorter than two pages", func(t *testing.T, path string) {
			if err := os.Truncate(path, 5000); err != nil {
				t.Fatal(err)
			}
		}},
		{"meta pages zeroed", func(t *testing.T, path string) {
			_, pageSize := eventLeafPage(t, path)
			changeFile(t, path, func(data []byte) []byte {
				clear(data[:2*pageSize])
				return data
			})
		}},
		{"page header flipped", func(t *testing.T, path string) {
			offset, _ := eventLeafPage(t, path)
			changeFile(t, path, func(data []byte) []byte {
				for i := offset + 8; i < offset+12; i++ { // Page flags and count.
					data[i] ^= 0xff
				}
				return data
			})
		}},
		{"element table flipped", func(t *testing.T, path string) {
			offset, _ := eventLeafPage(t, path)
			changeFile(t, path, func(data []byte) []byte {
				for i := offset + 16; i < offset+48; i++ { // Where the first keys and values are.
					data[i] ^= 0xff
				}
				return data
			})
		}},
		{"branch points far outside the file", func(t *testing.T, path string) {
			// A branch page starting with sequence number 1: point its first
			// child far beyond the end of the file, so reading it faults.
			offset, _ := findPage(t, path, "branch", []byte{0, 0, 0, 0, 0, 0, 0, 1})
			changeFile(t, path, func(data []byte) []byte {
				binary.LittleEndian.PutUint64(data[offset+16+8:], 1<<28) // First child's page id.
				return data
			})
		}},
		{"keys out of order", func(t *testing.T, path string) {
			offset, _ := eventLeafPage(t, path)
			changeFile(t, path, func(data []byte) []byte {
				elem := offset + 16
				pos := int64(binary.LittleEndian.Uint32(data[elem+4:]))
				copy(data[elem+pos:elem+pos+8], bytes.Repeat([]byte{0xff}, 8))
				return data
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filledFile(t)
			tt.damage(t, path)
			before := fileHash(t, path)
			for _, readOnly := range []bool{false, true} {
				s, err := Open(path, Options{ReadOnly: readOnly})
				if err == nil {
					s.Close()
				}
				if !errors.Is(err, ErrDamaged) {
					t.Errorf("Open(ReadOnly: %v) error = %v, want ErrDamaged", readOnly, err)
				} else if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "has not been changed") {
					t.Errorf("message %q should name the file and say it is unchanged", msg)
				}
			}
			if fileHash(t, path) != before {
				t.Error("the damaged file was changed")
			}
		})
	}
}

func TestMissingFileWithSidecarIsRefused(t *testing.T) {
	path := filledFile(t)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Open error = %v, want ErrDamaged saying the file is missing", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing file was recreated: %v", err)
	}
}

func TestEmptyFileWithoutSidecarIsNew(t *testing.T) {
	// bbolt's own convention: an empty file is a new database. Without a
	// sidecar there is no sign it ever held records.
	path := filepath.Join(t.TempDir(), "records.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTestStore(t, path)
	addMember(t, s, "Ann")
	if _, err := os.Stat(chain.SidecarPath(path)); err != nil {
		t.Errorf("no sidecar: %v", err)
	}
}

func TestUndamagedFilePassesChecks(t *testing.T) {
	// The same file as the damage tests, undamaged, must open: otherwise
	// those tests would pass for the wrong reason.
	path := filledFile(t)
	eventLeafPage(t, path)
	s := openTestStore(t, path)
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	if r, err := verify(s); err != nil || r.Events != 601 {
		t.Errorf("Verify = %+v, %v", r, err)
	}
}
