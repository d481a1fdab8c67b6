package record

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// TestBrowserKey: a token gives one key, another token another; the key
// holds no trace of the token itself, is of its own type, and signs
// nothing; what is not a token gives no key.
func TestBrowserKey(t *testing.T) {
	token, other := NewBrowserToken(), NewBrowserToken()
	k1, ok1 := BrowserKey(token)
	k2, ok2 := BrowserKey(token)
	k3, ok3 := BrowserKey(other)
	if !ok1 || !ok2 || !ok3 {
		t.Fatal("a new token gave no key")
	}
	if Fingerprint(k1) != Fingerprint(k2) || Fingerprint(k1) == Fingerprint(k3) {
		t.Error("a token's key is not its own")
	}
	raw, _ := base64.RawURLEncoding.DecodeString(token)
	if bytes.Contains(k1.Marshal(), raw) || strings.Contains(Fingerprint(k1), token) {
		t.Error("the key holds the token")
	}
	if k1.Type() != BrowserKeyType || k1.Verify([]byte("x"), nil) == nil {
		t.Error("a browser's key is an SSH key")
	}
	for _, bad := range []string{"", "abc", token + "A", strings.Repeat("*", len(token))} {
		if _, ok := BrowserKey(bad); ok {
			t.Errorf("BrowserKey(%q) gave a key", bad)
		}
	}
}
