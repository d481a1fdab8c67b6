// Package secretfile holds the rule for files that keep a secret (the LRS
// key, the mail server's password): on Unix only their owner may read or
// change them, so that another account on the computer cannot take the
// secret. Where file modes do not say who can read a file (Windows, whose
// folders' permissions do), the rule does not apply.
package secretfile

import "io/fs"

// CheckPrivate refuses a secret file that anyone but its owner can read or
// write, with a sentence naming it (as name, already made safe to print)
// and saying how to make it private; nil when it is private.
func CheckPrivate(name string, info fs.FileInfo) error { return checkPrivate(name, info) }
