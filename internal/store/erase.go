package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/atomicfile"
	"course/internal/record"
	"course/internal/store/chain"
)

// copyTxSize is how many bytes of keys and values go into one transaction
// when the file is rewritten, to bound the memory used on a large file.
var copyTxSize = 32 << 20

// renameFile replaces the record file with its rewritten copy; tests swap it
// to fail or to look at the copy at that moment.
var renameFile = os.Rename

// erasingPath is where the rewritten file is built, beside the original so
// that the rename that replaces it is atomic.
func erasingPath(path string) string { return path + ".erasing" }

// EraseMember removes a member's personal data (name, email and ward, and
// the state entries that name them: their reading places and, if it is
// theirs, the last member), and their SSH keys and enrolment codes, so
// that nobody can sign in as them, and logs a member-erased event with the reason.
// Their other events stay: they hold no personal data, so the chain still
// verifies and totals stay right. The member stays, as Erased with the
// personal fields empty. It returns an error wrapping ErrNotFound for an
// unknown number and ErrAlreadyErased for a member erased before, and a
// *TamperedError for details that fail their check (see VerifyHead), since
// erasing them would seal the change.
//
// Overwriting a value in bbolt leaves the old bytes in freed pages, so the
// file is not changed in place: the whole database is copied into a new
// file beside it, with the member's data left out and the erasure logged,
// then the copy is synced and renamed over the original, and the directory
// synced. The erased data is never written to the copy. A crash before the
// rename leaves the original exactly as it was (and a stray .erasing file,
// removed by the next erasure); after it, the new file. The copy keeps the
// meta bucket, so the sidecar still matches it.
//
// It replaces the open file underneath the Store, so other calls on the
// same Store (a server's sessions) wait while it does.
func (s *Store) EraseMember(number, reason string) error {
	s.swap.Lock()
	err := s.eraseMember(number, reason)
	s.swap.Unlock()
	if err != nil {
		return err
	}
	return s.pinCurrent()
}

// eraseMember is EraseMember with every other call kept out.
func (s *Store) eraseMember(number, reason string) error {
	reason, err := record.CheckErasureReason(reason)
	if err != nil {
		return err
	}
	if s.brief {
		return fmt.Errorf("erasing member %s: the store holds the file only briefly (Options.Brief), and an erasure needs it held open", number)
	}
	if s.db.IsReadOnly() {
		return fmt.Errorf("erasing member %s: the records are open read-only", number)
	}

	tmp := erasingPath(s.path)
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing %s, left by an erasure that did not finish: %w", tmp, err)
	}
	// A writable transaction keeps the file still while it is copied: no
	// other writer in this process can start, and other processes are kept
	// out by the file lock. It is rolled back: the original is not changed.
	src, err := s.db.Begin(true)
	if err != nil {
		return fmt.Errorf("erasing member %s: %w", number, err)
	}
	rolledBack := false
	rollback := func() {
		if !rolledBack {
			src.Rollback()
			rolledBack = true
		}
	}
	defer rollback()

	rec, err := getMember(src.Bucket(bucketMembers), number)
	switch {
	case err != nil:
		return err
	case rec.Erased:
		return fmt.Errorf("member %s %w", number, record.ErrAlreadyErased)
	}
	if r, _ := checkDetails(src, number); !r.OK { // Erasing would seal the change.
		return &TamperedError{Path: s.path, Report: r}
	}
	if err := record.CheckReasonAbout(reason, rec); err != nil {
		return err
	}
	err = chain.Guard(s.path, func() error { return s.writeErasedCopy(src, tmp, number, rec, reason) })
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("erasing member %s: %w (the record file has not been changed)", number, err)
	}

	if runtime.GOOS == "windows" {
		// Windows cannot replace a file that is open, so let go of it first;
		// if another process takes it meanwhile, the rename fails and the
		// original stays as it was.
		rollback()
		s.db.Close()
		renameErr := renameFile(tmp, s.path)
		if renameErr != nil {
			os.Remove(tmp)
		}
		db, err := openBolt(s.path, time.Second, false, false)
		if err == nil {
			s.db = db
		}
		switch {
		case renameErr != nil:
			return fmt.Errorf("erasing member %s: %w (the record file has not been changed)", number, renameErr)
		case err != nil:
			return fmt.Errorf("member %s was erased, but the record file could not be opened again: %w", number, err)
		}
		return nil
	}

	if err := renameFile(tmp, s.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("erasing member %s: %w (the record file has not been changed)", number, err)
	}
	atomicfile.SyncDir(filepath.Dir(s.path))
	// Open the new file before letting go of the old one, so that no other
	// process can take the new one in between. (One that opened the old
	// file before the rename and is waiting for its lock would still get
	// the old, unlinked file: Open does not yet check that the file it
	// locked is still the one at its path.)
	var db *bolt.DB
	openErr := chain.Guard(s.path, func() (err error) {
		db, err = openBolt(s.path, time.Second, false, false)
		return err
	})
	rollback()
	s.db.Close()
	if openErr != nil {
		return fmt.Errorf("member %s was erased, but the record file could not be opened again: %w", number, openErr)
	}
	s.db = db
	return nil
}

