package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// membersMsg carries the members on the record file and the one who used
// the course last.
type membersMsg struct {
	members []record.Member
	last    string
}

func loadMembers(store Records) tea.Cmd {
	return func() tea.Msg {
		members, err := store.Members()
		if err != nil {
			return errMsg{fmt.Errorf("the list of members could not be read: %w", err)}
		}
		last, err := store.LastMember()
		if err != nil {
			last = "" // Only a convenience: the member can still choose.
		}
		var active []record.Member
		for _, m := range members {
			if !m.Erased {
				active = append(active, m)
			}
		}
		return membersMsg{members: active, last: last}
	}
}

// memberChosenMsg says who is taking the course now.
type memberChosenMsg struct{ member record.Member }

func chooseMember(store Records, m record.Member) tea.Cmd {
	return func() tea.Msg {
		// Remembering the member is a convenience; failing to is not an error.
		_ = store.SetLastMember(m.Number)
		return memberChosenMsg{member: m}
	}
}

// addMember saves a new member and makes them the one taking the course.
func addMember(store Records, nm record.NewMember) tea.Cmd {
	return func() tea.Msg {
		m, err := store.AddMember(nm)
		if err != nil {
			return registerFailedMsg{err: err}
		}
		_ = store.SetLastMember(m.Number)
		return memberChosenMsg{member: m}
	}
}

type registerFailedMsg struct{ err error }

// progressMsg carries a member's progress rebuilt from their events.
type progressMsg struct {
	member   string
	progress progress.Progress
	events   []record.Event
}

func loadProgress(c *common) tea.Cmd {
	store, member, info, now := c.store, c.member.Number, coursework.Info(c.course), c.now()
	return func() tea.Msg {
		events, err := store.MemberEvents(member)
		if err != nil {
			return errMsg{fmt.Errorf("your progress could not be read: %w", err)}
		}
		return progressMsg{member: member, progress: progress.Derive(member, events, info, now), events: events}
	}
}

// savedMsg reports that an event is on disk, or why it is not.
type savedMsg struct {
	purpose purpose
	event   record.Event
	err     error
}

// purpose says which screen waits for a save.
type purpose int

const (
	purposeLog    purpose = iota // no screen waits; only a failure matters
	purposeAnswer                // the quiz shows an answer as saved
)

// finishedMsg reports that a quiz's result, and the completions it earned,
// are on disk, or why they are not.
type finishedMsg struct {
	events []record.Event
	err    error
}

// finishQuiz saves a finished quiz and what it earns, in one transaction.
func finishQuiz(store Records, r progress.QuizResult) tea.Cmd {
	return func() tea.Msg {
		events, err := coursework.FinishQuiz(store, r)
		return finishedMsg{events: events, err: err}
	}
}

// recordEvent appends an event that no screen waits for.
func recordEvent(store Records, e record.Event) tea.Cmd {
	return recordFor(store, e, purposeLog)
}

// recordAndReload appends an event that no screen waits for, then rebuilds
// the member's progress from the record that now holds it.
func recordAndReload(c *common, e record.Event) tea.Cmd {
	save, reload := recordEvent(c.store, e), loadProgress(c)
	return func() tea.Msg {
		if msg := save(); msg.(savedMsg).err != nil {
			return msg
		}
		return reload()
	}
}

// recordFor appends an event to the record file. The screen that sent it
// shows it as saved only when savedMsg arrives without an error.
func recordFor(store Records, e record.Event, p purpose) tea.Cmd {
	return func() tea.Msg {
		saved, err := coursework.Save(store, e)
		return savedMsg{purpose: p, event: saved, err: err}
	}
}

// pageKey identifies a rendered lesson.
type pageKey struct {
	module string
	width  int
	dark   bool
}

// renderedMsg carries a lesson rendered for a width and colour scheme.
type renderedMsg struct {
	key     pageKey
	content string
	// background says prerender asked for it.
	background bool
}

// renderWidth is the word-wrap width for lessons in a window of width w.
func renderWidth(w int) int {
	return max(min(w, 100)-2, 20)
}

// renderModule renders a lesson's Markdown. It runs in a command: glamour
// takes a few milliseconds, far too long for Update or View.
func renderModule(p *Pages, m *modules.Module, width int, dark bool) tea.Cmd {
	return func() tea.Msg {
		return renderedMsg{key: pageKey{m.ID, width, dark}, content: p.render(m, width, dark)}
	}
}

// emphasiseCitations makes citations ("Guidance 3.8") stand out in a lesson.
// Its spaces become non-breaking, so that a citation is never split
// across two lines ("(Guidance" / "3.3)").
func emphasiseCitations(c *modules.Course, body string) string {
	return c.MarkCitations(body, func(cite string) string { return "**" + strings.ReplaceAll(cite, " ", nbsp) + "**" })
}

// prerender renders the first lesson not yet rendered for the current
// window, so that opening a module finds it ready. Its message is marked
// background, and the root asks for the next lesson when it arrives: the
// lessons are rendered one after another, each for the window's size at
// the time, and a burst of resizes starts no more than one chain.
func prerender(c *common) tea.Cmd {
	if c.prerendering {
		return nil
	}
	width, dark := renderWidth(c.width), c.styles.isDark
	for _, m := range c.course.Modules {
		if _, ok := c.pages[pageKey{m.ID, width, dark}]; !ok {
			c.prerendering = true
			render := renderModule(c.shared, m, width, dark)
			return func() tea.Msg {
				msg := render().(renderedMsg)
				msg.background = true
				return msg
			}
		}
	}
	return nil
}

// placeMsg carries where a member stopped reading a module.
type placeMsg struct {
	module string
	place  int // see placeScale
}

func loadPlace(store Records, member, module string) tea.Cmd {
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

// placeDelay is how long scrolling must stop before the place is saved.
var placeDelay = 700 * time.Millisecond

func placeTick(seq int) tea.Cmd {
	return tea.Tick(placeDelay, func(time.Time) tea.Msg { return placeTickMsg{seq} })
}

func savePlace(store Records, member, module string, place int) tea.Cmd {
	return func() tea.Msg {
		_ = store.SetPlace(member, module, place) // A convenience only.
		return nil
	}
}
