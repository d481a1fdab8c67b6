package record

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"

	gossh "golang.org/x/crypto/ssh"
)

// A member can take the course in a web browser, which is bound to them
// with the same enrolment codes as an SSH key: the browser keeps a random
// token in a cookie, and the record file keeps the token's hash as a key
// of type BrowserKeyType beside the member's SSH keys, listed and removed
// as they are. The token itself is never stored.

// BrowserKeyType is the type of a browser's key.
const BrowserKeyType = "browser"

// browserTokenBytes is how many random bytes a browser's token has.
const browserTokenBytes = 32

// NewBrowserToken is a new random token for a browser, as the text its
// cookie holds.
func NewBrowserToken() string {
	b := make([]byte, browserTokenBytes)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// BrowserKey is the key of the browser holding token, for binding and
// looking up as an SSH key is, or ok false when token is not the shape of
// one. It holds only the token's hash, and signs nothing: it can never
// sign in over SSH, whose keys are checked by their signatures.
func BrowserKey(token string) (key gossh.PublicKey, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != browserTokenBytes {
		return nil, false
	}
	return browserKey{sum: sha256.Sum256(raw)}, true
}

type browserKey struct{ sum [sha256.Size]byte }

func (browserKey) Type() string { return BrowserKeyType }

// Marshal is the key as SSH's wire format would have it: its type, so that
// no SSH key's fingerprint can be a browser's, then the token's hash.
func (k browserKey) Marshal() []byte {
	return gossh.Marshal(struct {
		Type string
		Sum  []byte
	}{BrowserKeyType, k.sum[:]})
}

func (browserKey) Verify([]byte, *gossh.Signature) error {
	return errors.New("a browser's key signs nothing")
}
