//go:build !unix

package secretfile

import "io/fs"

// checkPrivate does nothing where file modes do not say who can read a
// file (Windows: its folder's permissions do).
func checkPrivate(string, fs.FileInfo) error { return nil }
