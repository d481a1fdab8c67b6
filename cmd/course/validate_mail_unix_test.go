//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateChecksTheMailPassword: validate refuses a mail password
// file that others can read, as sending would, and passes it once it is
// private.
func TestValidateChecksTheMailPassword(t *testing.T) {
	t.Setenv("COURSE_MAIL_PASSWORD", "")
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "\nmail:\n", "\nmail:\n  host: smtp.example.gov.uk\n  username: course@example.gov.uk\n"+
		"  password_file: mail-password.txt\n  from: democratic.services@example.gov.uk\n", 1)
	if err := os.WriteFile(settings, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "mail-password.txt")
	if err := os.WriteFile(secret, []byte("hunter22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "validate", dir)
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "its mode is 0644") || !strings.Contains(msg, "chmod 600 "+secret) {
		t.Errorf("validate with a password file others can read: %s", msg)
	}
	if err := os.Chmod(secret, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := execute(t, "validate", dir); err != nil {
		t.Errorf("validate with a private password file: %v\n%s", err, out)
	}
}
