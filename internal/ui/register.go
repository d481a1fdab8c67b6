package ui

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"course/internal/dates"
	"course/internal/record"
)

// Fields of the registration form, in order.
const (
	fieldName = iota
	fieldEmail
	fieldWard
	fieldRole
	fieldElected
	fieldCount
)

var fieldLabels = [fieldCount]string{"Name", "Email", "Ward", "Role", "Date elected or co-opted"}

var roles = []string{"councillor", "co-opted"}

// registerModel is the form for a new member.
type registerModel struct {
	c      *common
	inputs [fieldCount]textinput.Model // fieldRole's input is unused
	role   int
	field  int
	err    string
	saving bool
	// already is who the record holds with the details typed, when the
	// record refused them as a second registration; the form then offers
	// to continue as them.
	already *record.DuplicateMemberError
}

func newRegister(c *common) registerModel {
	m := registerModel{c: c}
	// Placeholders are in brackets, so that without colour they cannot be
	// taken for something typed.
	placeholders := [fieldCount]string{"(your full name: required)", "(optional)", "(optional)", "", "(optional, e.g. 04/05/2023)"}
	for i := range m.inputs {
		m.inputs[i] = newTextInput("", placeholders[i], 200)
	}
	return m
}

func (m registerModel) resize() (screen, tea.Cmd) {
	w := max(min(m.c.width, 80)-30, 20)
	for i := range m.inputs {
		m.inputs[i].SetWidth(w)
	}
	return m, nil
}

func (m registerModel) globals() globalKeys { return typing }

// focus puts the cursor in the current field.
func (m *registerModel) focus() tea.Cmd {
	for i := range m.inputs {
		m.inputs[i].Blur()
	}
	if m.field == fieldRole {
		return nil
	}
	return m.inputs[m.field].Focus()
}

func (m registerModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case memberChosenMsg:
		return m, toHome(msg.member), nil
	case registerFailedMsg:
		m.saving = false
		m.err = "Could not register: " + msg.err.Error()
		if errors.Is(msg.err, record.ErrInvalid) {
			m.err = sentence(record.Reason(msg.err)) + "."
		}
		if dup, ok := errors.AsType[*record.DuplicateMemberError](msg.err); ok {
			m.err, m.already = "", dup
		}
		return m, nil, nil
	case tea.KeyPressMsg:
		if m.saving {
			return m, nil, nil
		}
		if m.already != nil {
			switch msg.String() {
			case "enter":
				return m, nil, chooseMember(m.c.store, m.already.Existing)
			case "esc":
				m.already = nil
				return m, nil, m.focus()
			}
			return m, nil, nil
		}
		// Only keys that cannot be typed move between fields, so a name
		// with a j or a q in it can be entered.
		switch msg.String() {
		case "esc":
			return m, toWelcome, nil
		case "tab", "down":
			m.field = (m.field + 1) % fieldCount
			return m, nil, m.focus()
		case "shift+tab", "up":
			m.field = (m.field + fieldCount - 1) % fieldCount
			return m, nil, m.focus()
		case "enter":
			if m.field < fieldCount-1 {
				m.field++
				return m, nil, m.focus()
			}
			return m.submit()
		}
		if m.field == fieldRole {
			switch msg.String() {
			case "left", "right", "space":
				m.role = 1 - m.role
			}
			return m, nil, nil
		}
		m.err = ""
	}
	if m.field == fieldRole {
		return m, nil, nil
	}
	var cmd tea.Cmd
	m.inputs[m.field], cmd = m.inputs[m.field].Update(msg)
	return m, nil, cmd
}

