// Package keyfile reads the SSH public keys a person gives in a file: the
// lines of an authorized_keys file or a .pub file (what ssh-keygen
// writes), or the RFC 4716 form PuTTYgen saves ("---- BEGIN SSH2 PUBLIC
// KEY ----"). A private key given by mistake is refused without being
// read further, and nothing from a refused file is repeated in messages,
// which could otherwise show a secret.
package keyfile

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// MaxSize is the largest file read; a file of keys is a few kilobytes.
const MaxSize = 1 << 20

// Errors; match them with errors.Is.
var (
	// ErrPrivateKey means the file is a private key: the .pub file beside
	// it is the one to give.
	ErrPrivateKey = errors.New("that is a private key: give the .pub file")
	// ErrNoKeys means the file holds no key at all.
	ErrNoKeys = errors.New("the file holds no SSH public key")
	// ErrOptions means a key has authorized_keys options before it.
	ErrOptions = errors.New("options before a key are not applied")
	// ErrTooLarge means the file is bigger than MaxSize.
	ErrTooLarge = errors.New("the file is too large to be a file of SSH public keys")
)

// LineError says which line of a file is not a public key. It does not
// hold the line.
type LineError struct {
	Line int
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d is not an SSH public key (one looks like \"ssh-ed25519 AAAAC3Nz… name@computer\")", e.Line)
}

// Key is a public key read from a file, with its comment and any
// authorized_keys options written before it (such as from="…").
type Key struct {
	Key     gossh.PublicKey
	Comment string
	Options []string
	// Line is the line the key starts on, counting from 1, for messages
	// that must not repeat the key.
	Line int
}

// Read reads every public key from r (see Parse), reading at most MaxSize
// bytes.
func Read(r io.Reader) ([]Key, error) {
	data, err := ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// ReadAll reads r to its end, failing with ErrTooLarge past MaxSize bytes.
func ReadAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Parse reads every public key in data: blank lines and lines starting
// with # are skipped, and authorized_keys options before a key are kept in
// Key.Options for the caller to use or refuse.
// Any other line that is not a key fails the whole file with a
// *LineError, so that no key is silently left out.
func Parse(data []byte) ([]Key, error) {
	keys, bad, err := ParseLines(data)
	switch {
	case err != nil:
		return nil, err
	case len(bad) > 0:
		return nil, &LineError{Line: bad[0]}
	case len(keys) == 0:
		return nil, ErrNoKeys
	}
	return keys, nil
}

// ParseLines reads data as Parse does, but a line that is not a key is
// left out and its number returned in bad (in order), for a file whose
// good keys must keep working beside a bad line. A private key still
// fails the whole file with ErrPrivateKey, since nothing in it can be
// trusted to be public. A file with no key and no bad line gives neither.
func ParseLines(data []byte) (keys []Key, bad []int, err error) {
	if isPrivate(data) {
		return nil, nil, ErrPrivateKey
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if len(lines) > 0 {
		lines[0] = strings.TrimPrefix(lines[0], "\ufeff") // Notepad's byte order mark.
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case line == rfc4716Begin:
			k, end, ok := parseRFC4716(lines, i)
			if ok {
				keys = append(keys, k)
			} else {
				bad = append(bad, i+1)
			}
			i = end
			continue
		}
		key, comment, options, rest, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil || len(bytes.TrimSpace(rest)) > 0 {
			bad = append(bad, i+1)
			continue
		}
		keys = append(keys, Key{Key: key, Comment: comment, Options: options, Line: i + 1})
	}
	return keys, bad, nil
}

// isPrivate says whether data is a private key: PEM or OpenSSH's own
// form, or PuTTY's .ppk.
func isPrivate(data []byte) bool {
	return bytes.Contains(data, []byte("PRIVATE KEY-----")) ||
		bytes.Contains(data, []byte("PuTTY-User-Key-File-")) ||
		bytes.Contains(data, []byte("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"))
}

const (
	rfc4716Begin = "---- BEGIN SSH2 PUBLIC KEY ----"
	rfc4716End   = "---- END SSH2 PUBLIC KEY ----"
)

// parseRFC4716 reads the key that starts at lines[begin] (its BEGIN line).
// It returns the index of its END line, or begin when there is none
// before the next BEGIN, so that the lines after a block cut short are
// read on their own.
func parseRFC4716(lines []string, begin int) (k Key, end int, ok bool) {
	var body strings.Builder
	var comment string
	var name, value string // the header being read
	continued := false     // its line ended with a backslash
	for i := begin + 1; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == rfc4716End:
			raw, err := base64.StdEncoding.DecodeString(body.String())
			if err != nil {
				return Key{}, i, false
			}
			key, err := gossh.ParsePublicKey(raw)
			if err != nil {
				return Key{}, i, false
			}
			return Key{Key: key, Comment: comment, Line: begin + 1}, i, true
		case line == rfc4716Begin:
			// This block has no end: the next one must not be swallowed.
			return Key{}, begin, false
		case continued:
			value += line
		case strings.Contains(line, ":"):
			name, value, _ = strings.Cut(line, ":")
			value = strings.TrimSpace(value)
		default:
			body.WriteString(line)
			continue
		}
		value, continued = strings.CutSuffix(value, `\`)
		if !continued && strings.EqualFold(strings.TrimSpace(name), "Comment") {
			comment = strings.Trim(value, `"`)
		}
	}
	return Key{}, begin, false
}

// WithoutOptions refuses keys written with authorized_keys options (such
// as from="…" or command="…"): the course does not apply them, and whoever
// wrote one would expect it to.
func WithoutOptions(keys []Key) error {
	for _, k := range keys {
		if len(k.Options) > 0 {
			return fmt.Errorf("the key %s has options before it (%s), which the course does not apply: give the key without them (%w)",
				gossh.FingerprintSHA256(k.Key), strings.Join(k.Options, ","), ErrOptions)
		}
	}
	return nil
}
