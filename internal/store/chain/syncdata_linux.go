package chain

import (
	"os"
	"syscall"
)

// syncData flushes f's data to disk, as bbolt does on Linux: fdatasync,
// which skips the times that fsync would also write.
func syncData(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
