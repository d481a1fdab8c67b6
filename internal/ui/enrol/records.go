package enrol

import (
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/record"
)

// Records is the record file as internal/coursework reads it: the welcome
// and the registration form use its members and the one who used the
// course last.
type Records = coursework.Records

// MembersMsg carries the members on the record file, but those erased,
// and the number of the one who used the course last; or, in Err, why
// they could not be read.
type MembersMsg struct {
	Members []record.Member
	Last    string
	Err     error
}

// LoadMembers reads the members for the welcome.
func LoadMembers(store Records) tea.Cmd {
	return func() tea.Msg {
		active, err := coursework.ActiveMembers(store)
		if err != nil {
			return MembersMsg{Err: err}
		}
		last, err := store.LastMember()
		if err != nil {
			last = "" // Only a convenience: the member can still choose.
		}
		return MembersMsg{Members: active, Last: last}
	}
}

// ChosenMsg says who is taking the course now.
type ChosenMsg struct{ Member record.Member }

func chooseMember(store Records, m record.Member) tea.Cmd {
	return func() tea.Msg {
		// Remembering the member is a convenience; failing to is not an error.
		_ = store.SetLastMember(m.Number)
		return ChosenMsg{Member: m}
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
		return ChosenMsg{Member: m}
	}
}

// registerFailedMsg says why the record refused a new member.
type registerFailedMsg struct{ err error }
