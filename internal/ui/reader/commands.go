package reader

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
)

// RenderedMsg carries a lesson rendered for a width and colour scheme.
type RenderedMsg struct {
	Key     Key
	Content string
	// Background says Prerender asked for it.
	Background bool
}

// Command renders m's lesson in a command: glamour takes a few
// milliseconds, far too long for Update or View.
func (p *Pages) Command(m *modules.Module, width int, dark bool) tea.Cmd {
	return func() tea.Msg {
		return RenderedMsg{Key: Key{m.ID, width, dark}, Content: p.Render(m, width, dark)}
	}
}

// Prerender renders the first lesson that rendered says a session does
// not have yet, so that opening a module finds it ready; it is nil when
// the session has them all. Its message is marked Background: the session
// asks for the next lesson when it arrives, so that the lessons are
// rendered one after another, each for the window's size at the time.
func (p *Pages) Prerender(rendered func(Key) bool, width int, dark bool) tea.Cmd {
	for _, m := range p.course.Modules {
		if !rendered(Key{m.ID, width, dark}) {
			render := p.Command(m, width, dark)
			return func() tea.Msg {
				msg := render().(RenderedMsg)
				msg.Background = true
				return msg
			}
		}
	}
	return nil
}

// Places is where members stopped reading each module: a convenience,
// so that failing to read or save one is no error.
type Places interface {
	Place(member, module string) (int, error)
	SetPlace(member, module string, offset int) error
}

// placeMsg carries where a member stopped reading a module.
type placeMsg struct {
	module string
	place  int // see placeScale
}

func loadPlace(store Places, member, module string) tea.Cmd {
	return func() tea.Msg {
		p, err := store.Place(member, module)
		if err != nil {
			p = 0
		}
		return placeMsg{module: module, place: p}
	}
}

// placeTickMsg saves the reading place once scrolling has stopped.
type placeTickMsg struct{ seq int }

func placeTick(delay time.Duration, seq int) tea.Cmd {
	return tea.Tick(delay, func(time.Time) tea.Msg { return placeTickMsg{seq} })
}

func savePlace(store Places, member, module string, place int) tea.Cmd {
	return func() tea.Msg {
		_ = store.SetPlace(member, module, place) // A convenience only.
		return nil
	}
}
