package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	gossh "golang.org/x/crypto/ssh"
)

// LoadHostKey reads the server's private host key from path, making a new
// ed25519 key there (mode 0600) if there is none. made says it was made now.
func LoadHostKey(path string) (signer gossh.Signer, made bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = makeHostKey(path)
		made = err == nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("the host key %s cannot be read or made: %w", path, err)
	}
	if runtime.GOOS != "windows" {
		if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("the host key %s can be read by other users (mode %04o): "+
				"anyone who reads it can pretend to be this server. Run 'chmod 600 %s' and start again", path, st.Mode().Perm(), path)
		}
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("the host key %s is not an SSH private key (%v): give another --host-key, or move this file away to have a new key made", path, err)
	}
	if err := checkHostKey(signer); err != nil {
		return nil, false, fmt.Errorf("the host key %s: %w", path, err)
	}
	return signer, made, nil
}

// makeHostKey writes a new ed25519 private key to path, failing if a file
// appears there meanwhile.
func makeHostKey(path string) ([]byte, error) {
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(private, "course host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return data, f.Close()
}

// Fingerprint is how a key is shown and looked up: "SHA256:…", as
// ssh-keygen -l and OpenSSH's prompts show it.
func Fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }
