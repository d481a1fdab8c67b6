package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"

	"course/internal/keyfile"
)

// officers is the list of officers' keys, read from a file in
// authorized_keys format and read again when its contents change, so that
// an officer can be added or removed without restarting the server.
//
// Once the server runs, the list is always what the file now holds: an
// empty file means no officers, and so does a missing, unreadable or
// too large one, or one that is a private key; a line that is not a key,
// or a key with options before it, is left out while the file's other
// keys still count. A removed key is never kept.
type officers struct {
	path string

	mu sync.Mutex
	// version is what the list was made from: a hash of the file's
	// contents, or why it could not be read. Contents are compared, not
	// the modification time and size, which an edit with cp -p or rsync -t
	// can leave as they were.
	version string
	keys    map[string]bool // by fingerprint
}

// loadOfficers reads the officers' file when the server starts. The
// operator who named it is there to mend it, so a file that is missing or
// holds anything but public keys without options is refused whole, as a
// member's key file is; later changes are read by has.
func loadOfficers(path string) (*officers, error) {
	o := &officers{path: path}
	if path == "" {
		return o, nil
	}
	data, version, err := readOfficersFile(path)
	if err != nil {
		return nil, fmt.Errorf("the officers' keys file %s cannot be read: %w", path, err)
	}
	keys, err := keyfile.Parse(data)
	if err == nil {
		err = keyfile.WithoutOptions(keys)
	}
	if err != nil {
		return nil, fmt.Errorf("the officers' keys file %s: %w", path, err)
	}
	return o, o.use(data, version, nil)
}

// has says whether the key with this fingerprint is an officer's, by what
// the file holds now.
//
// The error is a problem with the file for the caller to log. It is
// returned only by the call that first sees the file in a new state (new
// contents, or newly missing or unreadable), so each change is logged
// once, not on every connection; later calls answer from the same list
// with no error until the file changes again. A file mended after a
// problem gives no error at all.
func (o *officers) has(fingerprint string) (bool, error) {
	if o.path == "" {
		return false, nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	var problem error
	data, version, err := readOfficersFile(o.path)
	if version != o.version {
		problem = o.use(data, version, err)
	}
	return o.keys[fingerprint], problem
}

// readOfficersFile reads the file whole (it is a few kilobytes, and
// keyfile.MaxSize bounds it) and says which version of it this is.
func readOfficersFile(path string) (data []byte, version string, err error) {
	f, err := os.Open(path)
	if err == nil {
		data, err = keyfile.ReadAll(f)
		f.Close()
	}
	if err != nil {
		return nil, "unreadable: " + err.Error(), err
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

// use makes the list from what readOfficersFile gave, and returns what is
// wrong with the file, if anything. A problem names the file and the lines
// left out, never what they hold, which could be a secret.
func (o *officers) use(data []byte, version string, readErr error) error {
	o.version, o.keys = version, map[string]bool{}
	var pathErr *fs.PathError
	if errors.As(readErr, &pathErr) {
		readErr = pathErr.Err // The path is said once, below.
	}
	switch {
	case errors.Is(readErr, fs.ErrNotExist):
		return fmt.Errorf("the officers' keys file %s is missing (%w), so nobody can run officers' commands until it is back", o.path, readErr)
	case readErr != nil:
		return fmt.Errorf("the officers' keys file %s cannot be read (%w), so nobody can run officers' commands until it can", o.path, readErr)
	}
	keys, bad, err := keyfile.ParseLines(data)
	if err != nil { // keyfile.ErrPrivateKey, the one file ParseLines refuses whole.
		return fmt.Errorf("the officers' keys file %s holds a private key, so none of it is used: nobody can run officers' commands until it holds only the officers' .pub keys, and the officer whose private key it is should make a new one", o.path)
	}
	var withOptions []int
	for _, k := range keys {
		if len(k.Options) > 0 {
			withOptions = append(withOptions, k.Line)
			continue
		}
		o.keys[Fingerprint(k.Key)] = true
	}
	var refused []string
	if len(bad) > 0 {
		refused = append(refused, lineNumbers(bad)+byCount(len(bad), " is not an SSH public key", " are not SSH public keys"))
	}
	if len(withOptions) > 0 {
		refused = append(refused, byCount(len(withOptions), "the key on ", "the keys on ")+lineNumbers(withOptions)+
			byCount(len(withOptions), " has", " have")+" options before it, which the course does not apply")
	}
	if len(refused) == 0 {
		return nil
	}
	return fmt.Errorf("the officers' keys file %s: %s; %s left out, and any other keys in the file still count",
		o.path, strings.Join(refused, "; "), byCount(len(bad)+len(withOptions), "that line is", "those lines are"))
}

// lineNumbers says "line 3" or "lines 3, 4 and 9"; a file of junk names
// its first lines only.
func lineNumbers(lines []int) string {
	const most = 10
	words := make([]string, 0, most)
	for _, n := range lines[:min(len(lines), most)] {
		words = append(words, strconv.Itoa(n))
	}
	if len(lines) > most {
		words = append(words, fmt.Sprintf("%d more", len(lines)-most))
	}
	if len(words) == 1 {
		return "line " + words[0]
	}
	return "lines " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// byCount picks the words for one line or for more.
func byCount(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}
