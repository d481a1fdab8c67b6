package linear

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/record"
)

// handInRun takes the course as member with the lines of input given, with
// handIn as Options.HandIn, and returns what it printed.
func handInRun(t *testing.T, handIn func(string) (coursework.HandedIn, error), input ...string) (out, member string) {
	t.Helper()
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Ann Jones"})
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range c.Modules {
		pass(t, c, s, m.Number, mod)
	}
	var buf bytes.Buffer
	err = Run(context.Background(), Options{In: strings.NewReader(strings.Join(input, "\n") + "\n"), Out: &buf,
		Course: c, Store: s, Member: m.Number, Rand: rand.New(rand.NewPCG(1, 2)), Now: clk.current, HandIn: handIn})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, buf.String())
	}
	return buf.String(), m.Number
}

// TestHandInAfterTheCertificate: the certificate offers a hand-in, and
// typing hand in saves it and says where it is and whom to send it to; so
// does the contents.
func TestHandInAfterTheCertificate(t *testing.T) {
	var handed []string
	save := func(member string) (coursework.HandedIn, error) {
		handed = append(handed, member)
		return coursework.HandedIn{Path: "/home/ann/Documents/Hand-in Ann Jones 2026-12-07.course-hand-in",
			Holds: "It holds 212 records of the course. You completed the course: your certificate's verification code is 3F2A-9C01-B7E4."}, nil
	}
	out, member := handInRun(t, save, "certificate", "hand in", "", "help", "Hand-In", "quit")
	for _, want := range []string{
		"Type hand in to save your records as a file to send to the council",
		"Press enter to go back to the contents, or type hand in.",
		"Saved your hand-in as /home/ann/Documents/Hand-in Ann Jones 2026-12-07.course-hand-in.",
		"It holds 212 records of the course. You completed the course: your certificate's verification code is 3F2A-9C01-B7E4.",
		"Send this file to your council's monitoring officer",
		"hand in: save your records as a file",
	} {
		// Lines are wrapped: compare without the spaces and breaks.
		if !strings.Contains(squeeze(out), squeeze(want)) {
			t.Errorf("the transcript does not say %q:\n%s", want, out)
		}
	}
	if len(handed) != 2 || handed[0] != member || handed[1] != member {
		t.Errorf("handed in %v, want %s twice", handed, member)
	}
}

// TestHandInFailureIsSaid: what went wrong is said.
func TestHandInFailureIsSaid(t *testing.T) {
	out, _ := handInRun(t, func(string) (coursework.HandedIn, error) {
		return coursework.HandedIn{}, errors.New("the disk is full.")
	}, "hand in", "quit")
	if !strings.Contains(squeeze(out), squeeze("Your records could not be handed in: the disk is full.\n")) {
		t.Errorf("the transcript does not say why:\n%s", out)
	}
}

// TestNoHandInWhenServed: without Options.HandIn (on the council's course
// server) neither the certificate nor the contents offer it, and typing
// it does nothing.
func TestNoHandInWhenServed(t *testing.T) {
	out, _ := handInRun(t, nil, "certificate", "", "help", "hand in", "quit")
	if strings.Contains(out, "hand-in") || strings.Contains(out, "hand in:") || strings.Contains(out, "type hand in") {
		t.Errorf("the served course offers a hand-in:\n%s", out)
	}
	if !strings.Contains(squeeze(out), squeeze(`"hand in" is not something the contents can do`)) {
		t.Errorf("typing hand in did not say it is not a command:\n%s", out)
	}
}

// squeeze is text without its spaces and line breaks.
func squeeze(text string) string { return strings.Join(strings.Fields(text), "") }

// TestSaveCertificate: the certificate offers to save a PDF, and typing
// save writes one in the folder and says where; with no folder (on the
// council's course server) it is not offered, and the monitoring officer
// is named instead.
func TestSaveCertificate(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Ann Jones"})
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range c.Modules {
		pass(t, c, s, m.Number, mod)
	}
	dir := t.TempDir()
	take := func(folder func() (string, error), input ...string) string {
		var buf bytes.Buffer
		err := Run(context.Background(), Options{In: strings.NewReader(strings.Join(input, "\n") + "\n"), Out: &buf,
			Course: c, Store: s, Member: m.Number, Rand: rand.New(rand.NewPCG(1, 2)), Now: clk.current, CertificateFolder: folder})
		if err != nil {
			t.Fatalf("Run: %v\n%s", err, buf.String())
		}
		return buf.String()
	}
	out := take(func() (string, error) { return dir, nil }, "certificate", "save", "", "quit")
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("saved %v, want one PDF in %s:\n%s", files, dir, out)
	}
	pdf, err := os.ReadFile(files[0])
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF (%v)", files[0], err)
	}
	for _, want := range []string{
		"Type save to save this certificate as a PDF",
		"Press enter to go back to the contents, or type save.",
		"Saved your certificate as a PDF:\n" + files[0] + "\n",
	} {
		if !strings.Contains(squeeze(out), squeeze(want)) {
			t.Errorf("the transcript does not say %q:\n%s", want, out)
		}
	}

	out = take(func() (string, error) { return "", errors.New("no Documents folder") }, "certificate", "save", "", "quit")
	if want := "The certificate could not be saved: no Documents folder."; !strings.Contains(squeeze(out), squeeze(want)) {
		t.Errorf("the transcript does not say %q:\n%s", want, out)
	}

	out = take(nil, "certificate", "save", "", "quit")
	if strings.Contains(out, "Saved your certificate") || strings.Contains(out, "type save") {
		t.Errorf("saving is offered with no folder:\n%s", out)
	}
	if want := "ask the monitoring officer"; !strings.Contains(squeeze(out), squeeze(want)) {
		t.Errorf("the transcript does not say %q:\n%s", want, out)
	}
}
