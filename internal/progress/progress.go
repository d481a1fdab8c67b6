// Package progress keeps the course's compliance records: who the members
// are, an append-only log of what each of them did, and the progress that
// is derived from that log.
//
// Everything lives in one bbolt file (records.db by default) laid out as:
//
//	records.db
//	├── meta           schema → "2", id → creation id, created → RFC 3339 time,
//	│                  course → JSON {id, title, guidance_version, content} (see CourseBinding)
//	├── members        number → JSON {name, email, ward, role, elected, added, erased}
//	├── events         seq (8-byte big-endian) → JSON of an Event, ending with its hash
//	├── member-events  number + 0x00 + seq (8-byte big-endian) → binary summary of the event
//	└── state          "last-member" → number
//	                   "place" + 0x00 + number + 0x00 + module → offset (decimal)
//	records.db.id      sidecar file: JSON {id, created, end: {events, head}}, written when
//	                   the file is made and after every commit that adds events
//
// members is the only place personal data (name, email, ward) is kept, and
// it is mutable, so that a member can be erased without touching the log.
// events is append-only: an event is never changed or deleted once written.
// member-events is an index built from events (by migration 2, then as
// events are recorded); it lets one member's history be read without
// scanning the log, and its summaries (the fields Derive reads) let Progress
// avoid decoding JSON. Verify checks it against the log. state holds screen
// conveniences (the last member chosen, the reading place in a module); it
// is not part of the record and not hash-chained.
//
// # Hash chain
//
// Each event carries Prev, the Hash of the event before it ("" for the
// first), and its own Hash: the lowercase hex SHA-256 of the event encoded
// by encoding/json.Marshal with Hash empty. That encoding is deterministic:
// keys in the Event struct's field order, empty fields omitted, times in
// UTC RFC 3339 with nanoseconds. The stored value is exactly those bytes
// with `,"hash":"<hex>"` inserted before the closing brace. Verify hashes
// the stored bytes themselves (never a re-encoding), so any change to any
// byte of an event is detected, whatever later versions of encoding/json do.
//
// # Guarantees
//
//   - Record, RecordBatch, AddMember and UpdateMember return only after their
//     transaction is committed and fsynced; nothing is left to save on Close.
//   - A second process opening the same file gets ErrLocked after
//     Options.Timeout (one second by default) instead of waiting forever.
//   - A file that is missing or empty while its sidecar exists, truncated,
//     or structurally damaged is refused with ErrDamaged and is not written
//     to: it is checked through read-only handles (every page read, then
//     bbolt's Tx.Check) before it is opened for writing. Damage inside an
//     event's bytes leaves the file readable and is reported by Verify.
//   - A file written by a newer program is refused with ErrNewerSchema.
//   - Records whose chain fails the check made on every open (see chain.go)
//     are refused for writing with a *TamperedError (ErrTampered) and not
//     written to; opened read-only they can be read, and Problem says why
//     they cannot be trusted.
//
// It is the only package that imports bbolt. It must not import the
// terminal libraries, the screens or the command line.
package progress

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"course/internal/atomicfile"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrLocked means another process has the record file open.
	ErrLocked = errors.New("records are open in another course window")
	// ErrDamaged means the record file cannot be trusted and was left alone.
	ErrDamaged = errors.New("the record file is damaged")
	// ErrNotFound means no member has the given number.
	ErrNotFound = errors.New("not found")
	// ErrNewerSchema means the file was written by a newer program.
	ErrNewerSchema = errors.New("the record file was written by a newer version of the course")
	// ErrTampered means an event no longer matches its hash chain.
	ErrTampered = errors.New("the records have been altered")
	// ErrInvalid means the caller passed details that cannot be stored.
	ErrInvalid = errors.New("invalid details")
	// ErrDuplicateMember means a new member is someone already on the record.
	ErrDuplicateMember = errors.New("already on the record")
)

// InvalidError says which detail cannot be stored and why, in words for a
// person. It matches ErrInvalid.
type InvalidError struct {
	Field  string // "name", "email", "reason", …
	Reason string // for example "the name is empty"
}

func (e *InvalidError) Error() string { return ErrInvalid.Error() + ": " + e.Reason }
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Reason is what is wrong, in words for a person: an InvalidError's
// reason, or err's text.
func Reason(err error) string {
	if ie, ok := errors.AsType[*InvalidError](err); ok {
		return ie.Reason
	}
	return err.Error()
}

// DuplicateMemberError says that a new member is someone already on the
// record, and who. It matches ErrDuplicateMember.
type DuplicateMemberError struct {
	Existing Member
	ByEmail  bool // matched by email; otherwise by name and ward
}

func (e *DuplicateMemberError) Error() string {
	return fmt.Sprintf("member %s is %s with this %s", e.Existing.Number, ErrDuplicateMember, e.How())
}

// How says what matched: "email" or "name and ward".
func (e *DuplicateMemberError) How() string {
	if e.ByEmail {
		return "email"
	}
	return "name and ward"
}

func (e *DuplicateMemberError) Unwrap() error { return ErrDuplicateMember }

