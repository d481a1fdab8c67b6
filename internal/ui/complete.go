package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/certificate"
	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/safetext"
	"course/internal/ui/cells"
)

// completeModel is the course-complete certificate.
type completeModel struct {
	c *common
	// saved is where the certificate was last saved as a PDF, or saveErr
	// why it could not be.
	saved   string
	saveErr error
	// handIn is what handing in did.
	handIn handInResult
}

func newComplete(c *common) completeModel { return completeModel{c: c} }

func toComplete(root Model) (Model, tea.Cmd) {
	root.state = stateComplete
	root.screens[stateComplete] = newComplete(root.c)
	return root, loadProgress(root.c)
}

// certificateSavedMsg says where the certificate's PDF was saved, or why it
// could not be.
type certificateSavedMsg struct {
	path string
	err  error
}

func (m completeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.c.keys.Back, m.c.keys.Choose):
			return m, toHomeAgain, nil
		case key.Matches(msg, m.c.keys.Save) && m.canSave():
			m.saved, m.saveErr = "", nil
			return m, nil, saveCertificate(m.c)
		case key.Matches(msg, m.c.keys.HandIn) && m.c.handIn != nil:
			m.handIn = handInResult{}
			return m, nil, handIn(m.c)
		}
	case certificateSavedMsg:
		m.saved, m.saveErr = msg.path, msg.err
	case handInResult:
		m.handIn = msg
	}
	return m, nil, nil
}

// canSave says whether the certificate can be saved as a PDF here.
func (m completeModel) canSave() bool {
	return m.c.certificateFolder != nil && m.c.standing.Complete()
}

// saveCertificate writes the member's certificate as a PDF to the folder
// Options.CertificateFolder names.
func saveCertificate(c *common) tea.Cmd {
	member, events, course, folder, now := c.member, c.standing.Events, c.course, c.certificateFolder, c.now()
	return func() tea.Msg {
		cert, err := certificate.New(member, events, course, time.Local)
		if err != nil {
			return certificateSavedMsg{err: err}
		}
		dir, err := folder()
		if err != nil {
			return certificateSavedMsg{err: err}
		}
		path, err := cert.Save(dir, now)
		return certificateSavedMsg{path: path, err: err}
	}
}

func (m completeModel) view() string {
	c := m.c
	s := c.styles
	p := c.standing.Progress
	if p.Status != progress.Passed {
		return s.title.Render("Course not complete yet") + "\n\n" +
			cells.Wrap("Pass every module's quiz to complete the course. Press esc to see your modules.", c.textWidth())
	}
	w := min(c.width-4, 64)
	inner := w - s.box.GetHorizontalFrameSize()
	// A name or title that fits on a line is kept on one.
	hold := func(v string) string {
		if ansi.StringWidth(v) <= inner {
			return strings.ReplaceAll(v, " ", cells.Nbsp)
		}
		return v
	}
	wording := safetext.InertLines(c.course.Certificate(c.standing.CertificateDate(c.course), hold))
	lines := []string{
		s.good.Render("✓ Course complete"),
		"",
		s.heading.Render(safetext.Inert(c.member.Name)),
		wording,
		"",
		"Verification code: " + s.title.Render(c.standing.VerificationCode(c.course)),
	}
	card := cells.Wrap(strings.Join(lines, "\n"), inner)
	card = s.box.Width(w).Render(strings.ReplaceAll(card, cells.Nbsp, " "))
	note := "The verification code lets the monitoring officer confirm this certificate against the council's records. " +
		"Your record is kept; you can come back to any module at any time."
	if advice := coursework.AdviceLine(c.course); advice != "" {
		note += "\n\n" + advice
	}
	// What saving did comes straight under the card, where a small window
	// still shows it.
	view := card + "\n\n"
	switch {
	case m.saved != "":
		view += s.good.Render("Saved as a PDF:") + "\n" + cells.Path(safetext.Inert(m.saved), c.textWidth()) + "\n\n"
	case m.saveErr != nil:
		view += s.bad.Render(cells.Wrap("The certificate could not be saved: "+safetext.Inert(m.saveErr.Error())+".", c.textWidth())) + "\n\n"
	case m.canSave():
		view += cells.Wrap("Press s to save the certificate as a PDF you can keep, print or send.", c.textWidth()) + "\n\n"
	case c.certificateFolder == nil && c.standing.Complete():
		// Over SSH a file saved here would be on the server, not with
		// the member.
		view += cells.Wrap("For a PDF of this certificate to keep, print or send, ask the monitoring officer: they can make one from the records.", c.textWidth()) + "\n\n"
	}
	if c.handIn != nil {
		view += m.handIn.view(c, "Press h to hand in: "+coursework.HandInWhy+".") + "\n\n"
	}
	return view + s.subtle.Render(cells.Wrap(note, c.textWidth()))
}

func (m completeModel) resize() (screen, tea.Cmd) { return m, nil }
func (m completeModel) globals() globalKeys       { return allGlobals }

func (m completeModel) bindings() bindings {
	k := m.c.keys
	back := withHelp(k.Back, "esc/enter", "modules")
	save := k.Save
	save.SetEnabled(m.canSave())
	handIn := k.HandIn
	handIn.SetEnabled(m.c.handIn != nil)
	return bindings{short: []key.Binding{save, handIn, back, k.Help, k.Quit}}
}

// handInResult is what handing in did: where the file was saved, or why
// it could not be. The zero value is nothing done yet.
type handInResult struct {
	coursework.HandedIn
	err error
}

// handIn saves the member's hand-in where Options.HandIn puts it.
func handIn(c *common) tea.Cmd {
	member, save := c.member.Number, c.handIn
	return func() tea.Msg {
		done, err := save(member)
		return handInResult{HandedIn: done, err: err}
	}
}

// view says what handing in did, or offers it.
func (r handInResult) view(c *common, offer string) string {
	s, w := c.styles, c.textWidth()
	switch {
	case r.Path != "":
		view := s.good.Render("Saved your hand-in:") + "\n" + cells.Path(safetext.Inert(r.Path), w) + "\n"
		if r.Holds != "" {
			view += cells.Wrap(r.Holds, w) + "\n"
		}
		return view + cells.Wrap(coursework.SendHandIn(c.course), w)
	case r.err != nil:
		return s.bad.Render(cells.Wrap("Your records could not be handed in: "+strings.TrimSuffix(safetext.Inert(r.err.Error()), ".")+".", w))
	}
	return cells.Wrap(offer, w)
}
