// Package store is the engine of the course's compliance records: who the
// members are and an append-only log of what each of them did (the values
// are internal/record's), kept in one bbolt file, checked, backed up and
// erased from. It holds no course rule: the rules (internal/progress) run
// inside its write transactions through Append, and its errors are typed
// values that the front ends word for a person.
//
// Everything lives in one bbolt file (records.db by default) laid out as:
//
//	records.db
//	├── meta           schema → "4", id → creation id, created → RFC 3339 time,
//	│                  course → JSON {id, title, guidance_version, content} (see CourseBinding)
//	├── members        number → JSON {name, email, ward, role, elected, added, erased, salt}
//	├── events         seq (8-byte big-endian) → JSON of an Event, ending with its hash
//	├── member-events  number + 0x00 + seq (8-byte big-endian) → binary summary of the event
//	├── state          "last-member" → number
//	│                  "place" + 0x00 + number + 0x00 + module → offset (decimal)
//	│                  "accessible" + 0x00 + number → "1" when the member takes the accessible mode
//	├── keys           SSH key fingerprint ("SHA256:…") → JSON {member, type, key, comment, added, how}
//	├── invites        SHA-256 of an enrolment code, normalised (32 bytes) →
//	│                  JSON {member, issued, expires, used, key, replaced}
//	└── lrs            LRS endpoint → JSON {seq, hash, statements, at} (see LRSCursor);
//	                   made by the first sync to a learning record store
//	records.db.id      sidecar file: JSON {id, created, end: {events, head}}, written when
//	                   the file is made and after every commit that adds events
//
// members is the only place personal data (name, email, ward) is kept, and
// it is mutable, so that a member can be erased without touching the log;
// the log seals each value with a salted digest (see package chain).
// events is append-only: an event is never changed or deleted once written.
// member-events is an index built from events (by migration 2, then as
// events are recorded); it lets one member's history be read without
// scanning the log, and its summaries (the fields progress.Derive reads)
// let a member's progress be derived without decoding JSON. VerifyHead
// checks it against the log. state holds screen conveniences (the last member chosen, the reading place in a module, the
// accessible mode chosen); it is not part of the record and not
// hash-chained. keys binds the SSH keys a
// member signs in with to their number, and invites holds the enrolment
// codes an officer issued, by hash only (see keys.go); both are mutable,
// like members, and what changes them is logged as events (key-added,
// key-enrolled, key-removed, invite-issued) naming the key by fingerprint.
// Migration 3 adds them; a file without them can still be opened
// read-only, and reads as having no keys.
// lrs says how far each
// learning record store the statements are sent to has accepted them; it
// is not part of the record either, and holds no personal data.
//
// # Hash chain
//
// Each event carries the hash of the one before; see package chain for how
// events are sealed and the chain is checked.
//
// # Guarantees
//
//   - Append, Record, RecordBatch and AddMember return only after their
//     transaction is committed and fsynced; nothing is left to save on Close.
//   - A second process opening the same file gets ErrLocked after
//     Options.Timeout (one second by default) instead of waiting forever.
//   - A file that is missing or empty while its sidecar exists, truncated,
//     or structurally damaged is refused with ErrDamaged and is not written
//     to: it is checked through read-only handles (every page read, then
//     bbolt's Tx.Check) before it is opened for writing. Damage inside an
//     event's bytes leaves the file readable and is reported by VerifyHead.
//   - A file written by a newer program is refused with ErrNewerSchema.
//   - Records whose chain fails the check made on every open (see package chain)
//     are refused for writing with a *TamperedError (ErrTampered) and not
//     written to; opened read-only they can be read, and Problem says why
//     they cannot be trusted.
//
// It is the only package that imports bbolt. It must not import the
// terminal libraries, the screens or the command line.
package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/atomicfile"
	"course/internal/store/chain"
)

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

	sidecar *chain.Pin // pins the chain's end after every commit that adds events

	// brief stores hold the file only for a call (see Options.Brief): db is
	// nil between calls, and mu keeps this process's calls one at a time.
	brief   bool
	timeout time.Duration
	mu      sync.Mutex

	// holds counts the extra users given the store by Share; Close lets go
	// of one of them, and closes the file after the last.
	holdsMu sync.Mutex
	holds   int

	// swap keeps every call out while EraseMember replaces the file.
	swap sync.RWMutex
}

// Share gives the open store to one more user, who must Close it when done
// (a server's sessions and commands share the one store that holds the
// file). The file is closed by the last Close.
func (s *Store) Share() *Store {
	s.holdsMu.Lock()
	defer s.holdsMu.Unlock()
	s.holds++
	return s
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
	err = chain.Guard(path, func() (err error) {
		db, err = openBolt(path, opts.Timeout, opts.ReadOnly, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, now: opts.Now, appVersion: opts.AppVersion, problem: problem, sidecar: chain.NewPin(path, sc)}
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
		s.sidecar.Release()
		if err := db.Close(); err != nil {
			return nil, err
		}
		s.db = nil
	}
	return s, nil
}

// Close closes the file, or lets go of one Share of it. Every change was
// already saved when it was made.
func (s *Store) Close() error {
	s.holdsMu.Lock()
	if s.holds > 0 {
		s.holds--
		s.holdsMu.Unlock()
		return nil // Another user still has it.
	}
	s.holdsMu.Unlock()
	s.sidecar.Release()
	if s.brief {
		return nil // Nothing is held between calls.
	}
	return s.db.Close()
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
		s.swap.RLock() // EraseMember may be replacing the file
		defer s.swap.RUnlock()
		return fn(s.db)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var db *bolt.DB
	err := chain.Guard(s.path, func() (err error) {
		db, err = openBolt(s.path, s.timeout, false, false)
		return err
	})
	if err != nil {
		return err
	}
	defer func() {
		s.sidecar.Release() // another program may replace it meanwhile
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
	sc, _, err := chain.ReadSidecar(s.path)
	var r chain.Report
	if err == nil {
		err = chain.Guard(s.path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				r = checkIn(tx, sc.End, "", false)
				return nil
			})
		})
	}
	switch {
	case err != nil:
		r = chain.Report{Problem: err.Error(), Sidecar: true}
	case r.OK:
		s.sidecar.Reset(sc)
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
		return chain.Guard(s.path, func() error {
			// A writable transaction keeps other writers out while checking.
			tx, err := db.Begin(!db.IsReadOnly())
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if err := consistency(tx); err != nil {
				return chain.Damaged(s.path, err.Error())
			}
			return nil
		})
	})
}

// WriteBackup writes a consistent copy of the record file to w, as it is
// at one moment, while the course goes on saving answers (they wait only
// for the copy's read transaction to start, not for it to finish). It
// returns the number of bytes written, and the copy's chain head and
// number of events: read in the copy's own transaction, since answers
// saved meanwhile move the records' head on past the copy's.
func (s *Store) WriteBackup(w io.Writer) (n int64, head string, events int, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		e, err := end(tx)
		if err != nil {
			return err
		}
		head, events = e.Head, int(e.Events)
		n, err = tx.WriteTo(w)
		return err
	})
	return n, head, events, err
}
