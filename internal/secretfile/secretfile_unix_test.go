//go:build unix

package secretfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"course/internal/secretfile"
)

func TestCheckPrivate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte("hunter22\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for mode, private := range map[os.FileMode]bool{0o600: true, 0o400: true, 0o700: true, 0o644: false, 0o640: false, 0o602: false, 0o604: false} {
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		err = secretfile.CheckPrivate("secret", info)
		switch {
		case private && err != nil:
			t.Errorf("mode %04o: %v; want it accepted", mode, err)
		case !private && (err == nil || !strings.Contains(err.Error(), "chmod 600 secret")):
			t.Errorf("mode %04o: %v; want a refusal that says chmod 600 secret", mode, err)
		}
	}
}
