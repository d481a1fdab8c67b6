// Package userdir finds the folder where a person's own files go, for the
// files the course makes for them (a certificate, a hand-in).
package userdir

import (
	"fmt"
	"os"
	"path/filepath"
)

// Documents is the person's Documents folder, or else Downloads, or else
// their home folder.
func Documents() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("your home folder is not known: %w", err)
	}
	for _, name := range []string{"Documents", "Downloads"} {
		dir := filepath.Join(home, name)
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir, nil
		}
	}
	return home, nil
}
