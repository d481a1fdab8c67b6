package linear

import (
	"errors"
	"fmt"
	"strings"

	"course/internal/coursework"
	"course/internal/record"
	"course/internal/safetext"
)

// chooseMember asks who is taking the course, or registers them.
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
		last, _ := s.store.LastMember()
		lines := []string{"", "Who is taking the course?"}
		for i, m := range members {
			label := fmt.Sprintf("%d. %s", i+1, safetext.Inert(m.Name))
			if m.Ward != "" {
				label += ", " + safetext.Inert(m.Ward)
			}
			if m.Number == last {
				label += " (last to use the course)"
			}
			lines = append(lines, label)
		}
		lines = append(lines, fmt.Sprintf("%d. Someone else: register", len(members)+1))
		s.say(lines...)
		for {
			a, err := s.ask(fmt.Sprintf("Type the number of your name, or %d to register, or help.", len(members)+1))
			if err != nil {
				return err
			}
			if strings.EqualFold(a, "help") {
				s.say("Type the number before your name and press enter. If your name is not listed, type " +
					fmt.Sprint(len(members)+1) + " to register. Type quit to stop.")
				continue
			}
			i, ok := number(a, len(members)+1)
			switch {
			case !ok && a == "":
				s.say(fmt.Sprintf("Type a number from 1 to %d, then press enter.", len(members)+1))
				continue
			case !ok:
				s.say(fmt.Sprintf("%s is not on the list. Type a number from 1 to %d.", safetext.Inert(a), len(members)+1))
				continue
			}
			if i <= len(members) {
				return s.start(members[i-1])
			}
			m, ok, err := s.register()
			if err != nil {
				return err
			}
			if ok {
				return s.start(m)
			}
			break // back to the list
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
