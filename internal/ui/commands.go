package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/progress"
)

// progressMsg carries a member's progress rebuilt from their events.
type progressMsg struct {
	member   string
	progress progress.Progress
	events   []progress.Event
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
	event   progress.Event
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
	events []progress.Event
	err    error
}

// finishQuiz saves a finished quiz and what it earns, in one transaction.
func finishQuiz(store Records, r progress.QuizResult) tea.Cmd {
	return func() tea.Msg {
		events, err := store.FinishQuiz(r)
		return finishedMsg{events: events, err: err}
	}
}

// record appends an event that no screen waits for.
func record(store Records, e progress.Event) tea.Cmd {
	return recordFor(store, e, purposeLog)
}

// recordAndReload appends an event that no screen waits for, then rebuilds
// the member's progress from the record that now holds it.
func recordAndReload(c *common, e progress.Event) tea.Cmd {
	save, reload := record(c.store, e), loadProgress(c)
	return func() tea.Msg {
		if msg := save(); msg.(savedMsg).err != nil {
			return msg
		}
		return reload()
	}
}

// recordFor appends an event to the record file. The screen that sent it
// shows it as saved only when savedMsg arrives without an error.
func recordFor(store Records, e progress.Event, p purpose) tea.Cmd {
	return func() tea.Msg {
		saved, err := store.Record(e)
		return savedMsg{purpose: p, event: saved, err: err}
	}
}