// writeErasedCopy copies everything src holds into a new file at dst, with
// the member's personal data and state entries left out, logs the erasure
// there, checks the copy and syncs it.
func (s *Store) writeErasedCopy(src *bolt.Tx, dst, number string, rec record.Member, reason string) error {
	db, err := bolt.Open(dst, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()

	erased := record.Member{Number: number, Role: rec.Role, Elected: rec.Elected, Added: rec.Added, Erased: true}
	var digest string // of the erased member's value, which the erasure carries
	placePrefix := placeKey(number, "")
	keep := func(path [][]byte, k, v []byte) ([]byte, bool, error) {
		if len(path) != 1 {
			return v, true, nil
		}
		switch {
		case bytes.Equal(path[0], bucketMembers) && string(k) == number:
			v, d, err := chain.StoreMember(erased)
			digest = d
			return v, true, err
		case bytes.Equal(path[0], bucketState) && bytes.Equal(k, keyLastMember) && string(v) == number:
			return nil, false, nil
		case bytes.Equal(path[0], bucketState) && bytes.HasPrefix(k, placePrefix):
			return nil, false, nil
		}
		ok, err := keepOnErasure(path[0], v, number)
		return v, ok, err
	}
	if err := copyDB(db, src, keep); err != nil {
		return fmt.Errorf("copying the records: %w", err)
	}

	// Log the erasure in the copy. Only the event log and its index change
	// here, so the pages this frees hold nothing personal.
	copied := &Store{db: db, path: dst, now: s.now, appVersion: s.appVersion}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := copied.appendEvents(tx, []record.Event{{Kind: record.MemberErased, Member: number, Reason: reason, DetailsDigest: digest}})
		return err
	})
	if err != nil {
		return fmt.Errorf("logging the erasure: %w", err)
	}

	// Check the copy before it replaces anything.
	before := src.Bucket(bucketEvents).Stats().KeyN
	err = db.View(func(tx *bolt.Tx) error {
		if err := consistency(tx); err != nil {
			return err
		}
		if after := tx.Bucket(bucketEvents).Stats().KeyN; after != before+1 {
			return fmt.Errorf("the copy has %d events where it should have %d", after, before+1)
		}
		if got, want := tx.Bucket(bucketMembers).Stats().KeyN, src.Bucket(bucketMembers).Stats().KeyN; got != want {
			return fmt.Errorf("the copy has %d members where it should have %d", got, want)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking the copy: %w", err)
	}
	closed = true
	if err := db.Close(); err != nil {
		return err
	}
	return atomicfile.SyncFile(dst)
}

// keepFunc decides what is copied: the value to write for key k in the
// bucket at path, or false to leave the key out.
type keepFunc func(path [][]byte, k, v []byte) ([]byte, bool, error)

// copyDB copies every bucket of src into dst (which must be empty), through
// keep, committing every copyTxSize bytes. Pages are filled completely, as
// bbolt's Compact does.
func copyDB(dst *bolt.DB, src *bolt.Tx, keep keepFunc) error {
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	var size int
	// bucket finds the bucket at path in the current transaction.
	bucket := func(path [][]byte) *bolt.Bucket {
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			b = b.Bucket(name)
		}
		b.FillPercent = 1
		return b
	}
	var copyBucket func(from *bolt.Bucket, path [][]byte) error
	copyBucket = func(from *bolt.Bucket, path [][]byte) error {
		c := from.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if size >= copyTxSize {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				size = 0
			}
			size += len(k) + len(v)
			if v == nil {
				child := from.Bucket(k)
				created, err := bucket(path).CreateBucket(k)
				if err != nil {
					return err
				}
				if err := created.SetSequence(child.Sequence()); err != nil {
					return err
				}
				if err := copyBucket(child, append(slices.Clip(path), k)); err != nil {
					return err
				}
				continue
			}
			value, ok, err := keep(path, k, v)
			if err != nil {
				return err
			}
			if ok {
				if err := bucket(path).Put(k, value); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		created, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := created.SetSequence(b.Sequence()); err != nil {
			return err
		}
		return copyBucket(b, [][]byte{name})
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}
