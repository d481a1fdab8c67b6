package enrol

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/ui/cells"
)

// CodeOptions configure the screen shown to someone whose key the course
// does not know yet.
type CodeOptions struct {
	Course *modules.Course
	// Dark sets the starting colour scheme until the terminal reports its
	// background.
	Dark bool
	// Styles gives the styles for a dark or light background.
	Styles func(dark bool) Styles
	Keys   KeyMap
	Input  NewInput
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
	// Open is the course for the member enrolled, in the colours the
	// terminal reported; it is shown in place of this screen.
	Open func(member record.Member, dark bool) tea.Model
}

// Code asks for an enrolment code, and becomes the course once the code
// is accepted.
type Code struct {
	o       CodeOptions
	styles  Styles
	help    help.Model
	input   textinput.Model
	width   int
	height  int
	problem string
	busy    bool
	// submitted is the code being checked: what is typed meanwhile is kept.
	submitted string
	// enrolled is the member the code belonged to, once it is accepted:
	// the screen says who they are now, and a key opens their course.
	enrolled *record.Member
}

// enrolledMsg says the code was accepted (member set) or refused (err).
type enrolledMsg struct {
	member record.Member
	err    error
}

// NewCode is the first screen for a key the course does not know: it says
// how to enrol and takes the code from the member's letter.
func NewCode(o CodeOptions) Code {
	m := Code{o: o, styles: o.Styles(o.Dark), help: help.New()}
	m.help.Styles = m.styles.Help
	m.input = o.Input("Code: ", "(for example ABCD-EFGH-JKMN)", 40)
	m.input.SetWidth(30)
	if o.Fingerprint != "" {
		m.input.Focus() // the cursor does not blink, so there is nothing to start
	}
	return m
}

func (m Code) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (m Code) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.o.Dark = msg.IsDark()
		m.styles = m.o.Styles(msg.IsDark())
		m.help.Styles = m.styles.Help
		return m, nil
	case enrolledMsg:
		m.busy = false
		if msg.err != nil {
			m.problem = msg.err.Error()
			if m.input.Value() == m.submitted {
				m.input.SetValue("")
			}
			return m, nil
		}
		m.enrolled = &msg.member
		return m, nil
	case tea.KeyPressMsg:
		switch {
		case msg.String() == "ctrl+c":
			return m, tea.Quit
		case m.enrolled != nil:
			return m.course()
		case key.Matches(msg, m.o.Keys.Back):
			return m, tea.Quit
		case m.o.Fingerprint == "" && key.Matches(msg, m.o.Keys.Quit):
			return m, tea.Quit
		case m.o.Fingerprint == "":
			return m, nil
		case msg.String() == "enter" && m.busy:
			return m, nil
		case msg.String() == "enter":
			code := strings.TrimSpace(m.input.Value())
			if code == "" {
				m.problem = "Type the code from your letter or email first."
				return m, nil
			}
			m.busy, m.problem, m.submitted = true, "", m.input.Value()
			redeem := m.o.Redeem
			return m, func() tea.Msg {
				member, err := redeem(code)
				return enrolledMsg{member, err}
			}
		}
	}
	if _, typing := msg.(tea.KeyPressMsg); typing && !m.busy {
		m.problem = "" // the last code's problem, not this one's
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// course is the course itself, for the member just enrolled, sized for
// this window.
func (m Code) course() (tea.Model, tea.Cmd) {
	course := m.o.Open(*m.enrolled, m.o.Dark)
	next, cmd := course.Update(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	return next, tea.Batch(course.Init(), cmd)
}

func (m Code) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = safetext.Inert(m.o.Course.Title)
	return v
}

// askForCode says whom to ask for an enrolment code.
func askForCode(c *modules.Course) string {
	if who := c.ConnectList(); who != "" {
		return "Ask for one: " + safetext.Inert(who) + "."
	}
	return "Ask " + safetext.Inert(c.Council) + " for one."
}

// NoKeyHelp is what a member whose computer offered no SSH key is told,
// paragraph by paragraph: how to make a key, and whom to ask for a code.
// The server says it as plain text; the enrolment screen shows it too.
func NoKeyHelp(c *modules.Course) []string {
	return []string{
		"Your computer did not offer an SSH key, and the course knows you by your key. To make one, open a new window and type:",
		"  ssh-keygen -t ed25519",
		"Press enter at each question (a passphrase is optional but protects the key). Then connect again the same way as now, and type the enrolment code from your letter or email. No code? " + askForCode(c),
	}
}

func (m Code) render() string {
	if m.width == 0 {
		return ""
	}
	s, c := m.styles, m.o.Course
	wrap := cells.Wrap
	w := max(min(m.width, 80)-2, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render(cells.BreakLines(safetext.Inert(c.Title), w)) + "\n\n")
	ask := askForCode(c)
	var keys []key.Binding
	switch {
	case m.enrolled != nil:
		b.WriteString(m.enrolledText(w))
		keys = []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("any key", "start the course")),
			key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		}
	case m.o.Fingerprint == "":
		for _, para := range NoKeyHelp(c) {
			b.WriteString(wrap(para, w) + "\n\n")
		}
		keys = []key.Binding{withHelp(m.o.Keys.Quit, "q/esc", "quit")}
	default:
		b.WriteString(wrap("This computer's key is not enrolled for the course yet. Type the enrolment code from your letter or email, then press enter. You only do this once on each computer.", w) + "\n\n")
		b.WriteString(m.input.View() + "\n")
		switch {
		case m.busy:
			b.WriteString(s.Subtle.Render("Checking the code…") + "\n")
		case m.problem != "":
			b.WriteString(s.Bad.Render(cells.BreakLines(m.problem, w)) + "\n")
		default:
			b.WriteString("\n")
		}
		b.WriteString("\n" + wrap("No code? "+ask+" Or send them your public key, the file id_ed25519.pub in the .ssh folder of your home folder, so that they can enrol it for you. Its fingerprint, for them to check:", w) + "\n")
		b.WriteString("  " + safetext.Inert(m.o.Fingerprint) + "\n")
		keys = []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "enrol")),
			withHelp(m.o.Keys.Back, "esc", "quit"),
		}
	}
	footer := m.help.ShortHelpView(keys)
	body := cells.Fit(b.String(), m.width, max(m.height-2, 1))
	return body + "\n\n" + footer
}

// enrolledText says who the member is now known as, and how they come
// back; what matters most comes first, for a small window.
func (m Code) enrolledText(w int) string {
	s, inert, wrap := m.styles, safetext.Inert, cells.Wrap
	name := s.Heading.Render(inert(m.enrolled.Name))
	var b strings.Builder
	b.WriteString(wrap(s.Good.Render("✓ Enrolled.")+" The course knows you as "+name+" (member "+inert(m.enrolled.Number)+").", w) + "\n\n")
	if m.o.Connect != "" {
		b.WriteString(wrap("Next time, type just this, with no code, and your course opens where you left off:", w) + "\n\n")
		b.WriteString("  " + inert(m.o.Connect) + "\n\n")
	} else {
		b.WriteString(wrap("Next time, connect the same way as now, with no code, and your course opens where you left off.", w) + "\n\n")
	}
	b.WriteString(wrap("If the course has the wrong name for you, tell whoever sent you the code.", w) + "\n\n")
	b.WriteString(wrap("Press any key to start the course.", w) + "\n")
	return b.String()
}
