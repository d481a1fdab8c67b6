package ui

import (
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/ui/enrol"
	"course/internal/ui/widgets"
)

// EnrolOptions configure the screen shown to someone whose key the course
// does not know yet.
type EnrolOptions struct {
	// Course is what they will take once enrolled: its options are used
	// for the course (its Member is set by enrolment).
	Course Options
	// Fingerprint is their key's fingerprint ("SHA256:…"), or "" when they
	// connected without a key.
	Fingerprint string
	// Connect is the command that reaches the course, such as
	// "ssh -p 2222 course.example.gov.uk": once enrolled, they are told
	// that it opens their course next time. "" when it is not known.
	Connect string
	// Redeem binds their key to the member whose enrolment code this is.
	// Its error is shown to them as it is: it must be a sentence for them.
	// It runs in a command.
	Redeem func(code string) (record.Member, error)
}

// NewEnrolment is the first screen for a key the course does not know:
// it says how to enrol and takes the code from the member's letter, then
// becomes the member's course.
func NewEnrolment(o EnrolOptions) tea.Model {
	return enrol.NewCode(enrol.CodeOptions{
		Course: o.Course.Course, Dark: o.Course.Dark,
		Styles: func(dark bool) enrol.Styles { return newStyles(dark).enrol() },
		Keys:   defaultKeyMap().ForEnrol(), Input: widgets.NewTextInput,
		Fingerprint: o.Fingerprint, Connect: o.Connect, Redeem: o.Redeem,
		Open: func(member record.Member, dark bool) tea.Model {
			course := o.Course
			course.Member, course.Dark = &member, dark
			return New(course)
		},
	})
}

// NoKeyHelp is what a member whose computer offered no SSH key is told,
// paragraph by paragraph: how to make a key, and whom to ask for a code.
// The server says it as plain text; the enrolment screen shows it too.
func NoKeyHelp(c *modules.Course) []string { return enrol.NoKeyHelp(c) }
