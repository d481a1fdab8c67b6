package mail_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"course/internal/mail"
)

func TestPassword(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv(mail.PasswordVar, "")
	s := mail.Settings{Username: "officer"}

	if p, err := (mail.Settings{PasswordFile: write("unused", "hunter22\n", 0o600)}).Password(); p != "" || err != nil {
		t.Errorf("no username: %q, %v; want no password and no error", p, err)
	}

	s.PasswordFile = write("good", "hunter22 with spaces \n", 0o600)
	if p, err := s.Password(); p != "hunter22 with spaces " || err != nil {
		t.Errorf("from the file: %q, %v", p, err)
	}
	s.PasswordFile = write("crlf", "hunter22\r\n", 0o600)
	if p, err := s.Password(); p != "hunter22" || err != nil {
		t.Errorf("from a file with CRLF: %q, %v", p, err)
	}
	s.PasswordFile = write("bare", "hunter22", 0o600)
	if p, err := s.Password(); p != "hunter22" || err != nil {
		t.Errorf("from a file without a line break: %q, %v", p, err)
	}

	t.Setenv(mail.PasswordVar, "from-the-environment")
	if p, err := s.Password(); p != "from-the-environment" || err != nil {
		t.Errorf("with %s set: %q, %v", mail.PasswordVar, p, err)
	}
	t.Setenv(mail.PasswordVar, "")

	cases := map[string]struct {
		file string
		says string
	}{
		"neither":        {"", mail.PasswordVar},
		"missing file":   {filepath.Join(dir, "none"), "does not exist"},
		"a folder":       {dir, "is not a file"},
		"empty":          {write("empty", "\n", 0o600), "is empty"},
		"two lines":      {write("two", "hunter22\nhunter23\n", 0o600), "one line"},
		"too long":       {write("long", strings.Repeat("hunter22", 1000), 0o600), "one line"},
		"others can see": {write("shared", "hunter22\n", 0o644), "chmod 600"},
	}
	if runtime.GOOS == "windows" {
		delete(cases, "others can see")
	}
	for name, c := range cases {
		s.PasswordFile = c.file
		p, err := s.Password()
		if p != "" || !errors.Is(err, mail.ErrPassword) || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "hunter") {
			t.Errorf("%s: %q, %v; want ErrPassword saying %q, without the password", name, p, err, c.says)
		}
	}
	s.PasswordFile = ""
	if _, err := s.Password(); err == nil || !strings.Contains(err.Error(), "course.yaml") {
		t.Errorf("neither: %v; want it to name both ways", err)
	}
}

func TestPreview(t *testing.T) {
	s := mail.Settings{Host: "smtp.example.gov.uk", From: "democratic.services@example.gov.uk", FromName: "Democratic Services", ReplyTo: "help@example.gov.uk"}
	got := mail.Preview(s, mail.Message{ToName: " Siân\r\nGwŷn ", To: "sian@example.org", Subject: "Atgoffa:\nhyfforddiant", Text: "Annwyl Siân,\n\nDiolch."})
	want := "From: Democratic Services <democratic.services@example.gov.uk>\n" +
		"To: Siân  Gwŷn <sian@example.org>\n" +
		"Reply-To: help@example.gov.uk\n" +
		"Subject: Atgoffa: hyfforddiant\n" +
		"\n" +
		"Annwyl Siân,\n\nDiolch.\n"
	if got != want {
		t.Errorf("Preview =\n%s\nwant\n%s", got, want)
	}
	s.ReplyTo, s.FromName = "", ""
	if got := mail.Preview(s, mail.Message{To: "ann@example.org", Subject: "Hi", Text: "Hello.\n"}); got != "From: democratic.services@example.gov.uk\nTo: ann@example.org\nSubject: Hi\n\nHello.\n" {
		t.Errorf("Preview without names or Reply-To =\n%s", got)
	}
}
