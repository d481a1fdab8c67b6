package store

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"course/internal/store/chain"
)

// Checking a record file before it is used: its structure, then its chain.

// examine decides whether path is a new file or an existing one that is safe
// to open for writing (see chain.Look), and reads its sidecar. It never
// writes to path. The structure of an existing file is checked (errors are
// ErrDamaged), then its chain: a chain that fails is returned as problem,
// which refuses writing.
func examine(path string, opts Options) (fresh bool, sc chain.Sidecar, problem *TamperedError, err error) {
	f, err := chain.Look(path, opts.ReadOnly)
	if err != nil || f.Fresh {
		return f.Fresh, f.Sidecar, nil, err
	}
	report, err := checkFile(path, f.Size, opts.Timeout, f.Sidecar.End, !opts.ReadOnly)
	switch {
	case err != nil:
		return false, f.Sidecar, nil, err
	case f.SidecarErr != nil:
		// Without the pinned end, removed events could not be noticed.
		report.OK, report.FirstBad, report.Problem, report.Sidecar = false, 0, f.SidecarErr.Error(), true
	}
	if !report.OK {
		problem = &TamperedError{Path: path, Report: report}
	}
	return false, f.Sidecar, problem, nil
}

// checkFile opens path read-only and looks it over before anyone writes:
// its structure, then its chain (without decoding events) up to the end
// pinned in the sidecar.
// bbolt trusts its pages and can panic or fault on a damaged one, so the
// work happens under guard, and pages are touched from this goroutine first:
// Tx.Check runs in its own goroutine, where a fault could not be recovered.
//
// bbolt's own consistency check (every page accounted for once) runs only
// before writing, when damage could spread: a reader is kept safe by the
// walk and the chain, and verify runs the consistency check itself.
func checkFile(path string, size int64, timeout time.Duration, pin *chain.End, forWriting bool) (chain.Report, error) {
	var report chain.Report
	err := chain.Guard(path, func() error {
		// First pass, without the free list: only the meta pages have been
		// read when the size is compared, so nothing beyond the end is touched.
		err := inspect(path, timeout, false, func(tx *bolt.Tx) error {
			if tx.Size() > size {
				return chain.Damaged(path, fmt.Sprintf("it is %d bytes but should be at least %d", size, tx.Size()))
			}
			if err := walk(tx, path); err != nil {
				return err
			}
			report = chain.Report{OK: true}
			if log := tx.Bucket(bucketEvents); log != nil {
				report = checkIn(tx, pin, "", false)
			}
			return nil
		})
		if err != nil || !forWriting {
			return err
		}
		// Second pass: the free list is loaded here rather than in the check's
		// goroutine; then the check, on files of a reasonable size.
		return inspect(path, timeout, true, func(tx *bolt.Tx) error {
			if size > fullCheckLimit {
				return nil
			}
			if err := consistency(tx); err != nil {
				return chain.Damaged(path, err.Error())
			}
			return nil
		})
	})
	return report, err
}

// inspect opens path read-only, runs fn in a read transaction and closes the
// file again, even if fn panics.
func inspect(path string, timeout time.Duration, loadFreelist bool, fn func(*bolt.Tx) error) error {
	db, err := openBolt(path, timeout, true, loadFreelist)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(fn)
}

// walk reads every byte of every key and value in every bucket, and checks
// that keys come in order, so that each
// page in use is visited (and its header checked by bbolt) from the calling
// goroutine, where a fault can be recovered.
func walk(tx *bolt.Tx, path string) error {
	var walkBucket func(b *bolt.Bucket) error
	walkBucket = func(b *bolt.Bucket) error {
		c := b.Cursor()
		var prev []byte
		for k, v := c.First(); k != nil; k, v = c.Next() {
			// Out of order, a key would be missed by every look-up.
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return chain.Damaged(path, fmt.Sprintf("key %q is out of order after %q", k, prev))
			}
			prev = k
			crc32.Checksum(k, crcTable)
			if v != nil {
				crc32.Checksum(v, crcTable)
				continue
			}
			child := b.Bucket(k)
			if child == nil {
				return chain.Damaged(path, fmt.Sprintf("key %q has neither a value nor a bucket", k))
			}
			if err := walkBucket(child); err != nil {
				return err
			}
		}
		return nil
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b) })
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// consistency runs bbolt's check and joins the first few problems it finds.
func consistency(tx *bolt.Tx) error {
	var problems []error
	for err := range tx.Check() {
		if len(problems) < 5 {
			problems = append(problems, err)
		}
	}
	return errors.Join(problems...)
}

// openBolt opens the file with a lock timeout and turns bbolt's errors into
// ours.
func openBolt(path string, timeout time.Duration, readOnly, loadFreelist bool) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         timeout,
		ReadOnly:        readOnly,
		PreLoadFreelist: loadFreelist,
	})
	var pathErr *fs.PathError
	var errno syscall.Errno
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	case errors.As(err, &pathErr), errors.As(err, &errno):
		// The file could not be opened, locked or mapped: not its contents' fault.
		return nil, fmt.Errorf("opening the records: %w", err)
	}
	// Anything else is bbolt rejecting what it read: bad meta pages, a
	// checksum or version mismatch, a file too short to hold its meta pages.
	return nil, chain.Damaged(path, err.Error())
}
