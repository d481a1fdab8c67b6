//go:build unix

package lrs

import (
	"fmt"
	"io/fs"
)

// checkPrivate refuses a credentials file that anyone but its owner can
// read or write.
func checkPrivate(name string, info fs.FileInfo) error {
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%w: %s can be read or changed by other accounts on this computer (its mode is %04o). "+
			"Make it private with: chmod 600 %s", ErrCredentials, name, perm, name)
	}
	return nil
}
