package linear

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"course/internal/coursework"
	"course/internal/find"
	"course/internal/record"
	"course/internal/safetext"
)

// listAll is the most members the choice lists at once: past it, a
// screen reader's user would hear every name before their own, so they
// type their name instead (or list, to hear them all).
const listAll = 8

// listFound is the most members a name typed lists; past it, more of the
// name is asked for.
const listFound = 10

// chooseMember asks who is taking the course, or registers them. A member
// is chosen by typing their name or part of it (found as the full-screen
// course finds it), or the number before it; enter carries on as the last
// member to use the course, or the one member a name found.
func (s *session) chooseMember() error {
	for {
		members, err := coursework.ActiveMembers(s.store)
		if err != nil {
			return err
		}
		if len(members) == 0 {
			s.say("", "Nobody has registered on this computer yet.")
			m, ok, err := s.register()
			if err != nil {
				return err
			}
			if ok {
				return s.start(m)
			}
			continue
		}
		m, err := s.pickMember(members)
		if err != nil {
			return err
		}
		if m != nil {
			return s.start(*m)
		}
		reg, ok, err := s.register()
		if err != nil {
			return err
		}
		if ok {
			return s.start(reg)
		}
	}
}

// pickMember asks which of members is taking the course: nil when they
// chose to register.
func (s *session) pickMember(members []record.Member) (*record.Member, error) {
	labels := make([]string, len(members))
	offer := -1 // whom enter carries on as
	last, _ := s.store.LastMember()
	for i, m := range members {
		labels[i] = safetext.Inert(m.Name)
		if m.Ward != "" {
			labels[i] += ", " + safetext.Inert(m.Ward)
		}
		if m.Number == last {
			offer = i
		}
	}
	register := len(members) + 1
	finder := find.New(labels)
	listed := func(rows []int) []string {
		var lines []string
		for _, i := range rows {
			l := fmt.Sprintf("%d. %s", i+1, labels[i])
			if members[i].Number == last {
				l += " (last to use the course)"
			}
			lines = append(lines, l)
		}
		return lines
	}
	everyone := func() {
		lines := append([]string{"", "Who is taking the course?"}, listed(finder.Find(""))...)
		s.say(append(lines, fmt.Sprintf("%d. Someone else: register", register))...)
	}
	if len(members) <= listAll {
		everyone()
	} else {
		s.say("", fmt.Sprintf("Who is taking the course? %d members are on the record: type your name, or part of it, to find yours.", len(members)))
	}
	for {
		prompt := "Type your name or part of it, or list to hear every name, or register, or help."
		if len(members) <= listAll {
			prompt = fmt.Sprintf("Type the number before your name, or your name, or %d to register, or help.", register)
		}
		if offer >= 0 {
			prompt = "Press enter to carry on as " + safetext.Inert(members[offer].Name) + ", or type your name or part of it, or register, or help."
		}
		a, err := s.ask(prompt)
		if err != nil {
			return nil, err
		}
		if i, ok := number(a, register); ok {
			if i == register {
				return nil, nil
			}
			return &members[i-1], nil
		}
		switch strings.ToLower(a) {
		case "":
			if offer >= 0 {
				return &members[offer], nil
			}
			s.say("Type your name, or part of it, or the number before it, then press enter.")
			continue
		case "help", "?":
			s.say("To choose yourself, type your name or part of it, such as your first name, and press enter; accents can be left out. If one member has it, press enter to carry on as them. If several have it, type the number before yours.",
				"list: hear every name on the record, with its number.",
				fmt.Sprintf("register, or %d: you are not on the record yet.", register),
				"quit: stop.")
			continue
		case "list", "names", "everyone":
			everyone()
			continue
		case "register", "someone else", "new":
			return nil, nil
		}
		found := finder.Find(a)
		switch {
		case len(found) == 0:
			if _, err := strconv.Atoi(a); err == nil {
				s.say(fmt.Sprintf("There is no member %s on the list: type a number from 1 to %d, or your name.", safetext.Inert(a), register))
			} else {
				s.say(fmt.Sprintf("No member on the record is called %s. Type your name another way, or list to hear every name, or register if you are new.", safetext.Inert(a)))
			}
		case len(found) == 1:
			offer = found[0]
			s.say("Found " + labels[offer] + ".")
		case len(found) > listFound:
			s.say(fmt.Sprintf("%d members are found by %s. Type more of your name.", len(found), safetext.Inert(a)))
		default:
			lines := []string{fmt.Sprintf("%d members are found by %s. Type the number before your name:", len(found), safetext.Inert(a))}
			s.say(append(lines, listed(found)...)...)
		}
	}
}

