package atomicfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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
			name: "the name is a folder with something in it",
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

// writeData is an fn for Write that records that it ran.
func writeData(ran *bool) func(w *bufio.Writer) error {
	return func(w *bufio.Writer) error {
		*ran = true
		_, err := w.WriteString("new data")
		return err
	}
}

func TestWriteRefusesProtectedFiles(t *testing.T) {
	dir := t.TempDir()
	records := filepath.Join(dir, "records.db")
	if err := os.WriteFile(records, []byte("the records"), 0o600); err != nil {
		t.Fatal(err)
	}
	protected := []Protected{{Path: records, What: "the record file"}, {Path: records + ".id", What: "its .id file"}}
	other := t.TempDir()
	if err := os.Symlink(dir, filepath.Join(other, "via")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(records, filepath.Join(other, "hard.db")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(records, filepath.Join(other, "soft.db")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, tt := range []struct{ path, want string }{
		{records, "records.db is the record file, which must not be replaced"},
		{"records.db", "records.db is the record file"},
		{filepath.Join("..", filepath.Base(other), "hard.db"), "is another name for the record file"},
		{filepath.Join(other, "hard.db"), "hard.db is another name for the record file (" + records + ")"},
		{filepath.Join(other, "soft.db"), "soft.db is another name for the record file"},
		{filepath.Join(other, "via", "records.db"), "is another name for the record file"},
		// The .id file does not exist: the same name in the same folder.
		{records + ".id", "records.db.id is its .id file"},
		{filepath.Join(other, "via", "records.db.id"), "is another name for its .id file"},
	} {
		ran := false
		err := Write(tt.path, 0o600, writeData(&ran), protected...)
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) || !strings.HasSuffix(err.Error(), "Choose another name.") {
			t.Errorf("Write(%s) = %v, want a refusal saying %q", tt.path, err, tt.want)
		}
		if ran {
			t.Errorf("Write(%s) ran fn before refusing", tt.path)
		}
	}
	if data, _ := os.ReadFile(records); string(data) != "the records" {
		t.Errorf("the record file now holds %q", data)
	}
	if _, err := os.Lstat(records + ".id"); err == nil {
		t.Error("the .id file was written")
	}
	if got := entries(t, dir); strings.Join(got, " ") != "records.db" {
		t.Errorf("folder holds %v", got)
	}
	// A file of another name beside them is written.
	ran := false
	if err := Write(filepath.Join(dir, "records.csv"), 0o600, writeData(&ran), protected...); err != nil || !ran {
		t.Errorf("writing records.csv: %v", err)
	}
}

func TestWriteRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(regular, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	targets := specialFiles(t)
	targets[folder] = "is a folder, not a file"
	for path, want := range targets {
		ran := false
		err := Write(path, 0o600, writeData(&ran))
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), path+" "+want) {
			t.Errorf("Write(%s) = %v, want a refusal saying %q", path, err, want)
		}
		if ran {
			t.Errorf("Write(%s) ran fn before refusing", path)
		}
		if err := CheckTarget(path); !errors.Is(err, ErrRefused) {
			t.Errorf("CheckTarget(%s) = %v", path, err)
		}
	}
	if got := entries(t, dir); strings.Join(got, " ") != "folder link.csv old.csv" {
		t.Errorf("folder holds %v", got)
	}
	// A link to a regular file is replaced by the new file.
	for _, path := range []string{regular, link, filepath.Join(dir, "new.csv")} {
		if err := CheckTarget(path); err != nil {
			t.Errorf("CheckTarget(%s) = %v", path, err)
		}
	}
}

func TestExplain(t *testing.T) {
	dir := filepath.Join("some", "folder")
	path := filepath.Join(dir, "out.csv")
	tests := []struct {
		step string
		err  error
		want string
	}{
		{"open", fs.ErrNotExist, "the folder " + dir + " does not exist. Create it first, or choose another folder."},
		{"create", fs.ErrPermission, "you do not have permission to create files in the folder " + dir + ". Choose another folder"},
		{"replace", fs.ErrPermission, "you do not have permission to replace " + path + ". Choose another name"},
		{"write", errDiskFull[0], "the disk is full (or your share of it). Free some space, or write to another disk."},
		{"create", errReadOnly[0], "the folder " + dir + " is on a read-only disk. Choose a folder on another disk."},
	}
	for _, tt := range tests {
		cause := &fs.PathError{Op: "open", Path: filepath.Join(dir, ".out.csv.123.tmp"), Err: tt.err}
		err := explain(path, dir, tt.step, fmt.Errorf("exporting: %w", cause))
		if got := err.Error(); !strings.HasPrefix(got, "could not write "+path+": "+tt.want) {
			t.Errorf("%s, %v: %q, want %q", tt.step, tt.err, got, tt.want)
		}
		if strings.Contains(err.Error(), ".tmp") {
			t.Errorf("%s, %v: the message names the temporary file: %q", tt.step, tt.err, err)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%s, %v: the cause is not wrapped", tt.step, tt.err)
		}
	}
	other := errors.New("something else")
	if err := explain(path, dir, "write", other); !errors.Is(err, other) || !strings.HasPrefix(err.Error(), "writing "+path+": ") {
		t.Errorf("an unknown error became %v", err)
	}
}

func TestSyncFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := SyncFile(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SyncFile of a missing file: %v", err)
	}
	if err := os.WriteFile(path, []byte("records"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SyncFile(path); err != nil {
		t.Errorf("SyncFile: %v", err)
	}
}
