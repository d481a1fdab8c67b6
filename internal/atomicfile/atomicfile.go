// Package atomicfile writes a file so that it appears complete or not at
// all: the data goes to a temporary file beside the final one, which is
// synced, closed, given its permissions and then renamed into place. A
// failure at any step removes the temporary file and leaves whatever was at
// the final name (often nothing) untouched.
//
// Because the rename replaces whatever the name points at, Write first
// refuses (see CheckTarget) a name that is not a regular file, such as a
// folder or a device, or that is one of the files its caller protects,
// such as the record file. Its errors are sentences for the person who
// chose the name: what is wrong and what to do.
//
// It knows nothing of the course: it imports only the standard library.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// bufferSize is the write buffer handed to the caller: large enough that
// exports of hundreds of megabytes make few system calls.
const bufferSize = 256 << 10

// Protected is a file that Write must never replace, and what it is, as
// the refusal names it ("the record file").
type Protected struct {
	Path string
	What string
}

// ErrRefused is matched (with errors.Is) by the error of a Write that
// would not write to its path at all.
var ErrRefused = errors.New("refused to write there")

// Error is a failure worded for a person; it wraps its cause.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Write creates or replaces the file at path with what fn writes, with the
// permissions perm, unless CheckTarget refuses path. fn writes to a buffer
// in front of a temporary file in the same folder; if fn or any later step
// fails, the temporary file is removed and the error returned, so no
// partial file is ever left at path.
func Write(path string, perm fs.FileMode, fn func(w *bufio.Writer) error, protected ...Protected) (err error) {
	dir := filepath.Dir(path)
	if info, statErr := os.Stat(dir); statErr != nil {
		return explain(path, dir, "open", statErr)
	} else if !info.IsDir() {
		return &Error{Msg: fmt.Sprintf("could not write %s: %s is not a folder.", path, dir), Err: syscall.ENOTDIR}
	}
	if err := CheckTarget(path, protected...); err != nil {
		return err
	}
	// A leading dot keeps the temporary file out of most listings.
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return explain(path, dir, "create", err)
	}
	tmp := f.Name()
	closed := false
	step := "write"
	defer func() {
		if err == nil {
			return
		}
		if !closed {
			f.Close()
		}
		os.Remove(tmp)
		var worded *Error
		if !errors.As(err, &worded) {
			err = explain(path, dir, step, err)
		}
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
	// The name may have changed while fn wrote, which can take a while.
	if err := CheckTarget(path, protected...); err != nil {
		return err
	}
	step = "replace"
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	SyncDir(dir)
	return nil
}

// CheckTarget returns an error matching ErrRefused if Write must not write
// to path: when path is one of protected, or another name for the same
// file (a symbolic or hard link, or a path through other folders), or when
// it is a folder, a device, a named pipe or anything else that is not a
// regular file, which the rename would replace rather than write to. A
// regular file, a link to one, or a name with nothing there yet is fine.
func CheckTarget(path string, protected ...Protected) error {
	for _, p := range protected {
		if !sameFile(path, p.Path) {
			continue
		}
		what := p.What
		if absolute(path) != absolute(p.Path) {
			what = fmt.Sprintf("another name for %s (%s)", p.What, p.Path)
		}
		return refused("%s is %s, which must not be replaced. Choose another name.", path, what)
	}
	info, err := os.Stat(path)
	if err != nil {
		// Nothing there yet, or nothing that can be looked at: the steps
		// that follow say what is wrong, if anything.
		return nil
	}
	switch mode := info.Mode(); {
	case mode.IsRegular():
		return nil
	case mode.IsDir():
		return refused("%s is a folder, not a file. Give the name of a file to write, inside it or elsewhere.", path)
	case mode&fs.ModeDevice != 0:
		return refused("%s is a device, not a file. Give the name of a file to write.", path)
	case mode&fs.ModeNamedPipe != 0:
		return refused("%s is a named pipe, not a file. Give the name of a file to write.", path)
	case mode&fs.ModeSocket != 0:
		return refused("%s is a socket, not a file. Give the name of a file to write.", path)
	}
	return refused("%s is not an ordinary file. Give the name of a file to write.", path)
}

func refused(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Err: ErrRefused}
}

func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// sameFile says whether a and b name the same file. When neither exists,
// they are the same if they have the same name in the same folder.
func sameFile(a, b string) bool {
	ai, aErr := os.Stat(a)
	bi, bErr := os.Stat(b)
	switch {
	case aErr == nil && bErr == nil:
		return os.SameFile(ai, bi)
	case aErr == nil || bErr == nil:
		return false
	case filepath.Base(a) != filepath.Base(b):
		return false
	}
	ad, aErr := os.Stat(filepath.Dir(a))
	bd, bErr := os.Stat(filepath.Dir(b))
	return aErr == nil && bErr == nil && os.SameFile(ad, bd)
}

// explain words err, met at a step of writing path in dir ("open" the
// folder, "create" the temporary file, "write" it, "replace" path), as a
// sentence that says what is wrong and what to do. An error it has no
// words for keeps its own, after the path.
func explain(path, dir, step string, err error) error {
	var what string
	switch {
	case step == "open" && (errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)):
		what = fmt.Sprintf("the folder %s does not exist. Create it first, or choose another folder", dir)
	case isAny(err, errDiskFull):
		what = "the disk is full (or your share of it). Free some space, or write to another disk"
	case isAny(err, errReadOnly):
		what = fmt.Sprintf("the folder %s is on a read-only disk. Choose a folder on another disk", dir)
	case errors.Is(err, fs.ErrPermission) && step == "replace":
		what = fmt.Sprintf("you do not have permission to replace %s. Choose another name, or ask its owner", path)
	case errors.Is(err, fs.ErrPermission):
		what = fmt.Sprintf("you do not have permission to create files in the folder %s. Choose another folder, such as one in your home folder", dir)
	case errors.Is(err, syscall.EBUSY):
		what = fmt.Sprintf("%s is in use by the system. Choose another name", path)
	case errors.Is(err, syscall.EIO):
		what = "the disk reported an error. Check the disk, or write to another one"
	default:
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return &Error{Msg: fmt.Sprintf("could not write %s: %s.", path, what), Err: err}
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// SyncFile flushes a closed file's contents and size to disk, before it
// is renamed into place by other means than Write.
func SyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// SyncDir makes a rename in dir durable. It is best effort: Windows cannot
// sync a folder, and the file itself is already on disk.
func SyncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
