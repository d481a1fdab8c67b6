package ui

import (
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// progressMsg carries a member's standing read again from the record.
type progressMsg struct {
	member   string
	standing coursework.Standing
}

func loadProgress(c *common) tea.Cmd {
	store, course, member, now := c.store, c.course, c.member.Number, c.now()
	return func() tea.Msg {
		st, err := coursework.Load(store, course, member, now)
		if err != nil {
			return errMsg{err}
		}
		return progressMsg{member: member, standing: st}
	}
}

// savedMsg reports that an event is on disk, or why it is not.
type savedMsg struct {
	purpose purpose
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

// recordLesson records that the member opened or read mod's lesson (kind
// is record.ModuleOpened or ModuleRead), which no screen waits for, then
// reads their standing again from the record that now holds it.
func recordLesson(c *common, kind record.Kind, mod *modules.Module) tea.Cmd {
	store, member, reload := c.store, c.member.Number, loadProgress(c)
	return func() tea.Msg {
		if err := coursework.RecordLesson(store, kind, member, mod, ""); err != nil {
			return savedMsg{purpose: purposeLog, err: err}
		}
		return reload()
	}
}

// saveAnswer records an answer. The quiz shows it as saved only when
// savedMsg arrives without an error.
func saveAnswer(store Records, e record.Event) tea.Cmd {
	return func() tea.Msg {
		_, err := coursework.SaveAnswer(store, e)
		return savedMsg{purpose: purposeAnswer, err: err}
	}
}