// field asks for one registration field until check accepts it.
func (s *session) field(prompt string, check func(string) string) (string, error) {
	for {
		a, err := s.ask(prompt)
		if err != nil {
			return "", err
		}
		if strings.EqualFold(a, "help") {
			s.say("Type your answer and press enter. Type cancel to go back to the list of members, or quit to stop.")
			continue
		}
		if problem := check(a); problem != "" {
			s.say(problem)
			continue
		}
		return a, nil
	}
}

// errCancelled says the member typed cancel while registering.
var errCancelled = errors.New("cancelled")

// register asks for a new member's details one at a time and saves them.
// ok is false when they cancel.
func (s *session) register() (m record.Member, ok bool, err error) {
	s.say("", "Register.", "Your name is kept on this computer's record file so that the monitoring officer can see you took part. Only your name is required. Type cancel at any question to go back.")
	m, err = s.registerFields()
	if errors.Is(err, errCancelled) {
		return record.Member{}, false, nil
	}
	return m, err == nil, err
}

func (s *session) registerFields() (record.Member, error) {
	cancel := func(a string) bool { return strings.EqualFold(a, "cancel") }
	var nm record.NewMember
	var cancelled bool
	// Each answer is checked by the same rules the store applies, so a
	// problem is told at the question it belongs to.
	checkWith := func(set func(string)) func(string) string {
		return func(a string) string {
			if cancel(a) {
				cancelled = true
				return ""
			}
			set(a)
			if _, err := nm.Check(); err != nil && errors.Is(err, record.ErrInvalid) {
				set("")
				return coursework.Sentence(record.Reason(err)) + ". Type it again."
			}
			return ""
		}
	}
	steps := []struct {
		prompt string
		check  func(string) string
	}{
		{"Your full name (required). Type it and press enter.", func(a string) string {
			if cancel(a) {
				cancelled = true
				return ""
			}
			if a == "" {
				return coursework.NameRequired
			}
			return checkWith(func(v string) { nm.Name = v })(a)
		}},
		{"Your email (optional). Type it, or press enter to leave it out.", checkWith(func(v string) { nm.Email = v })},
		{"Your ward (optional). Type it, or press enter to leave it out.", checkWith(func(v string) { nm.Ward = v })},
		{"Your role: type 1 for councillor or 2 for co-opted member. Press enter for councillor.", func(a string) string {
			switch {
			case cancel(a):
				cancelled = true
			case a == "" || a == "1" || strings.EqualFold(a, "councillor"):
				nm.Role = "councillor"
			case a == "2" || strings.EqualFold(a, "co-opted"):
				nm.Role = "co-opted"
			default:
				return "Type 1 for councillor or 2 for co-opted member."
			}
			return ""
		}},
		{"The date you were elected or co-opted (optional), such as 04/05/2023. Type it, or press enter to leave it out.", func(a string) string {
			if cancel(a) {
				cancelled = true
				return ""
			}
			if a == "" {
				return ""
			}
			elected, problem, _ := coursework.Elected(a, s.now())
			if problem != "" {
				return problem + ". Type it again, or press enter to leave it out."
			}
			nm.Elected = elected
			return ""
		}},
	}
	for _, st := range steps {
		if _, err := s.field(st.prompt, st.check); err != nil {
			return record.Member{}, err
		}
		if cancelled {
			return record.Member{}, errCancelled
		}
	}
	m, err := s.store.AddMember(nm)
	if err == nil {
		s.say("Registered. Your member number is " + m.Number + ".")
		return m, nil
	}
	if dup, ok := errors.AsType[*record.DuplicateMemberError](err); ok {
		e := dup.Existing
		who := safetext.Inert(e.Name)
		if e.Ward != "" {
			who += " of " + safetext.Inert(e.Ward)
		}
		s.say(who + " is already on the record (member " + e.Number + ").")
		for {
			a, err := s.ask("If that is you, type yes to carry on as " + safetext.Inert(e.Name) + ". If you are someone else, type no and register again with your own email or ward.")
			if err != nil {
				return record.Member{}, err
			}
			switch strings.ToLower(a) {
			case "yes", "y":
				return e, nil
			case "no", "n", "cancel":
				return record.Member{}, errCancelled
			}
			s.say("Type yes or no.")
		}
	}
	if errors.Is(err, record.ErrInvalid) {
		s.say("Could not register: " + coursework.Sentence(record.Reason(err)) + ". Nothing was saved; register again.")
		return record.Member{}, errCancelled
	}
	return record.Member{}, fmt.Errorf("could not register: %w", err)
}