func (m registerModel) submit() (registerModel, transition, tea.Cmd) {
	nm := record.NewMember{
		Name:  strings.TrimSpace(m.inputs[fieldName].Value()),
		Email: strings.TrimSpace(m.inputs[fieldEmail].Value()),
		Ward:  strings.TrimSpace(m.inputs[fieldWard].Value()),
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
		problem(fieldName, "Please type your name: it is how the monitoring officer finds your record.")
	}
	if nm.Name != "" {
		if _, err := nm.Check(); err != nil {
			field := fieldName
			if ie, ok := errors.AsType[*record.InvalidError](err); ok && ie.Field == "email" {
				field = fieldEmail
			} else if ok && ie.Field == "ward" {
				field = fieldWard
			}
			problem(field, sentence(record.Reason(err))+".")
		}
	}
	if typed := strings.TrimSpace(m.inputs[fieldElected].Value()); typed != "" {
		elected, err := dates.Parse(typed)
		if err == nil {
			err = record.CheckElected(elected, m.c.now())
		}
		switch {
		case errors.Is(err, record.ErrInvalid):
			problem(fieldElected, sentence(record.Reason(err))+".")
		case err != nil:
			problem(fieldElected, "Date elected: "+err.Error()+". Correct it, or leave it empty.")
		}
		nm.Elected = elected
	}
	if len(problems) > 0 {
		m.err, m.field = strings.Join(problems, "\n"), first
		return m, nil, m.focus()
	}
	m.saving, m.err = true, ""
	return m, nil, addMember(m.c.store, nm)
}

// sentence starts text with a capital letter.
func sentence(text string) string {
	if text == "" {
		return text
	}
	r, n := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[n:]
}

func toWelcome(root Model) (Model, tea.Cmd) {
	root, _ = root.open(stateWelcome, newWelcome(root.c))
	return root, loadMembers(root.c.store)
}

func (m registerModel) view() string {
	c := m.c
	s := c.styles
	var b strings.Builder
	b.WriteString(s.title.Render("Register") + "\n")
	b.WriteString(wrap("Your name is kept on this computer's record file so that the monitoring officer can see you took part. Only your name is required.", c.textWidth()) + "\n\n")
	for i := range fieldCount {
		b.WriteString(padRight(s.row(fieldLabels[i], i == m.field), 28))
		if i == fieldRole {
			for j, r := range roles {
				if j == m.role {
					b.WriteString(s.selected.Render("(•) " + r))
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
		b.WriteString(wrap(m.alreadyText(), c.textWidth()))
	case m.saving:
		b.WriteString(s.subtle.Render("Saving…"))
	case m.err != "":
		b.WriteString(s.bad.Render(wrap(m.err, c.textWidth())))
	default:
		b.WriteString(s.subtle.Render("Press enter on the last field to register."))
	}
	return b.String()
}

// alreadyText says who is already on the record and what the member can do.
func (m registerModel) alreadyText() string {
	e := m.already.Existing
	who := inert(e.Name)
	if e.Ward != "" {
		who += " of " + inert(e.Ward)
	}
	what := "with this name"
	if m.already.ByEmail {
		what = "with this email"
	} else if strings.TrimSpace(m.inputs[fieldWard].Value()) != "" {
		what = "with this name and ward"
	}
	other := "press esc and add your email or ward so that the record can tell you apart."
	if m.already.ByEmail {
		other = "press esc and give your own email."
	}
	return who + " is already on the record " + what + " (member " + e.Number + "). " +
		"If that is you, press enter to carry on as " + inert(e.Name) + ". If you are someone else, " + other
}

func (m registerModel) bindings() bindings {
	k := m.c.keys
	if m.already != nil {
		carryOn := withHelp(k.Choose, "enter", "carry on as "+truncate(inert(m.already.Existing.Name), 24))
		change := withHelp(k.Back, "esc", "change my details")
		quit := withHelp(k.Quit, "ctrl+c", "quit")
		return bindings{short: []key.Binding{carryOn, change, quit}, full: [][]key.Binding{{carryOn, change}, {quit}}}
	}
	next := withHelp(k.Next, "tab/↓", "next")
	prev := withHelp(k.Prev, "↑", "previous")
	submit := withHelp(k.Choose, "enter", "next/register")
	if m.field == fieldCount-1 {
		submit.SetHelp("enter", "register")
	}
	back := withHelp(k.Back, "esc", "cancel")
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	short := []key.Binding{next, prev, submit, back, quit}
	if m.field == fieldRole {
		toggle := withHelp(k.Toggle, "←/→", "change")
		short = []key.Binding{toggle, next, prev, submit, back, quit}
	}
	return bindings{short: short, full: [][]key.Binding{{next, prev, submit}, {back, quit}}}
}
