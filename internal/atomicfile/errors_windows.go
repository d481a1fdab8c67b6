package atomicfile

import "syscall"

// Windows's codes for a full disk (ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL,
// ERROR_DISK_QUOTA_EXCEEDED) and a write-protected one (ERROR_WRITE_PROTECT).
var (
	errDiskFull = []error{syscall.Errno(39), syscall.Errno(112), syscall.Errno(1295)}
	errReadOnly = []error{syscall.Errno(19)}
)
