package chain

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestLook: what is at a record file's path decides whether it is made
// afresh, checked, or refused.
func TestLook(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "records.db")
	if f, err := Look(path, false); err != nil || !f.Fresh {
		t.Errorf("no file, for writing: %+v, %v", f, err)
	}
	if _, err := Look(path, true); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file, read-only: %v", err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := Look(path, false); err != nil || !f.Fresh {
		t.Errorf("an empty file without a sidecar: %+v, %v", f, err)
	}
	if err := os.WriteFile(path, []byte("records"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := Look(path, true); err != nil || f.Fresh || f.Size != 7 || f.SidecarErr != nil {
		t.Errorf("a file without a sidecar: %+v, %v", f, err)
	}
	if err := CreateSidecar(path, Sidecar{ID: "a", End: &End{Events: 3, Head: "h"}}); err != nil {
		t.Fatal(err)
	}
	if f, err := Look(path, false); err != nil || f.Fresh || f.Sidecar.End == nil || f.Sidecar.End.Events != 3 {
		t.Errorf("a file with its sidecar: %+v, %v", f, err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Look(path, false); !errors.Is(err, ErrDamaged) {
		t.Errorf("an empty file with a sidecar: %v", err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Look(path, false); !errors.Is(err, ErrDamaged) {
		t.Errorf("a missing file with a sidecar: %v", err)
	}
	if _, err := Look(dir, false); err == nil {
		t.Error("a folder was taken for a record file")
	}
}
