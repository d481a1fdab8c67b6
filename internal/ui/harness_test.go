package ui

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/content"
	"course/internal/modules"
	"course/internal/progress"
)

// testNow is the fixed clock of screen tests.
var testNow = time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)

func init() { placeDelay = 0 }

// harness drives the root model directly: each message goes through Update
// and every command it returns is run at once, its messages fed back in, so
// a test sees what a member would see after each key.
type harness struct {
	t      testing.TB
	m      tea.Model
	store  *progress.Store
	course *modules.Course
}

func loadCourse(t testing.TB) *modules.Course {
	t.Helper()
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func openStore(t testing.TB, path string) *progress.Store {
	t.Helper()
	s, err := progress.Open(path, progress.Options{Now: func() time.Time { return testNow }, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newHarness(t testing.TB, width, height int) *harness {
	t.Helper()
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	return startHarness(t, store, width, height)
}

func startHarness(t testing.TB, store *progress.Store, width, height int) *harness {
	return startWith(t, store, loadCourse(t), width, height)
}

// startWith starts the course c on store.
func startWith(t testing.TB, store *progress.Store, c *modules.Course, width, height int) *harness {
	m := New(Options{Course: c, Store: store, Now: func() time.Time { return testNow }, Dark: true, Rand: rand.New(rand.NewPCG(7, 11))})
	h := &harness{t: t, m: m, store: store, course: c}
	h.run(m.Init())
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	return h
}

// send delivers msg and everything that follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	h.run(cmd)
}

var cmdSliceType = reflect.TypeOf([]tea.Cmd(nil))

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		cmd, queue = queue[0], queue[1:]
		if cmd == nil {
			continue
		}
		msg, ok := runWithin(cmd, 200*time.Millisecond)
		if !ok {
			continue // a timer such as the cursor's blink: not part of the flow
		}
		switch msg := msg.(type) {
		case nil, tea.QuitMsg:
			continue
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		}
		// tea.Sequence's message is a []tea.Cmd of an unexported type.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
			queue = append(queue, v.Convert(cmdSliceType).Interface().([]tea.Cmd)...)
			continue
		}
		var next tea.Cmd
		h.m, next = h.m.Update(msg)
		queue = append(queue, next)
	}
}

// runWithin runs cmd and returns its message if it arrives in time.
func runWithin(cmd tea.Cmd, d time.Duration) (tea.Msg, bool) {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg, true
	case <-time.After(d):
		return nil, false
	}
}

// press sends key presses by name: "enter", "esc", "space", "up", "down",
// "tab", "pgdown", or single characters.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types each character of s.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "space": tea.KeySpace, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "tab": tea.KeyTab,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if k == "ctrl+c" {
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is what the member sees, without colour.
func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

func (h *harness) root() Model { return h.m.(Model) }

// contains fails the test unless the screen shows every want.
func (h *harness) contains(wants ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// register signs up a member through the form.
func (h *harness) register(name string) {
	h.t.Helper()
	h.press("enter") // "I am new here: register"
	h.typeText(name)
	h.press("tab")
	h.typeText("member@example.org")
	h.press("tab")
	h.typeText("Carlton")
	h.press("tab", "tab")
	h.typeText("04/05/2023")
	h.press("enter")
}

// answerAll answers every question of the current quiz: all rightly, or
// each with one wrong option.
func (h *harness) answerAll(right bool) {
	h.t.Helper()
	for h.root().state == stateQuiz && h.root().quiz.phase == phaseAnswer {
		q := h.root().quiz.current()
		for pos := range q.Order {
			if q.Option(pos).Correct == right {
				h.press(itoa(pos + 1))
				if !right {
					break
				}
			}
		}
		h.press("enter") // submit
		if h.root().quiz.phase != phaseFeedback {
			h.t.Fatalf("answer not saved: phase %d\n%s", h.root().quiz.phase, h.screen())
		}
		h.press("enter") // next question or results
	}
}