// fullCheckLimit bounds the work done when opening: files up to this size get
// bbolt's full consistency check as well as the structural walk. (A file of
// 420,000 events is about 280 MB and takes about 0.1 s to check.)
const fullCheckLimit = 1 << 30

// Options configure Open.
type Options struct {
	// Timeout is how long to wait for another process to let go of the file.
	// Zero or less means one second.
	Timeout time.Duration
	// ReadOnly opens the file for reading only, sharing it with other readers.
	ReadOnly bool
	// Now is the clock used to stamp events; nil means time.Now. Times are
	// always stored in UTC.
	Now func() time.Time
	// AppVersion is the program version stamped into every event.
	AppVersion string
	// Brief holds the file only while a call reads or writes it, so that
	// other programs, such as the officer's report, export and verify, can
	// read it in between, and other windows write to it. Each call locks
	// and opens the file, reads the end pinned in the sidecar afresh and
	// checks the chain up to it (as Open does, without decoding events),
	// does its work and lets go. Open still checks the whole file once.
	// Calls wait up to Timeout (ten seconds by default in this mode) for
	// another program to let go. EraseMember is not available.
	Brief bool
}

// Store is an open record file. Its methods are safe for concurrent use.
type Store struct {
	db         *bolt.DB
	path       string
	now        func() time.Time
	appVersion string
	// problem is why the chain failed its check on opening (read-only
	// stores only; a writable one is not opened at all).
	problem *TamperedError

	pinMu       sync.Mutex
	sidecar     sidecar   // as read or last written
	pinned      *chainEnd // the end last pinned in the sidecar, if known
	sidecarFile *os.File  // open for pinning, once the sidecar is in slots
	nextSlot    int       // the slot the next pin goes to

	// brief stores hold the file only for a call (see Options.Brief): db is
	// nil between calls, and mu keeps this process's calls one at a time.
	brief   bool
	timeout time.Duration
	mu      sync.Mutex
}

// DefaultPath is where the records live unless the user says otherwise.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the folder for the records: %w", err)
	}
	return filepath.Join(dir, "course", "records.db"), nil
}

