package server

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// ParseAuthorizedKeys reads keys in OpenSSH's authorized_keys format, one
// to a line; blank lines and # comments are skipped. A line that is not a
// key is an error naming its line, and so is a key with options (such as
// from= or command=): the server does not apply them, and an officer who
// wrote one would expect it to.
func ParseAuthorizedKeys(data []byte) ([]gossh.PublicKey, error) {
	var keys []gossh.PublicKey
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d is not a public key in authorized_keys format (%v)", i+1, err)
		}
		if len(options) > 0 {
			return nil, fmt.Errorf("line %d has options (%s), which this server does not apply: list the key without them", i+1, strings.Join(options, ","))
		}
		keys = append(keys, k)
	}
	return keys, nil
}

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
	keys, err := ParseAuthorizedKeys(data)
	if err != nil {
		return fmt.Errorf("the officers' keys file %s: %w", o.path, err)
	}
	o.keys = map[string]bool{}
	for _, k := range keys {
		o.keys[Fingerprint(k)] = true
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
