package ui

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/content/contenttest"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/store"
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
	store  *store.Store
	course *modules.Course
	// certificates is the folder the certificate screen saves PDFs in.
	certificates string
}

func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newHarness(t testing.TB, width, height int) *harness {
	t.Helper()
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	return startHarness(t, recs, width, height)
}

func startHarness(t testing.TB, recs *store.Store, width, height int) *harness {
	return startWith(t, recs, contenttest.Course(t), width, height)
}

// startWith starts the course c on store.
func startWith(t testing.TB, recs *store.Store, c *modules.Course, width, height int) *harness {
	h := startOn(t, recs, c, width, height)
	h.store = recs
	return h
}

// startOn starts the course c on any records.
func startOn(t testing.TB, records Records, c *modules.Course, width, height int) *harness {
	dir := t.TempDir()
	m := New(Options{Course: c, Store: records, Now: func() time.Time { return testNow }, Dark: true, Rand: rand.New(rand.NewPCG(7, 11)),
		CertificateFolder: func() (string, error) { return dir, nil }})
	h := &harness{t: t, m: m, course: c, certificates: dir}
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

// cmdBound is how long the harness waits for one command's message. Every
// command of the course finishes (a synced write, a render, a read); the
// bound only turns a command that never returns into a failure that names
// it. It is generous because a synced write on a busy disk can take
// seconds.
const cmdBound = 2 * time.Minute

// run runs cmd and everything that follows from it, in order: each
// command's message goes through Update before the next command runs.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		cmd, queue = queue[0], queue[1:]
		if cmd == nil {
			continue
		}
		switch msg := h.wait(cmd).(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			if t := fmt.Sprintf("%T", msg); t == "tea.sequenceMsg" {
				h.t.Fatalf("%s returned tea.Sequence, whose order the harness cannot keep: chain the steps in one command or through Update", cmdName(cmd))
			}
			var next tea.Cmd
			h.m, next = h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// wait runs cmd and returns its message, failing the test if none comes
// within cmdBound.
func (h *harness) wait(cmd tea.Cmd) tea.Msg {
	h.t.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	timer := time.NewTimer(cmdBound)
	defer timer.Stop()
	select {
	case msg := <-ch:
		return msg
	case <-timer.C:
		h.t.Fatalf("command %s gave no message within %v", cmdName(cmd), cmdBound)
		return nil
	}
}

// cmdName names the function behind cmd, for a failure message.
func cmdName(cmd tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()); f != nil {
		return f.Name()
	}
	return "(unknown)"
}

// onlyMembersEvents returns the events of the one member in store.
func onlyMembersEvents(t testing.TB, recs *store.Store) []record.Event {
	t.Helper()
	members, err := recs.Members()
	if err != nil || len(members) != 1 {
		t.Fatalf("members = %v, %v", members, err)
	}
	events, err := recs.MemberEvents(members[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	return events
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
	switch k {
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is what the member sees, without colour.
func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

func (h *harness) root() Model { return h.m.(Model) }

// The screens that tests look into.
func (m Model) reader() readerModel   { return m.screens[stateReader].(readerModel) }
func (m Model) quiz() quizModel       { return m.screens[stateQuiz].(quizModel) }
func (m Model) welcome() welcomeModel { return m.screens[stateWelcome].(welcomeModel) }
func (m Model) search() searchModel   { return m.screens[stateSearch].(searchModel) }

// lesson is the lines of the lesson on the reader's screen: those between
// the heading and the status line.
func (h *harness) lesson() string {
	lines := strings.Split(h.screen(), "\n")
	return strings.Join(lines[2:max(len(lines)-4, 2)], "\n")
}

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
	h.answer(right, -1)
}

// answer answers n questions of the current quiz (all, if n < 0) as
// answerAll does, and stops on the feedback of the last one answered when
// n is reached.
func (h *harness) answer(right bool, n int) {
	h.t.Helper()
	for done := 0; h.root().state == stateQuiz && h.root().quiz().phase == phaseAnswer; done++ {
		if done == n {
			return
		}
		q := h.root().quiz().current()
		chosen := false
		for pos := range q.Order {
			if q.Option(pos).Correct == right {
				h.press(strconv.Itoa(pos + 1))
				chosen = true
				if !right {
					break
				}
			}
		}
		if !chosen {
			// Every option is right: choosing one alone is a wrong answer.
			h.press("1")
		}
		h.press("enter") // submit
		if h.root().quiz().phase != phaseFeedback {
			h.t.Fatalf("answer not saved: phase %d\n%s", h.root().quiz().phase, h.screen())
		}
		if done+1 == n {
			return // on the feedback of the last one asked for
		}
		h.press("enter") // next question or results
	}
}
