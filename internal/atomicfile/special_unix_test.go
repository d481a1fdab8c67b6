//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// specialFiles makes a named pipe, with what a refusal says of it.
func specialFiles(t *testing.T) map[string]string {
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{pipe: "is a named pipe, not a file"}
}

// Only CheckTarget is tried on /dev/null: should Write ever fail to refuse
// it, a test running as root would replace the device with a file.
func TestCheckTargetRefusesDevices(t *testing.T) {
	err := CheckTarget(os.DevNull)
	if !errors.Is(err, ErrRefused) || err.Error() != os.DevNull+" is a device, not a file. Give the name of a file to write." {
		t.Errorf("CheckTarget(%s) = %v", os.DevNull, err)
	}
}

func TestWriteWithoutPermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write in any folder, so there is no permission to lack")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	ran := false
	err := Write(filepath.Join(dir, "out.csv"), 0o600, writeData(&ran))
	if err == nil || !strings.Contains(err.Error(), "you do not have permission to create files in the folder "+dir) {
		t.Errorf("err = %v", err)
	}
}
