package userdir

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocuments: Documents first, then Downloads, then home.
func TestDocuments(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	want := func(dir string) {
		t.Helper()
		if got, err := Documents(); err != nil || got != dir {
			t.Errorf("Documents() = %q, %v; want %q", got, err, dir)
		}
	}
	want(home)
	if err := os.Mkdir(filepath.Join(home, "Downloads"), 0o700); err != nil {
		t.Fatal(err)
	}
	want(filepath.Join(home, "Downloads"))
	if err := os.Mkdir(filepath.Join(home, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	want(filepath.Join(home, "Documents"))
}