// Open opens the record file at path, creating it (and its folder) if it
// does not exist yet. The file is checked before anything is written to it.
func Open(path string, opts Options) (*Store, error) {
	switch {
	case opts.Timeout > 0:
	case opts.Brief:
		opts.Timeout = 10 * time.Second
	default:
		opts.Timeout = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	fresh, sc, problem, err := examine(path, opts)
	if err != nil {
		return nil, err
	}
	if problem != nil && !opts.ReadOnly {
		return nil, problem
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("making the folder for the records: %w", err)
		}
	}
	var db *bolt.DB
	err = guard(path, func() (err error) {
		db, err = openBolt(path, opts.Timeout, opts.ReadOnly, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, now: opts.Now, appVersion: opts.AppVersion, problem: problem, sidecar: sc, pinned: sc.End, nextSlot: sc.nextSlot}
	if err := s.prepare(opts.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	if fresh {
		// A new file's directory entry must survive a crash too.
		atomicfile.SyncDir(filepath.Dir(path))
	}
	if opts.Brief && !opts.ReadOnly {
		s.brief, s.timeout = true, opts.Timeout
		s.releaseSidecar()
		if err := db.Close(); err != nil {
			return nil, err
		}
		s.db = nil
	}
	return s, nil
}

// examine decides whether path is a new file or an existing one that is safe
// to open for writing, and reads its sidecar. It never writes to path. The
// structure of an existing file is checked (errors are ErrDamaged), then its
// chain: a chain that fails is returned as problem, which refuses writing.
func examine(path string, opts Options) (fresh bool, sc sidecar, problem *TamperedError, err error) {
	info, err := os.Stat(path)
	sc, hasSidecar, scErr := readSidecar(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if hasSidecar {
			return false, sc, nil, &damagedError{path: path, msg: fmt.Sprintf("the record file %s is missing, but %s shows records were kept there. "+
				"Restore the file from a backup; to start a new, empty record on purpose, delete %s as well.",
				path, sidecarPath(path), sidecarPath(path))}
		}
		if opts.ReadOnly {
			return false, sc, nil, fmt.Errorf("there are no records at %s yet: %w", path, err)
		}
		return true, sc, nil, nil
	case err != nil:
		return false, sc, nil, fmt.Errorf("reading the records: %w", err)
	case info.IsDir():
		return false, sc, nil, fmt.Errorf("the record file %s is a folder", path)
	case info.Size() == 0:
		if hasSidecar {
			return false, sc, nil, damaged(path, "it is empty")
		}
		if opts.ReadOnly {
			return false, sc, nil, fmt.Errorf("there are no records at %s yet: %w", path, fs.ErrNotExist)
		}
		// bbolt starts an empty file afresh; with no sidecar it was never ours.
		return true, sc, nil, nil
	}
	report, err := checkFile(path, info.Size(), opts.Timeout, sc.End, !opts.ReadOnly)
	switch {
	case err != nil:
		return false, sc, nil, err
	case scErr != nil:
		// Without the pinned end, removed events could not be noticed.
		report.OK, report.FirstBad, report.Problem, report.Sidecar = false, 0, scErr.Error(), true
	}
	if !report.OK {
		problem = &TamperedError{Path: path, Report: report}
	}
	return false, sc, problem, nil
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
func checkFile(path string, size int64, timeout time.Duration, pin *chainEnd, forWriting bool) (VerifyReport, error) {
	var report VerifyReport
	err := guard(path, func() error {
		// First pass, without the free list: only the meta pages have been
		// read when the size is compared, so nothing beyond the end is touched.
		err := inspect(path, timeout, false, func(tx *bolt.Tx) error {
			if tx.Size() > size {
				return damaged(path, fmt.Sprintf("it is %d bytes but should be at least %d", size, tx.Size()))
			}
			if err := walk(tx, path); err != nil {
				return err
			}
			report = VerifyReport{OK: true}
			if log := tx.Bucket(bucketEvents); log != nil {
				report = checkChain(log, tx.Bucket(bucketMemberEvents), pin, "", false)
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
				return damaged(path, err.Error())
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
				return damaged(path, fmt.Sprintf("key %q is out of order after %q", k, prev))
			}
			prev = k
			crc32.Checksum(k, crcTable)
			if v != nil {
				crc32.Checksum(v, crcTable)
				continue
			}
			child := b.Bucket(k)
			if child == nil {
				return damaged(path, fmt.Sprintf("key %q has neither a value nor a bucket", k))
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

// guard turns panics and memory faults raised while reading a damaged file
// into ErrDamaged.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, fmt.Sprint(r))
		}
	}()
	return fn()
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
	return nil, damaged(path, err.Error())
}

// damagedError explains a refused file to a person.
type damagedError struct {
	path, detail string
	msg          string // the whole message, when the usual one does not fit
}

func damaged(path, detail string) error { return &damagedError{path: path, detail: detail} }

func (e *damagedError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("the record file %s is damaged (%s); it has not been changed. "+
		"Restore it from a backup or ask whoever looks after the course for help.", e.path, e.detail)
}

func (e *damagedError) Unwrap() error { return ErrDamaged }

// Close closes the file. Every change was already saved when it was made.
func (s *Store) Close() error {
	s.releaseSidecar()
	if s.brief {
		return nil // Nothing is held between calls.
	}
	return s.db.Close()
}

// releaseSidecar closes the sidecar if it is open for pinning.
func (s *Store) releaseSidecar() {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.sidecarFile != nil {
		s.sidecarFile.Close()
		s.sidecarFile = nil
	}
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.hold(func(db *bolt.DB) error { return db.View(fn) })
}

// hold runs fn with the file open: at once, or for a brief store, after
// locking and opening it and checking that its chain still reaches the end
// pinned in the sidecar, and letting go of it afterwards.
func (s *Store) hold(fn func(db *bolt.DB) error) error {
	if !s.brief {
		return fn(s.db)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var db *bolt.DB
	err := guard(s.path, func() (err error) {
		db, err = openBolt(s.path, s.timeout, false, false)
		return err
	})
	if err != nil {
		return err
	}
	defer func() {
		s.releaseSidecar() // another program may replace it meanwhile
		db.Close()
	}()
	if err := s.recheck(db); err != nil {
		return err
	}
	return fn(db)
}

// recheck takes up what the sidecar says now, since another program may
// have written meanwhile, and checks the chain up to it.
func (s *Store) recheck(db *bolt.DB) error {
	sc, _, err := readSidecar(s.path)
	var r VerifyReport
	if err == nil {
		err = guard(s.path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				r = checkChain(tx.Bucket(bucketEvents), tx.Bucket(bucketMemberEvents), sc.End, "", false)
				return nil
			})
		})
	}
	switch {
	case err != nil:
		r = VerifyReport{Problem: err.Error(), Sidecar: true}
	case r.OK:
		s.pinMu.Lock()
		s.sidecar, s.pinned, s.nextSlot = sc, sc.End, sc.nextSlot
		s.pinMu.Unlock()
		return nil
	}
	s.problem = &TamperedError{Path: s.path, Report: r}
	return s.problem
}

// Path is the record file's location.
func (s *Store) Path() string { return s.path }

// Check runs bbolt's consistency check over the whole file; problems are
// reported as ErrDamaged.
func (s *Store) Check() error {
	return s.hold(func(db *bolt.DB) error {
		return guard(s.path, func() error {
			// A writable transaction keeps other writers out while checking.
			tx, err := db.Begin(!db.IsReadOnly())
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if err := consistency(tx); err != nil {
				return damaged(s.path, err.Error())
			}
			return nil
		})
	})
}

// Backup writes a consistent copy of the records to dst.
func (s *Store) Backup(dst string) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.CopyFile(dst, 0o600)
	})
}

// ProtectedFiles are the files of the records at path, which no output
// may replace: the record file and its .id file.
func ProtectedFiles(path string) []atomicfile.Protected {
	return []atomicfile.Protected{
		{Path: path, What: "the record file"},
		{Path: sidecarPath(path), What: "the .id file of the record file"},
	}
}
