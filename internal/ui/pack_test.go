package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"course/content/contenttest"
	"course/internal/modules"
)

// otherPack is a made-up council's course: its guidance is numbered A1,
// B2(a), C1.1, its sections are letters, one lesson is Welsh, and its pass
// mark is 70%.
const otherPack = "../../testdata/dyffryn-teg"

func loadOtherPack(t testing.TB) *modules.Course {
	t.Helper()
	c, err := modules.Load(os.DirFS(otherPack), otherPack)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnotherCouncilsCourse takes another council's course from the
// welcome to the certificate: every screen speaks in its words.
func TestAnotherCouncilsCourse(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	h := startWith(t, store, loadOtherPack(t), 80, 24)
	seen := []string{}
	look := func(wants ...string) {
		t.Helper()
		h.contains(wants...)
		seen = append(seen, h.screen())
	}

	look("Croeso · Welcome to the Online Conduct course", "Dyffryn Teg County Borough Council · Protocol on Councillors' Use of Social\nMedia, version 2.3",
		"5 short modules, one for each part of the Protocol, take about 30 minutes", "you pass with 70%")
	if strings.Contains(h.screen(), "│") {
		t.Errorf("the welcome shows a rule the pack does not give:\n%s", h.screen())
	}
	if title := h.m.View().WindowTitle; title != "Online Conduct course" {
		t.Errorf("window title %q", title)
	}
	h.press("?")
	look("Ask for advice: Democratic Services, democratic.services@dyffrynteg.example;\nMonitoring Officer, 01632 960 123.")
	h.press("?")

	h.register("Gwen Morgan")
	look("0 of 5 passed", "Start module 1: Using social media", "1  A  Using social media", "5  E  Ble i gael cyngor")

	h.press("5")
	look("Module 5 of 5 · Ble i gael cyngor", "(Canllawiau E1)", "Gwasanaethau Democrataidd: democratic.services@dyffrynteg.example",
		"Y Swyddog Monitro: 01632 960 123")
	h.press("o")
	look("Part 1: Gofyn cyn postio", "Protocol E1: Ble i gael cyngor")
	h.press("esc", "esc", "/")
	h.typeText("password")
	look("B Staying safe · Protocol B1")
	h.press("esc")

	for i := range h.course.Modules {
		h.press(strconv.Itoa(i+1), "t")
		look("Module " + strconv.Itoa(i+1) + " quiz")
		h.answerAll(true)
		if i < len(h.course.Modules)-1 {
			h.press("enter")
		}
	}
	look("You have now passed every module")
	h.press("enter")
	if h.root().state != stateComplete {
		t.Fatalf("state %v after the last module", h.root().state)
	}
	code := h.root().c.standing.VerificationCode(h.root().c.course)
	look("has completed the Online Conduct course of", "Dyffryn Teg County Borough Council", "on the Protocol on Councillors' Use of Social Media,", "version 2.3, on Monday 2 March 2026.",
		"Ask for advice: Democratic Services")
	golden.RequireEqual(t, strings.Replace(h.screen(), code, "XXXX-XXXX-XXXX", 1))

	for _, s := range seen {
		for _, other := range []string{"Gedling", "Social Media Guidance", "Guidance ", "golden rule", "legalservices"} {
			if strings.Contains(s, other) {
				t.Errorf("another council's course shows %q:\n%s", other, s)
			}
		}
	}
}

// A council's name that fits on a line of the certificate is not broken
// over two.
func TestCertificateKeepsNamesWhole(t *testing.T) {
	c := contenttest.Course(t)
	c.Council = "Royal Borough of Kingston upon Thames and Richmond"
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	h := startWith(t, store, c, 80, 24)
	h.register("Robin Hart")
	for i := range c.Modules {
		h.press(strconv.Itoa(i+1), "t")
		h.answerAll(true)
		h.press("enter")
	}
	h.contains("│ has completed the course on the                              │\n│ Royal Borough of Kingston upon Thames and Richmond           │")
}
