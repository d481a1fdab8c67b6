package enrol

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"course/internal/progress"
)

// Records is what the welcome and the registration form read and write in
// the record file.
type Records interface {
	Members() ([]progress.Member, error)
	AddMember(progress.NewMember) (progress.Member, error)
	LastMember() (string, error)
	SetLastMember(number string) error
}

// MembersMsg carries the members on the record file, but those erased,
// and the number of the one who used the course last; or, in Err, why
// they could not be read.
type MembersMsg struct {
	Members []progress.Member
	Last    string
	Err     error
}

// LoadMembers reads the members for the welcome.
func LoadMembers(store Records) tea.Cmd {
	return func() tea.Msg {
		members, err := store.Members()
		if err != nil {
			return MembersMsg{Err: fmt.Errorf("the list of members could not be read: %w", err)}
		}
		last, err := store.LastMember()
		if err != nil {
			last = "" // Only a convenience: the member can still choose.
		}
		var active []progress.Member
		for _, m := range members {
			if !m.Erased {
				active = append(active, m)
			}
		}
		return MembersMsg{Members: active, Last: last}
	}
}

// ChosenMsg says who is taking the course now.
type ChosenMsg struct{ Member progress.Member }

func chooseMember(store Records, m progress.Member) tea.Cmd {
	return func() tea.Msg {
		// Remembering the member is a convenience; failing to is not an error.
		_ = store.SetLastMember(m.Number)
		return ChosenMsg{Member: m}
	}
}

// addMember saves a new member and makes them the one taking the course.
func addMember(store Records, nm progress.NewMember) tea.Cmd {
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
