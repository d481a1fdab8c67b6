package ui

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"course/content/contenttest"
	"course/internal/coursework"
)

// handIns records the members handed in through Options.HandIn.
type handIns struct {
	members []string
	err     error
}

func (r *handIns) save(member string) (coursework.HandedIn, error) {
	r.members = append(r.members, member)
	if r.err != nil {
		return coursework.HandedIn{}, r.err
	}
	return coursework.HandedIn{Path: "/home/robin/Documents/Hand-in Robin Hart 2026-03-02.course-hand-in",
		Holds: "It holds 212 records of the course. You completed the course: your certificate's verification code is 3F2A-9C01-B7E4."}, nil
}

// newHandInHarness starts the course as it runs on a member's own
// computer, where it offers a hand-in.
func newHandInHarness(t *testing.T, r *handIns) *harness {
	t.Helper()
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	c := contenttest.Course(t)
	dir := t.TempDir()
	m := New(Options{Course: c, Store: recs, Now: func() time.Time { return testNow }, Dark: true, Rand: rand.New(rand.NewPCG(7, 11)),
		CertificateFolder: func() (string, error) { return dir, nil }, HandIn: r.save})
	h := &harness{t: t, m: m, course: c, certificates: dir, store: recs}
	h.run(m.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 30})
	return h
}

// flat is the screen without its line breaks and spaces, to find text
// that wraps.
func (h *harness) flat() string { return strings.Join(strings.Fields(h.screen()), "") }

// TestHandInFromTheCertificate: h on the certificate saves the hand-in and
// says where it is and whom to send it to.
func TestHandInFromTheCertificate(t *testing.T) {
	r := &handIns{}
	h := newHandInHarness(t, r)
	h.completeCourse("Robin Hart")
	h.contains("h hand in", "Press h to hand in")
	h.press("h")
	if want := h.root().c.member.Number; len(r.members) != 1 || r.members[0] != want {
		t.Fatalf("handed in %v, want %s", r.members, want)
	}
	h.contains("Saved your hand-in:", "Send this file to your council's monitoring officer")
	if !strings.Contains(h.flat(), "Hand-inRobinHart2026-03-02.course-hand-in") {
		t.Errorf("the screen does not say where the hand-in is:\n%s", h.screen())
	}
	if !strings.Contains(h.flat(), "verificationcodeis3F2A-9C01-B7E4.") {
		t.Errorf("the screen does not say what the hand-in holds:\n%s", h.screen())
	}
}

// TestHandInFailureIsShown: what went wrong is said, not hidden.
func TestHandInFailureIsShown(t *testing.T) {
	r := &handIns{err: errors.New("the disk is full.")}
	h := newHandInHarness(t, r)
	h.completeCourse("Robin Hart")
	h.press("h")
	h.contains("could not be handed in: the disk is full.")
}

// TestHandInFromTheModules: h works on the module list too, before the
// course is complete, and the full list of keys names it.
func TestHandInFromTheModules(t *testing.T) {
	r := &handIns{}
	h := newHandInHarness(t, r)
	h.register("Robin Hart")
	h.press("?")
	h.contains("h hand in")
	h.press("?", "h")
	if len(r.members) != 1 {
		t.Fatalf("handed in %v from the module list", r.members)
	}
	h.contains("Saved your hand-in:")
	h.press("down")
	if strings.Contains(h.screen(), "Saved your hand-in:") {
		t.Error("the hand-in's note stays after the next key")
	}
}

// TestNoHandInWhenServed: without Options.HandIn (over SSH, where the
// records are the council's) the key is neither offered nor answered.
func TestNoHandInWhenServed(t *testing.T) {
	h := newHarness(t, 80, 30)
	h.completeCourse("Robin Hart")
	h.press("h")
	h.press("esc", "?")
	if strings.Contains(h.screen(), "hand in") {
		t.Errorf("the served course offers a hand-in:\n%s", h.screen())
	}
	h.press("?", "enter")
	if s := h.screen(); strings.Contains(s, "hand in") || strings.Contains(s, "hand-in") {
		t.Errorf("the served certificate offers a hand-in:\n%s", s)
	}
}

// TestHandInKeepsTheCodeWhole: what the hand-in holds names the
// certificate's code, which is never split across lines at a hyphen, at
// any width.
func TestHandInKeepsTheCodeWhole(t *testing.T) {
	h := newHandInHarness(t, &handIns{})
	h.completeCourse("Robin Hart")
	h.press("h")
	for width := 50; width <= 110; width++ {
		h.send(tea.WindowSizeMsg{Width: width, Height: 60})
		h.contains("Saved your hand-in:")
		if !strings.Contains(h.screen(), "3F2A-9C01-B7E4") {
			t.Errorf("at %d columns the code is split:\n%s", width, h.screen())
		}
	}
}

// TestCertificateResultsAreInView: what s and h did is said in view, even
// in the smallest window, where the certificate alone fills the screen;
// the screen says there is more above it, and how to scroll there.
func TestCertificateResultsAreInView(t *testing.T) {
	for _, size := range [][2]int{{50, 14}, {80, 24}} {
		for _, fail := range []bool{false, true} {
			r := &handIns{}
			if fail {
				r.err = errors.New("the disk is full.")
			}
			h := newHandInHarness(t, r)
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			h.completeCourse("Robin Hart")
			if fail {
				h.root().c.certificateFolder = func() (string, error) { return "", errors.New("no folder to save in") }
			}
			h.press("s")
			saved := "Saved as a PDF:"
			if fail {
				saved = "The certificate could not be saved: no folder to save in."
			}
			if !strings.Contains(h.flat(), strings.ReplaceAll(saved, " ", "")) {
				t.Errorf("%v, failing %v: after s the screen does not say %q:\n%s", size, fail, saved, h.screen())
			}
			h.press("h")
			handed := "Saved your hand-in:"
			if fail {
				handed = "Your records could not be handed in: the disk is full."
			}
			if !strings.Contains(h.flat(), strings.ReplaceAll(handed, " ", "")) {
				t.Errorf("%v, failing %v: after h the screen does not say %q:\n%s", size, fail, handed, h.screen())
			}
			checkFits(t, h.screen(), size[0], size[1], "certificate")
			if size[1] == 14 && !strings.Contains(h.screen(), "more above") {
				t.Errorf("%v: the screen does not say there is more above:\n%s", size, h.screen())
			}
			h.press("g")
			h.contains("✓ Course complete")
		}
	}
}
