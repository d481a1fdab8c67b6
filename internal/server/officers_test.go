package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// officersFile writes the keys to a new officers' file and loads it as the
// server does at start.
func officersFile(t *testing.T, keys ...gossh.Signer) (*officers, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "officers.pub")
	writeOfficers(t, path, keys...)
	o, err := loadOfficers(path)
	if err != nil {
		t.Fatal(err)
	}
	return o, path
}

func writeOfficers(t *testing.T, path string, keys ...gossh.Signer) {
	t.Helper()
	var data strings.Builder
	for _, k := range keys {
		data.WriteString(authorized(k))
	}
	if err := os.WriteFile(path, []byte(data.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// isOfficer asks o about key, failing the test on a problem with the file.
func isOfficer(t *testing.T, o *officers, key gossh.Signer) bool {
	t.Helper()
	ok, err := o.has(Fingerprint(key.PublicKey()))
	if err != nil {
		t.Errorf("a problem with a good file: %v", err)
	}
	return ok
}

func TestEmptiedOfficersFileMeansNoOfficers(t *testing.T) {
	ann, ben := newKey(t), newKey(t)
	o, path := officersFile(t, ann, ben)
	if !isOfficer(t, o, ann) {
		t.Fatal("an officer's key is not known at start")
	}
	writeOfficers(t, path)
	for _, k := range []gossh.Signer{ann, ben} {
		if isOfficer(t, o, k) {
			t.Error("a key is still an officer's after the file was emptied")
		}
	}
}

func TestDeletedOfficersFileMeansNoOfficers(t *testing.T) {
	ann := newKey(t)
	o, path := officersFile(t, ann)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	ok, err := o.has(Fingerprint(ann.PublicKey()))
	if ok {
		t.Error("a key is still an officer's after the file was deleted")
	}
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path+" is missing") ||
		!strings.Contains(err.Error(), "nobody can run officers' commands until it is back") {
		t.Errorf("the problem: %v", err)
	}
	writeOfficers(t, path, ann)
	if !isOfficer(t, o, ann) {
		t.Error("the key is not an officer's once the file is back")
	}
}

func TestOfficersFileWithABadLineKeepsItsGoodKeys(t *testing.T) {
	ann, ben, cat := newKey(t), newKey(t), newKey(t)
	o, path := officersFile(t, ann, ben, cat)
	const secret = "hunter2-not-a-key"
	// Ben is removed, and a bad line is saved in the same edit.
	data := "# officers\n" + authorized(ann) + secret + "\n" + authorized(cat)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	ok, err := o.has(Fingerprint(ben.PublicKey()))
	if ok {
		t.Error("a removed key is still an officer's beside a bad line")
	}
	if err == nil || !strings.Contains(err.Error(), path+": line 3 is not an SSH public key") || strings.Contains(err.Error(), secret) {
		t.Errorf("the problem: %v, want line 3 named and not repeated", err)
	}
	for _, k := range []gossh.Signer{ann, cat} {
		if !isOfficer(t, o, k) {
			t.Error("a good key beside a bad line is not an officer's")
		}
	}
}

func TestOfficersFileRefusesALineWithOptionsAndKeepsTheRest(t *testing.T) {
	ann, ben := newKey(t), newKey(t)
	o, path := officersFile(t, ann, ben)
	data := authorized(ann) + `from="10.0.0.0/8" ` + authorized(ben)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	ok, err := o.has(Fingerprint(ben.PublicKey()))
	if ok || err == nil || !strings.Contains(err.Error(), "the key on line 2 has options before it") || strings.Contains(err.Error(), "10.0.0.0") {
		t.Errorf("a key with options: officer %v, problem %v", ok, err)
	}
	if !isOfficer(t, o, ann) {
		t.Error("the key without options is not an officer's")
	}
}

func TestOfficersFileThatBecomesAPrivateKeyMeansNoOfficers(t *testing.T) {
	ann := newKey(t)
	o, path := officersFile(t, ann)
	data := authorized(ann) + "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	ok, err := o.has(Fingerprint(ann.PublicKey()))
	if ok || err == nil || !strings.Contains(err.Error(), path+" holds a private key") || strings.Contains(err.Error(), "b3Blbn") {
		t.Errorf("a private key pasted in: officer %v, problem %v", ok, err)
	}
}

func TestUnreadableOfficersFileMeansNoOfficers(t *testing.T) {
	ann := newKey(t)
	o, path := officersFile(t, ann)
	// A folder where the file was cannot be read, even by root.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	ok, err := o.has(Fingerprint(ann.PublicKey()))
	if ok || err == nil || !strings.Contains(err.Error(), path+" cannot be read") {
		t.Errorf("a folder in the file's place: officer %v, problem %v", ok, err)
	}
	if os.Geteuid() == 0 {
		return // Root reads the file whatever its mode.
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeOfficers(t, path, ann)
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	ok, err = o.has(Fingerprint(ann.PublicKey()))
	if ok || !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), path+" cannot be read") {
		t.Errorf("a file no one may read: officer %v, problem %v", ok, err)
	}
}

func TestOfficersFileEditedKeepingItsTimeAndSizeIsNoticed(t *testing.T) {
	ann, ben := newKey(t), newKey(t)
	o, path := officersFile(t, ann)
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// As cp -p or rsync -t leave it: another key of the same length, and
	// the old modification time.
	writeOfficers(t, path, ben)
	if err := os.Chtimes(path, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, err := os.Stat(path); err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("the edit did not keep the time and size: %v", err)
	}
	if isOfficer(t, o, ann) {
		t.Error("the key swapped out is still an officer's")
	}
	if !isOfficer(t, o, ben) {
		t.Error("the key swapped in is not an officer's")
	}
}

func TestOfficersFileProblemIsReportedOncePerChange(t *testing.T) {
	ann := newKey(t)
	o, path := officersFile(t, ann)
	fingerprint := Fingerprint(ann.PublicKey())
	problems := func(calls int) int {
		n := 0
		for range calls {
			if _, err := o.has(fingerprint); err != nil {
				n++
			}
		}
		return n
	}
	if err := os.WriteFile(path, []byte(authorized(ann)+"not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := problems(5); n != 1 {
		t.Errorf("a bad line: %d problems in 5 checks, want 1", n)
	}
	if err := os.WriteFile(path, []byte(authorized(ann)+"still not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := problems(5); n != 1 {
		t.Errorf("another bad line: %d problems in 5 checks, want 1", n)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if n := problems(5); n != 1 {
		t.Errorf("a missing file: %d problems in 5 checks, want 1", n)
	}
}

func TestMissingOfficersFileFailsTheStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "officers.pub")
	if _, err := loadOfficers(path); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("a missing file at start: %v", err)
	}
	writeOfficers(t, path)
	if _, err := loadOfficers(path); err == nil {
		t.Error("an empty file at start was taken")
	}
}
