package atomicfile

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// entries lists a folder's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat([]byte("row,of,data\n"), 100_000) // Larger than the buffer.
	err := Write(path, 0o600, func(w *bufio.Writer) error {
		_, err := w.Write(want)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("file holds %d bytes, want %d", len(got), len(want))
	}
	if runtime.GOOS != "windows" {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", info.Mode().Perm())
		}
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only export.csv", names)
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	injected := errors.New("injected failure")
	tests := []struct {
		name   string
		target func(dir string) string // Final path, after any setup.
		fn     func(w *bufio.Writer) error
		want   string // In the error.
	}{
		{
			name:   "fn fails after writing more than a buffer",
			target: func(dir string) string { return filepath.Join(dir, "out.csv") },
			fn: func(w *bufio.Writer) error {
				w.Write(bytes.Repeat([]byte("x"), 3*bufferSize))
				return injected
			},
			want: "injected failure",
		},
		{
			name:   "missing folder",
			target: func(dir string) string { return filepath.Join(dir, "nowhere", "out.csv") },
			fn:     func(w *bufio.Writer) error { _, err := w.WriteString("data"); return err },
			want:   "does not exist",
		},
		{
			name: "rename fails: the name is a folder with something in it",
			target: func(dir string) string {
				p := filepath.Join(dir, "out.csv")
				if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
					t.Fatal(err)
				}
				return p
			},
			fn:   func(w *bufio.Writer) error { _, err := w.WriteString("data"); return err },
			want: "out.csv",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.target(dir)
			before := entries(t, dir)
			err := Write(path, 0o600, tt.fn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
			if tt.name == "fn fails after writing more than a buffer" && !errors.Is(err, injected) {
				t.Errorf("err = %v does not wrap the failure", err)
			}
			if after := entries(t, dir); strings.Join(after, " ") != strings.Join(before, " ") {
				t.Errorf("folder held %v before and %v after", before, after)
			}
		})
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	if err := os.WriteFile(path, []byte("previous export"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Write(path, 0o600, func(w *bufio.Writer) error {
		w.WriteString("half a new export")
		w.Flush()
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("no error")
	}
	got, _ := os.ReadFile(path)
	if string(got) != "previous export" {
		t.Errorf("file now holds %q", got)
	}
}
