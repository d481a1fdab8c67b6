package server

import (
	"fmt"
	"os"
	"sync"
	"time"

	"course/internal/keyfile"
)

// officers is the list of officers' keys, read from a file in
// authorized_keys format and read again when the file changes, so that an
// officer can be added or removed without restarting the server.
type officers struct {
	path string

	mu      sync.Mutex
	modTime time.Time
	size    int64
	keys    map[string]bool // by fingerprint
}

func loadOfficers(path string) (*officers, error) {
	o := &officers{path: path}
	if path == "" {
		return o, nil
	}
	if err := o.reload(); err != nil {
		return nil, err
	}
	return o, nil
}

// reload reads the file if it changed since it was last read. A file that
// has become unreadable or invalid keeps the last good list, and the
// problem is returned to be logged.
func (o *officers) reload() error {
	st, err := os.Stat(o.path)
	if err != nil {
		return fmt.Errorf("the officers' keys file %s cannot be read: %w", o.path, err)
	}
	if st.ModTime().Equal(o.modTime) && st.Size() == o.size && o.keys != nil {
		return nil
	}
	data, err := os.ReadFile(o.path)
	if err != nil {
		return fmt.Errorf("the officers' keys file %s cannot be read: %w", o.path, err)
	}
	keys, err := keyfile.Parse(data)
	if err == nil {
		err = keyfile.WithoutOptions(keys)
	}
	if err != nil {
		return fmt.Errorf("the officers' keys file %s: %w", o.path, err)
	}
	o.keys = map[string]bool{}
	for _, k := range keys {
		o.keys[Fingerprint(k.Key)] = true
	}
	o.modTime, o.size = st.ModTime(), st.Size()
	return nil
}

// has says whether the key with this fingerprint is an officer's.
func (o *officers) has(fingerprint string) (bool, error) {
	if o.path == "" {
		return false, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.reload()
	return o.keys[fingerprint], err
}
