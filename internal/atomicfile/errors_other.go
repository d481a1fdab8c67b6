//go:build !windows

package atomicfile

import "syscall"

// The errors of a full disk (or quota) and of a read-only file system.
var (
	errDiskFull = []error{syscall.ENOSPC, syscall.EDQUOT}
	errReadOnly = []error{syscall.EROFS}
)
