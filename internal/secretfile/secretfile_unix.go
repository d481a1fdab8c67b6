//go:build unix

package secretfile

import (
	"fmt"
	"io/fs"
)

func checkPrivate(name string, info fs.FileInfo) error {
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s can be read or changed by other accounts on this computer (its mode is %04o). "+
			"Make it private with: chmod 600 %s", name, perm, name)
	}
	return nil
}
