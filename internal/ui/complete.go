package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/certificate"
	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/safetext"
	"course/internal/textwrap"
	"course/internal/ui/cells"
	"course/internal/ui/widgets"
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
	// vp scrolls the certificate and what is said under it, which a
	// small window cannot show at once.
	vp viewport.Model
}

func newComplete(c *common) completeModel {
	k := c.keys
	vp := widgets.NewViewport()
	vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown}
	return completeModel{c: c, vp: vp}
}

func toComplete(root Model) (Model, tea.Cmd) {
	root, cmd := root.open(stateComplete, newComplete(root.c))
	return root, tea.Batch(cmd, loadProgress(root.c))
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
		case key.Matches(msg, m.c.keys.Top):
			m.vp = m.fitted()
			m.vp.GotoTop()
			return m, nil, nil
		case key.Matches(msg, m.c.keys.Bottom):
			m.vp = m.fitted()
			m.vp.GotoBottom()
			return m, nil, nil
		}
	case certificateSavedMsg:
		m.saved, m.saveErr = msg.path, msg.err
		return m.showResult(resultSaved), nil, nil
	case handInResult:
		m.handIn = msg
		return m.showResult(resultHandIn), nil, nil
	}
	var cmd tea.Cmd
	m.vp = m.fitted()
	m.vp, cmd = m.vp.Update(msg)
	return m, nil, cmd
}

// What the certificate says under the card: what saving did, and what
// handing in did.
const (
	resultSaved = iota
	resultHandIn
	results
)

// showResult scrolls so that what a key did, which comes under the card,
// is in view: in a small window the card alone fills the screen.
func (m completeModel) showResult(which int) completeModel {
	body, spans := m.body()
	m.vp.SetContent(body)
	span := spans[which]
	top, bottom, height := span[0], span[1], m.vp.Height()
	switch {
	case bottom-top > height || top < m.vp.YOffset():
		m.vp.SetYOffset(top)
	case bottom > m.vp.YOffset()+height:
		m.vp.SetYOffset(bottom - height)
	}
	return m
}

// fitted is the scrolling area holding the screen as it now reads: the
// member's record can arrive after the screen opens.
func (m completeModel) fitted() viewport.Model {
	body, _ := m.body()
	vp := m.vp
	vp.SetContent(body)
	return vp
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
	body, _ := m.body()
	vp := m.vp
	vp.SetContent(body)
	// The lines in view as they are, not padded to the window as the
	// viewport draws them.
	lines := strings.Split(body, "\n")
	top := min(vp.YOffset(), len(lines))
	shown := strings.Join(lines[top:min(top+vp.Height(), len(lines))], "\n")
	if more := widgets.More(vp, m.c.styles.subtle); more != "" {
		return cells.Fit(shown, m.c.width, vp.Height()) + "\n" + more
	}
	return shown
}

// body is the screen's text, and the lines where what saving did and
// what handing in did begin and end (see showResult).
func (m completeModel) body() (string, [results][2]int) {
	c := m.c
	s := c.styles
	p := c.standing.Progress
	var spans [results][2]int
	if p.Status != progress.Passed {
		return s.title.Render("Course not complete yet") + "\n\n" +
			cells.Wrap("Pass every module's quiz to complete the course. Press esc to see your modules.", c.textWidth()), spans
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
	// What saving did comes straight under the card, and the screen
	// scrolls to it when it is said (showResult).
	view := card + "\n\n"
	span := func(which int, from string) {
		spans[which] = [2]int{strings.Count(from, "\n"), strings.Count(strings.TrimRight(view, "\n"), "\n") + 1}
	}
	before := view
	switch {
	case m.saved != "":
		view += s.good.Render("Saved as a PDF:") + "\n" + textwrap.Path(safetext.Inert(m.saved), c.textWidth()) + "\n\n"
	case m.saveErr != nil:
		view += s.bad.Render(cells.Wrap("The certificate could not be saved: "+safetext.Inert(m.saveErr.Error())+".", c.textWidth())) + "\n\n"
	case m.canSave():
		view += cells.Wrap("Press s to save the certificate as a PDF you can keep, print or send.", c.textWidth()) + "\n\n"
	case c.certificateFolder == nil && c.standing.Complete():
		// Over SSH a file saved here would be on the server, not with
		// the member.
		view += cells.Wrap("For a PDF of this certificate to keep, print or send, ask the monitoring officer: they can make one from the records.", c.textWidth()) + "\n\n"
	}
	span(resultSaved, before)
	if c.handIn != nil {
		before = view
		view += m.handIn.view(c, "Press h to hand in: "+coursework.HandInWhy+".") + "\n\n"
		span(resultHandIn, before)
	}
	return view + s.subtle.Render(cells.Wrap(note, c.textWidth())), spans
}

// resize fits the screen to the window: all of it but the help line and
// a line that says when there is more to scroll to.
func (m completeModel) resize() (screen, tea.Cmd) {
	m.vp.SetWidth(m.c.width)
	m.vp.SetHeight(max(m.c.bodyHeight()-1, 1))
	m.vp = m.fitted()
	return m, nil
}

func (m completeModel) globals() globalKeys { return allGlobals }

func (m completeModel) bindings() bindings {
	k := m.c.keys
	back := withHelp(k.Back, "esc/enter", "modules")
	save := k.Save
	save.SetEnabled(m.canSave())
	handIn := k.HandIn
	handIn.SetEnabled(m.c.handIn != nil)
	vp := m.fitted()
	scroll := key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓/PgUp/PgDn", "scroll"))
	scroll.SetEnabled(!vp.AtTop() || !vp.AtBottom())
	return bindings{short: []key.Binding{save, handIn, back, k.Search, scroll, k.Help, k.Quit}}
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
		view := s.good.Render("Saved your hand-in:") + "\n" + textwrap.Path(safetext.Inert(r.Path), w) + "\n"
		if r.Holds != "" {
			view += cells.Wrap(r.Holds, w) + "\n"
		}
		return view + cells.Wrap(coursework.SendHandIn(c.course), w)
	case r.err != nil:
		return s.bad.Render(cells.Wrap("Your records could not be handed in: "+strings.TrimSuffix(safetext.Inert(r.err.Error()), ".")+".", w))
	}
	return cells.Wrap(offer, w)
}
