package enrol

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/ui/cells"
)

// Fields of the registration form, in order.
const (
	FieldName = iota
	FieldEmail
	FieldWard
	FieldRole
	FieldElected
	fieldCount
)

var fieldLabels = [fieldCount]string{"Name", "Email", "Ward", "Role", "Date elected or co-opted"}

var roles = []string{"councillor", "co-opted"}

// Register is the form for a new member.
type Register struct {
	keys   KeyMap
	styles Styles
	width  int
	now    func() time.Time
	store  Records
	inputs [fieldCount]textinput.Model // FieldRole's input is unused
	role   int
	field  int
	err    string
	saving bool
	// already is who the record holds with the details typed, when the
	// record refused them as a second registration; the form then offers
	// to continue as them.
	already *record.DuplicateMemberError
}

// NewRegister is an empty form, which registers the member in store. now
// is the clock that dates of election are checked against.
func NewRegister(keys KeyMap, input NewInput, now func() time.Time, store Records) Register {
	m := Register{keys: keys, now: now, store: store}
	// Placeholders are in brackets, so that without colour they cannot be
	// taken for something typed.
	placeholders := [fieldCount]string{"(your full name: required)", "(optional)", "(optional)", "", "(optional, e.g. 04/05/2023)"}
	for i := range m.inputs {
		m.inputs[i] = input("", placeholders[i], 200)
	}
	return m
}

// SetSize fits the form to a window width and its colours.
func (m Register) SetSize(width int, s Styles) Register {
	m.width, m.styles = width, s
	w := max(min(width, 80)-30, 20)
	for i := range m.inputs {
		m.inputs[i].SetWidth(w)
	}
	return m
}

// Field is the field the cursor is in.
func (m Register) Field() int { return m.field }

// Busy says the form takes no keys but ctrl+c: it is being saved, or
// it offers to carry on as the member already on the record, whose own
// keys are enter and esc.
func (m Register) Busy() bool { return m.saving || m.already != nil }

// Focus puts the cursor in the current field.
func (m *Register) Focus() tea.Cmd {
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	if m.field == FieldRole {
		return nil
	}
	return m.inputs[m.field].Focus()
}

// failed says why the record refused to register the member; when it
// already holds them, the form offers to carry on as them.
func (m Register) failed(err error) Register {
	m.saving = false
	m.err = "Could not register: " + err.Error()
	if errors.Is(err, record.ErrInvalid) {
		m.err = coursework.Sentence(record.Reason(err)) + "."
	}
	if dup, ok := errors.AsType[*record.DuplicateMemberError](err); ok {
		m.err, m.already = "", dup
	}
	return m
}

// Update moves between the fields, takes what is typed, and registers the
// member on enter in the last field (see ChosenMsg). Esc, but for the
// offer to carry on, is the screen's.
func (m Register) Update(msg tea.Msg) (Register, tea.Cmd) {
	switch msg := msg.(type) {
	case registerFailedMsg:
		return m.failed(msg.err), nil
	case tea.KeyPressMsg:
		if m.saving {
			return m, nil
		}
		if m.already != nil {
			switch msg.String() {
			case "enter":
				return m, chooseMember(m.store, m.already.Existing)
			case "esc":
				m.already = nil
				return m, m.Focus()
			}
			return m, nil
		}
		// Only keys that cannot be typed move between fields, so a name
		// with a j or a q in it can be entered.
		switch msg.String() {
		case "tab", "down":
			m.field = (m.field + 1) % fieldCount
			return m, m.Focus()
		case "shift+tab", "up":
			m.field = (m.field + fieldCount - 1) % fieldCount
			return m, m.Focus()
		case "enter":
			if m.field < fieldCount-1 {
				m.field++
				return m, m.Focus()
			}
			return m.submit()
		}
		if m.field == FieldRole {
			switch msg.String() {
			case "left", "right", "space":
				m.role = 1 - m.role
			}
			return m, nil
		}
		m.err = ""
	}
	if m.field == FieldRole {
		return m, nil
	}
	var cmd tea.Cmd
	m.inputs[m.field], cmd = m.inputs[m.field].Update(msg)
	return m, cmd
}

