//go:build unix

package lrs_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"course/internal/lrs"
)

func TestCredentialsMustBePrivate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lrs-credentials")
	if err := os.WriteFile(p, []byte("key: abc\nsecret: def\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o602} {
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		_, _, err := lrs.ReadCredentials(p)
		if !errors.Is(err, lrs.ErrCredentials) || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %04o: %v; want a refusal that says chmod 600", mode, err)
		}
	}
}
