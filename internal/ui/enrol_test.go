package ui

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"course/content/contenttest"
	"course/internal/modules"
	"course/internal/record"
)

const (
	testCode    = "ABCD-EFGH-JKMN"
	testConnect = "ssh -p 2222 course.example.gov.uk"
)

// startEnrolment opens the enrolment screen of course c for a key the
// course does not know, whose code, testCode, enrols as the member named
// name (as the record has it) once it is redeemed.
func startEnrolment(t *testing.T, c *modules.Course, name, connect string, width, height int) (*harness, record.Member) {
	t.Helper()
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	m, err := store.AddMember(record.NewMember{Name: "Siân Ellis"})
	if err != nil {
		t.Fatal(err)
	}
	m.Name = name
	model := NewEnrolment(EnrolOptions{
		Course: Options{Course: c, Store: store, Now: func() time.Time { return testNow }, Dark: true,
			Rand: rand.New(rand.NewPCG(7, 11))},
		Fingerprint: "SHA256:YSIgQaOdLEr6gyRnrbixZ6cRS2l0spJYClGvqgFC9F0",
		Connect:     connect,
		Redeem: func(code string) (record.Member, error) {
			if code != testCode {
				return record.Member{}, errors.New("That code is not right.")
			}
			return m, nil
		},
	})
	h := &harness{t: t, m: model, course: c, store: store}
	h.run(model.Init())
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	return h, m
}

// TestEnrolment: the right code says whom the member is now known as and
// the command that brings them back, and a key opens their course.
func TestEnrolment(t *testing.T) {
	c := contenttest.Course(t)
	h, m := startEnrolment(t, c, "Siân Ellis", testConnect, 80, 24)
	t.Run("enrol", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.typeText("WXYZ-WXYZ-WXYZ")
	h.press("enter")
	h.contains("That code is not right.")
	h.typeText(testCode)
	h.press("enter")
	// Member numbers are drawn at random: the golden file has one of its own.
	t.Run("enrolled", func(t *testing.T) { golden.RequireEqual(t, strings.ReplaceAll(h.screen(), m.Number, "M00000000")) })
	h.contains("Siân Ellis (member "+m.Number+")", "\n  "+testConnect+"\n", "any key", "quit")
	if strings.Contains(h.screen(), c.Modules[0].Title) {
		t.Fatalf("the course opened before the member saw whom they are enrolled as:\n%s", h.screen())
	}
	h.press("x")
	h.contains("Siân Ellis", c.Modules[0].Title)
	if _, ok := h.m.(Model); !ok {
		t.Errorf("a key after enrolling left %T on screen, not the course", h.m)
	}
}

// TestEnrolledWithoutConnect: without the command that reaches the course,
// the member is told to connect as they did this time.
func TestEnrolledWithoutConnect(t *testing.T) {
	h, _ := startEnrolment(t, contenttest.Course(t), "Siân Ellis", "", 80, 24)
	h.typeText(testCode)
	h.press("enter")
	h.contains("connect the same way as now")
	if strings.Contains(h.screen(), "ssh") {
		t.Errorf("the screen names a command it was not given:\n%s", h.screen())
	}
}

// TestEnrolledNameIsInert: a name from the record is shown as text, never
// as the terminal's commands.
func TestEnrolledNameIsInert(t *testing.T) {
	h, _ := startEnrolment(t, contenttest.Course(t), "Eve\x1b]0;owned\x07 Brown\x1b[2J", testConnect, 80, 24)
	h.typeText(testCode)
	h.press("enter")
	h.contains("Eve Brown")
	if content := h.m.View().Content; strings.Contains(content, "owned") || strings.Contains(content, "\x1b[2J") {
		t.Errorf("the member's name reached the terminal as commands: %q", content)
	}
}

// TestEnrolmentAsksConnectContacts: the screen says to ask course.yaml's
// serve contacts for a code, or the advice contacts when it names none.
func TestEnrolmentAsksConnectContacts(t *testing.T) {
	c := contenttest.Course(t)
	asks := func(h *harness, want string) {
		t.Helper()
		if text := strings.Join(strings.Fields(h.screen()), " "); !strings.Contains(text, want) {
			t.Errorf("the screen does not say %q:\n%s", want, h.screen())
		}
	}
	h, _ := startEnrolment(t, c, "Siân Ellis", testConnect, 80, 24)
	asks(h, "Ask for one: "+c.AdviceList()+".")

	serving := *c
	serving.ServeContacts = []modules.Contact{{Team: "IT service desk", Phone: "01632 960 111"}}
	h, _ = startEnrolment(t, &serving, "Siân Ellis", testConnect, 80, 24)
	asks(h, "Ask for one: IT service desk, 01632 960 111.")
	if strings.Contains(h.screen(), c.Advice[0].Team) {
		t.Errorf("the screen names the advice contacts besides the serve contacts:\n%s", h.screen())
	}
}

// TestEnrolmentFits: the enrolment screens fit the window and name their
// keys, down to the smallest the course supports.
func TestEnrolmentFits(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {minWidth, minHeight}} {
		h, _ := startEnrolment(t, contenttest.Course(t), "Siân Ellis", testConnect, size[0], size[1])
		checkFits(t, h.screen(), size[0], size[1], "enrol")
		h.typeText(testCode)
		h.press("enter")
		checkFits(t, h.screen(), size[0], size[1], "enrolled")
	}
}
