package mail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"course/internal/safetext"
	"course/internal/secretfile"
)

// ErrPassword means the mail server's password cannot be had.
var ErrPassword = errors.New("the mail server's password cannot be read")

// maxPasswordFile bounds what is read of a password file: a password is
// a line, and anything much longer is the wrong file.
const maxPasswordFile = 4 << 10

// Password returns the password for signing in to the mail server: ""
// when the settings give no Username; else PasswordVar when it is set, or
// else the first and only line of PasswordFile, which on Unix only its
// owner may read. It never comes from the command line, where other
// accounts can see it, and no error repeats it.
func (s Settings) Password() (string, error) {
	if s.Username == "" {
		return "", nil
	}
	if p := os.Getenv(PasswordVar); p != "" {
		return p, nil
	}
	if s.PasswordFile == "" {
		return "", fmt.Errorf("%w: signing in as %q needs a password: set %s, or name a file that holds it in course.yaml's mail: section",
			ErrPassword, safetext.Inert(s.Username), PasswordVar)
	}
	return readPasswordFile(s.PasswordFile)
}

// readPasswordFile reads a password file: one line, the password, with or
// without a line break after it.
func readPasswordFile(path string) (string, error) {
	name := safetext.Inert(path)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%w: the password file %s does not exist: write the password in it on one line and make it private (chmod 600 %s), or set %s",
			ErrPassword, name, name, PasswordVar)
	case err != nil:
		return "", fmt.Errorf("%w: %v", ErrPassword, err)
	case !info.Mode().IsRegular():
		return "", fmt.Errorf("%w: the password file %s is not a file", ErrPassword, name)
	}
	if err := secretfile.CheckPrivate(name, info); err != nil {
		return "", fmt.Errorf("%w: %v", ErrPassword, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrPassword, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrPassword, err)
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	data = bytes.TrimSuffix(data, []byte("\r"))
	switch {
	case len(data) > maxPasswordFile:
		return "", fmt.Errorf("%w: the password file %s is too long to be one: it must hold the password alone, on one line", ErrPassword, name)
	case len(data) == 0:
		return "", fmt.Errorf("%w: the password file %s is empty: write the password in it, on one line", ErrPassword, name)
	case bytes.ContainsAny(data, "\r\n"):
		return "", fmt.Errorf("%w: the password file %s has more than one line: it must hold the password alone, on one line", ErrPassword, name)
	}
	return string(data), nil
}
