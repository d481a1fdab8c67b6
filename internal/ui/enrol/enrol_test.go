package enrol

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/content"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/ui/list"
)

// fakeRecords holds members in memory, and refuses a second with a name
// it has. It has no events.
type fakeRecords struct {
	coursework.Records
	members []record.Member
	last    string
}

func (f *fakeRecords) Members() ([]record.Member, error) { return f.members, nil }
func (f *fakeRecords) LastMember() (string, error)       { return f.last, nil }
func (f *fakeRecords) SetLastMember(number string) error { f.last = number; return nil }

func (f *fakeRecords) AddMember(nm record.NewMember) (record.Member, error) {
	for _, m := range f.members {
		if m.Name == nm.Name {
			return record.Member{}, &record.DuplicateMemberError{Existing: m}
		}
	}
	m := record.Member{Number: "M" + string(rune('1'+len(f.members))), Name: nm.Name}
	f.members = append(f.members, m)
	return m, nil
}

var testKeys = KeyMap{
	Choose: key.NewBinding(key.WithKeys("enter")),
	Back:   key.NewBinding(key.WithKeys("esc")),
	Help:   key.NewBinding(key.WithKeys("?")),
	Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c")),
}

var testStyles = Styles{List: list.Styles{}, Help: help.DefaultStyles(true), Quote: lipgloss.NewStyle()}

func testInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt, in.Placeholder, in.CharLimit = prompt, placeholder, limit
	return in
}

func press(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

func course(t *testing.T) *modules.Course {
	t.Helper()
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWelcomeFindsAndChooses: typing narrows the members, enter on one
// remembers them as the last and says they are chosen, and the row after
// the members is the way to register.
func TestWelcomeFindsAndChooses(t *testing.T) {
	store := &fakeRecords{members: []record.Member{{Number: "M1", Name: "Huw Jones"}, {Number: "M2", Name: "Seán O'Neill"}, {Number: "M3", Name: "Ann Lee", Erased: true}}, last: "M1"}
	w := NewWelcome(course(t), testKeys, testInput, store)
	w, _ = w.Update(LoadMembers(store)())
	w = w.SetSize(80, 22, testStyles)
	if !w.Loaded() || w.Found() != 2 || w.List().Index() != 0 {
		t.Fatalf("loaded %v, found %d (the erased member is not listed), at %d", w.Loaded(), w.Found(), w.List().Index())
	}
	if !strings.Contains(ansi.Strip(w.View()), "Last here: Huw Jones") {
		t.Errorf("the welcome does not name the last member:\n%s", ansi.Strip(w.View()))
	}
	for _, r := range "oneill" {
		w, _ = w.Update(press(string(r)))
	}
	if w.Typed() != "oneill" || w.Found() != 1 || w.Registering() {
		t.Fatalf("typed %q finds %d, registering %v", w.Typed(), w.Found(), w.Registering())
	}
	w, cmd := w.Update(press("enter"))
	if msg, ok := cmd().(ChosenMsg); !ok || msg.Member.Number != "M2" || store.last != "M2" {
		t.Errorf("enter gave %#v, last member %s", msg, store.last)
	}
	if w, _ = w.Update(press("down")); w.Registering() {
		t.Error("a key counted while the member chosen was being remembered")
	}
	w = NewWelcome(course(t), testKeys, testInput, store)
	w, _ = w.Update(LoadMembers(store)())
	w, _ = w.Update(press("esc"))
	w, _ = w.Update(press("down"))
	w, _ = w.Update(press("down"))
	if !w.Registering() {
		t.Error("the row after the members is not the way to register")
	}
}

// TestRegisterSavesOrOffersTheMemberOnRecord: enter on the last field
// registers the member; a name the record holds already offers to carry
// on as them, and enter then chooses them.
func TestRegisterSavesOrOffersTheMemberOnRecord(t *testing.T) {
	store := &fakeRecords{}
	now := func() time.Time { return time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC) }
	register := func() Register {
		r := NewRegister(testKeys, testInput, now, store).SetSize(80, testStyles)
		r.Focus()
		for _, c := range "Robin Hart" {
			r, _ = r.Update(press(string(c)))
		}
		for r.Field() != FieldElected {
			r, _ = r.Update(press("enter"))
		}
		return r
	}
	r, cmd := register().Update(press("enter"))
	if msg, ok := cmd().(ChosenMsg); !ok || msg.Member.Name != "Robin Hart" || store.last != msg.Member.Number {
		t.Fatalf("registering gave %#v, last member %q", msg, store.last)
	}
	if !r.Busy() {
		t.Error("the form takes keys while it is saved")
	}
	r, cmd = register().Update(press("enter"))
	r, _ = r.Update(cmd())
	if view := ansi.Strip(r.View()); !r.Busy() || !strings.Contains(view, "Robin Hart is already on the record with this name") {
		t.Fatalf("a second Robin Hart is not offered the first:\n%s", view)
	}
	if _, cmd = r.Update(press("enter")); cmd == nil {
		t.Fatal("enter does not carry on as the member on record")
	}
	if msg, ok := cmd().(ChosenMsg); !ok || msg.Member.Number != store.members[0].Number {
		t.Errorf("carrying on gave %#v", msg)
	}
}
