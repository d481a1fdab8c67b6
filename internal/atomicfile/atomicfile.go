// Package atomicfile writes a file so that it appears complete or not at
// all: the data goes to a temporary file beside the final one, which is
// synced, closed, given its permissions and then renamed into place. A
// failure at any step removes the temporary file and leaves whatever was at
// the final name (often nothing) untouched.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// bufferSize is the write buffer handed to the caller: large enough that
// exports of hundreds of megabytes make few system calls.
const bufferSize = 256 << 10

// Write creates or replaces the file at path with what fn writes, with the
// permissions perm. fn writes to a buffer in front of a temporary file in
// the same folder; if fn or any later step fails, the temporary file is
// removed and the error returned, so no partial file is ever left at path.
func Write(path string, perm fs.FileMode, fn func(w *bufio.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if info, statErr := os.Stat(dir); statErr != nil {
		if errors.Is(statErr, fs.ErrNotExist) {
			return fmt.Errorf("writing %s: the folder %s does not exist", path, dir)
		}
		return fmt.Errorf("writing %s: %w", path, statErr)
	} else if !info.IsDir() {
		return fmt.Errorf("writing %s: %s is not a folder", path, dir)
	}
	// A leading dot keeps the temporary file out of most listings.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err == nil {
			return
		}
		if !closed {
			f.Close()
		}
		os.Remove(tmp)
		err = fmt.Errorf("writing %s: %w", path, err)
	}()

	w := bufio.NewWriterSize(f, bufferSize)
	if err := fn(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	closed = true
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, perm); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	SyncDir(dir)
	return nil
}

// syncDir makes the rename durable. It is best effort: Windows cannot sync
// a folder, and the file itself is already on disk.
func SyncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
