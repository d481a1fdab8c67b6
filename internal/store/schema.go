package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// Bucket and key names. See the package comment for the layout.
var (
	bucketMeta         = []byte("meta")
	bucketMembers      = []byte("members")
	bucketEvents       = []byte("events")
	bucketMemberEvents = []byte("member-events")
	bucketState        = []byte("state")
	bucketKeys         = []byte("keys")
	bucketInvites      = []byte("invites")

	keySchema  = []byte("schema")
	keyID      = []byte("id")
	keyCreated = []byte("created")
	keyCourse  = []byte("course")
)

// migration brings a file from schema version-1 to version.
type migration struct {
	version int
	name    string
	up      func(*Store, *bolt.Tx) error
	// readable says a file without this migration can still be opened
	// read-only: the migration only adds what readers treat as empty
	// when it is missing.
	readable bool
}

// migrations are applied in order, all in one transaction, on open.
var migrations = []migration{
	{1, "create the buckets", onTx(createBuckets), false},
	{2, "index events by member", onTx(indexMemberEvents), false},
	{3, "create the buckets of keys and invitations", onTx(createKeyBuckets), true},
	{4, "seal members' details", (*Store).sealMembers, true},
}

// onTx is a migration that needs only the transaction.
func onTx(up func(*bolt.Tx) error) func(*Store, *bolt.Tx) error {
	return func(_ *Store, tx *bolt.Tx) error { return up(tx) }
}

// currentSchema is the schema this program writes.
var currentSchema = migrations[len(migrations)-1].version

func createBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketMembers, bucketEvents, bucketState} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// createKeyBuckets adds the buckets of members' SSH keys and their
// invitation codes (see keys.go).
func createKeyBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketKeys, bucketInvites} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// readableFrom says whether a file at schema can be opened read-only as it
// is: every migration it lacks is readable.
func readableFrom(schema int) bool {
	for _, m := range migrations {
		if m.version > schema && !m.readable {
			return false
		}
	}
	return true
}

// indexMemberEvents builds the member-events index from the log.
func indexMemberEvents(tx *bolt.Tx) error {
	index, err := tx.CreateBucketIfNotExists(bucketMemberEvents)
	if err != nil {
		return err
	}
	c := tx.Bucket(bucketEvents).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var e record.Event
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("event %x cannot be read: %w", k, err)
		}
		if e.Member == "" {
			continue
		}
		if err := index.Put(chain.IndexKey(e.Member, e.Seq), chain.Summary(e)); err != nil {
			return err
		}
	}
	return nil
}

// schemaOf reads the stored schema version; 0 means a file with nothing in
// it yet.
func schemaOf(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, errors.New("it is not a course record file (no meta bucket)")
		}
		return 0, nil
	}
	n, err := strconv.Atoi(string(meta.Get(keySchema)))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("its schema version %q cannot be read", meta.Get(keySchema))
	}
	return n, nil
}

// prepare brings the schema up to date and makes sure the sidecar exists.
func (s *Store) prepare(readOnly bool) error {
	var schema int
	err := s.view(func(tx *bolt.Tx) (err error) {
		schema, err = schemaOf(tx)
		return err
	})
	switch {
	case err != nil:
		return chain.Damaged(s.path, err.Error())
	case schema > currentSchema:
		return fmt.Errorf("%w: %s has schema %d and this program knows up to %d; use a newer course program",
			ErrNewerSchema, s.path, schema, currentSchema)
	case schema < currentSchema && readOnly && !readableFrom(schema):
		return fmt.Errorf("the record file %s uses an older layout (schema %d); open it once without read-only to update it",
			s.path, schema)
	case schema < currentSchema && !readOnly:
		if err := s.db.Update(func(tx *bolt.Tx) error { return s.migrate(tx) }); err != nil {
			return fmt.Errorf("updating the record file %s: %w", s.path, err)
		}
	}
	if readOnly {
		return nil
	}
	return s.pinCurrent()
}

// pinCurrent makes sure the sidecar exists and pins the chain's current
// end: a new file gets its sidecar here, and a file whose sidecar lags
// (written before ends were pinned, or before a crash) catches up.
func (s *Store) pinCurrent() error {
	var e chain.End
	err := s.view(func(tx *bolt.Tx) (err error) {
		meta := tx.Bucket(bucketMeta)
		created, _ := time.Parse(time.RFC3339Nano, string(meta.Get(keyCreated)))
		s.sidecar.Identify(string(meta.Get(keyID)), created)
		e, err = end(tx)
		return err
	})
	if err != nil {
		return err
	}
	return s.sidecar.Pin(e)
}

// migrate applies the outstanding migrations inside tx.
func (s *Store) migrate(tx *bolt.Tx) error {
	schema, err := schemaOf(tx)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if m.version <= schema {
			continue
		}
		if err := m.up(s, tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	if meta.Get(keyID) == nil {
		if err := meta.Put(keyID, []byte(record.NewAttemptID())); err != nil {
			return err
		}
		created := s.now().UTC().Format(time.RFC3339Nano)
		if err := meta.Put(keyCreated, []byte(created)); err != nil {
			return err
		}
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(currentSchema)))
}
