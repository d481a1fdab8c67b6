package chain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// File is what is at a record file's path before it is opened: Look's
// answer.
type File struct {
	// Fresh says there is nothing to check: no file yet, or an empty one
	// that was never the records' (no sidecar), which bbolt starts afresh.
	Fresh bool
	// Size is the file's size.
	Size int64
	// Sidecar is what the sidecar says, if there is one and it can be read;
	// SidecarErr says why one that exists cannot be (see ReadSidecar).
	Sidecar    Sidecar
	SidecarErr error
}

// Look says what is at the record file's path, and reads its sidecar,
// before the file is opened, for reading only or for writing. A file that
// is missing or empty while its sidecar shows records were kept there is
// ErrDamaged; opened for reading only, one that is not there yet is an
// error wrapping fs.ErrNotExist.
func Look(path string, readOnly bool) (File, error) {
	info, err := os.Stat(path)
	sc, hasSidecar, scErr := ReadSidecar(path)
	f := File{Sidecar: sc, SidecarErr: scErr}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if hasSidecar {
			return f, DamagedWith(path, fmt.Sprintf("the record file %s is missing, but %s shows records were kept there. "+
				"Restore the file from a backup; to start a new, empty record on purpose, delete %s as well.",
				path, SidecarPath(path), SidecarPath(path)))
		}
		if readOnly {
			return f, fmt.Errorf("there are no records at %s yet: %w", path, err)
		}
		f.Fresh = true
		return f, nil
	case err != nil:
		return f, fmt.Errorf("reading the records: %w", err)
	case info.IsDir():
		return f, fmt.Errorf("the record file %s is a folder", path)
	case info.Size() == 0:
		if hasSidecar {
			return f, Damaged(path, "it is empty")
		}
		if readOnly {
			return f, fmt.Errorf("there are no records at %s yet: %w", path, fs.ErrNotExist)
		}
		f.Fresh = true
		return f, nil
	}
	f.Size = info.Size()
	return f, nil
}