func (m Register) submit() (Register, tea.Cmd) {
	nm := record.NewMember{
		Name:  strings.TrimSpace(m.inputs[FieldName].Value()),
		Email: strings.TrimSpace(m.inputs[FieldEmail].Value()),
		Ward:  strings.TrimSpace(m.inputs[FieldWard].Value()),
		Role:  roles[m.role],
	}
	// Every problem at once, the cursor on the first.
	var problems []string
	first := -1
	problem := func(field int, text string) {
		problems = append(problems, text)
		if first < 0 {
			first = field
		}
	}
	if nm.Name == "" {
		problem(FieldName, coursework.NameRequired)
	}
	if nm.Name != "" {
		if _, err := nm.Check(); err != nil {
			field := FieldName
			if ie, ok := errors.AsType[*record.InvalidError](err); ok && ie.Field == "email" {
				field = FieldEmail
			} else if ok && ie.Field == "ward" {
				field = FieldWard
			}
			problem(field, coursework.Sentence(record.Reason(err))+".")
		}
	}
	if typed := strings.TrimSpace(m.inputs[FieldElected].Value()); typed != "" {
		elected, p, invalid := coursework.Elected(typed, m.now())
		switch {
		case invalid:
			problem(FieldElected, p+".")
		case p != "":
			problem(FieldElected, p+". Correct it, or leave it empty.")
		}
		nm.Elected = elected
	}
	if len(problems) > 0 {
		m.err, m.field = strings.Join(problems, "\n"), first
		return m, m.Focus()
	}
	m.saving, m.err = true, ""
	return m, addMember(m.store, nm)
}

// View draws the form and what it says about what was typed.
func (m Register) View() string {
	s, wrap, w := m.styles, cells.Wrap, min(m.width, 100)
	var b strings.Builder
	b.WriteString(s.Title.Render("Register") + "\n")
	b.WriteString(wrap("Your name is kept on this computer's record file so that the monitoring officer can see you took part. Only your name is required.", w) + "\n\n")
	for i := range fieldCount {
		b.WriteString(cells.PadRight(s.List.Row(fieldLabels[i], i == m.field), 28))
		if i == FieldRole {
			for j, r := range roles {
				if j == m.role {
					b.WriteString(s.Selected.Render("(•) " + r))
				} else {
					b.WriteString("( ) " + r)
				}
				b.WriteString("  ")
			}
		} else {
			b.WriteString(m.inputs[i].View())
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	switch {
	case m.already != nil:
		b.WriteString(wrap(m.alreadyText(), w))
	case m.saving:
		b.WriteString(s.Subtle.Render("Saving…"))
	case m.err != "":
		b.WriteString(s.Bad.Render(wrap(m.err, w)))
	default:
		b.WriteString(s.Subtle.Render("Press enter on the last field to register."))
	}
	return b.String()
}

// alreadyText says who is already on the record and what the member can do.
func (m Register) alreadyText() string {
	e := m.already.Existing
	inert := safetext.Inert
	who := inert(e.Name)
	if e.Ward != "" {
		who += " of " + inert(e.Ward)
	}
	what := "with this name"
	if m.already.ByEmail {
		what = "with this email"
	} else if strings.TrimSpace(m.inputs[FieldWard].Value()) != "" {
		what = "with this name and ward"
	}
	other := "press esc and add your email or ward so that the record can tell you apart."
	if m.already.ByEmail {
		other = "press esc and give your own email."
	}
	return who + " is already on the record " + what + " (member " + e.Number + "). " +
		"If that is you, press enter to carry on as " + inert(e.Name) + ". If you are someone else, " + other
}

// Help is the form's keys: the help line's, in order of importance, and
// the list of every key, a group to a line.
func (m Register) Help() (short []key.Binding, full [][]key.Binding) {
	k := m.keys
	if m.already != nil {
		carryOn := withHelp(k.Choose, "enter", "carry on as "+cells.Truncate(safetext.Inert(m.already.Existing.Name), 24))
		change := withHelp(k.Back, "esc", "change my details")
		quit := withHelp(k.Quit, "ctrl+c", "quit")
		return []key.Binding{carryOn, change, quit}, [][]key.Binding{{carryOn, change}, {quit}}
	}
	next := withHelp(k.Next, "tab/↓", "next")
	prev := withHelp(k.Prev, "↑", "previous")
	submit := withHelp(k.Choose, "enter", "next/register")
	if m.field == fieldCount-1 {
		submit.SetHelp("enter", "register")
	}
	back := withHelp(k.Back, "esc", "cancel")
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	// enter first: a small window keeps only the first keys.
	short = []key.Binding{submit, next, prev, back, quit}
	if m.field == FieldRole {
		toggle := withHelp(k.Toggle, "←/→", "change")
		short = []key.Binding{toggle, submit, next, prev, back, quit}
	}
	return short, [][]key.Binding{{next, prev, submit}, {back, quit}}
}
