//go:build !unix

package atomicfile

import "testing"

// specialFiles has none to offer where there are no named pipes.
func specialFiles(*testing.T) map[string]string { return map[string]string{} }
