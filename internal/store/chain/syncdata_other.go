//go:build !linux

package chain

import "os"

// syncData flushes f to disk.
func syncData(f *os.File) error { return f.Sync() }
