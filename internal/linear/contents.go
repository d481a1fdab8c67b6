package linear

import (
	"fmt"
	"strings"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/safetext"
)

// contents is the list of modules, and where every other screen returns.
func (s *session) contents() error {
	for {
		if err := s.reload(); err != nil {
			return err
		}
		s.showContents()
		if err := s.contentsCommand(); err != nil {
			return err
		}
	}
}

// answered is how many answers the member left in mod's quiz, or 0.
func (s *session) answered(mod *modules.Module) int {
	u, _ := s.st.Unfinished(mod)
	return len(u.Answers)
}

// next is what pressing enter at the contents does, in words, and where
// it goes.
func (s *session) next() (string, coursework.Next) {
	n := s.st.Next(s.c, s.answered)
	mod := n.Module
	switch n.Step {
	case coursework.StepCertificate:
		return "see your certificate", n
	case coursework.StepResumeQuiz:
		return fmt.Sprintf("carry on with the quiz for module %d, %s (%d of %d answered)", mod.Number, safetext.Inert(mod.Title), n.Answered, len(mod.Questions)), n
	case coursework.StepRefresh:
		return fmt.Sprintf("refresh module %d, %s", mod.Number, safetext.Inert(mod.Title)), n
	case coursework.StepQuiz:
		return fmt.Sprintf("take the quiz for module %d, %s", mod.Number, safetext.Inert(mod.Title)), n
	case coursework.StepCarryOn:
		return fmt.Sprintf("carry on with module %d, %s", mod.Number, safetext.Inert(mod.Title)), n
	}
	return fmt.Sprintf("start module %d, %s", mod.Number, safetext.Inert(mod.Title)), n
}

func (s *session) showContents() {
	n := len(s.c.Modules)
	lines := []string{"", fmt.Sprintf("Contents. %s. %d of %d modules passed.", safetext.Inert(s.c.GuidanceTitle), s.st.Progress.Passed, n)}
	for i, mod := range s.c.Modules {
		mp := s.st.Module(i)
		section := ""
		if !s.c.SectionsNumbered() {
			section = " (section " + safetext.Inert(mod.Section) + ")"
		}
		// How long a module takes, as the full-screen course shows it, for
		// modules still to pass.
		took := ""
		if mp.Status != progress.Passed && mod.Minutes > 0 {
			took = ", about " + modules.Duration(mod.Minutes)
		}
		lines = append(lines, fmt.Sprintf("Module %d of %d%s, %s%s: %s.", mod.Number, n, section, safetext.Inert(mod.Title), took, coursework.StatusWords(mp, true)))
	}
	if s.st.Complete() {
		lines = append(lines, s.st.CompletedLine())
	}
	what, _ := s.next()
	lines = append(lines, "Next: "+what+".")
	s.say(lines...)
}

func (s *session) contentsHelp() {
	n := len(s.c.Modules)
	help := []string{
		"At the contents you can type:",
		"enter on its own: " + first(s.next()) + ".",
		fmt.Sprintf("a module number from 1 to %d: read that module.", n),
		"quiz and a number, such as quiz 3: take that module's quiz.",
		"review and a number, such as review 3: go through your last answers to that module's quiz.",
		"refresher: a short quiz over the modules you have passed.",
		"search and some words, such as search trolls: find where the course covers something.",
		"certificate: your certificate, once every module is passed.",
		"full screen: start the full-screen course next time instead of this one.",
	}
	if s.o.HandIn != nil {
		help = append(help, "hand in: "+coursework.HandInWhy+".")
	}
	if s.o.Member == "" {
		help = append(help, "member: change who is taking the course.")
	}
	help = append(help, "help: this list.", "quit: stop. Your answers are saved.")
	if a := coursework.AdviceLine(s.c); a != "" {
		help = append(help, a)
	}
	s.say(help...)
}

func first(what string, _ coursework.Next) string { return what }

// contentsCommand reads and does one command at the contents.
func (s *session) contentsCommand() error {
	n := len(s.c.Modules)
	for {
		a, err := s.ask(fmt.Sprintf("Type a module number from 1 to %d, or press enter to %s, or type help for more.", n, first(s.next())))
		if err != nil {
			return err
		}
		word, rest, _ := strings.Cut(a, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToLower(word) {
		case "":
			_, n := s.next()
			switch {
			case n.Module == nil:
				return s.certificate()
			case n.TakesQuiz():
				return s.moduleQuiz(n.Module)
			}
			return s.read(n.Module, 0, false)
		case "help", "?":
			s.contentsHelp()
			continue
		case "contents":
			return nil
		case "quiz", "review":
			i, ok := number(rest, n)
			if !ok {
				s.say(fmt.Sprintf("Type %s and a module number from 1 to %d, such as %s 1.", strings.ToLower(word), n, strings.ToLower(word)))
				continue
			}
			mod := s.c.Modules[i-1]
			if strings.EqualFold(word, "quiz") {
				return s.moduleQuiz(mod)
			}
			return s.review(mod, coursework.LastAttempt(s.st.Events, mod.ID))
		case "refresher":
			return s.refresher()
		case "search", "find":
			return s.search(rest)
		case "certificate":
			return s.certificate()
		case "hand", "hand-in", "handin":
			if s.o.HandIn != nil && isHandIn(a) {
				s.handIn()
				continue
			}
		case "full", "fullscreen", "full-screen":
			if err := s.store.SetAccessible(s.member.Number, false); err != nil {
				s.say("That could not be saved: " + err.Error() + ".")
				continue
			}
			if s.o.Member != "" { // on the council's course server
				s.say("Next time you connect to the council's course server the course will start full screen. You can carry on here now. To choose this plain text course again, connect with the word accessible after the server's name.")
			} else {
				s.say("To take the course full screen, quit and run course without --accessible. You can carry on here now.")
			}
			continue
		case "member":
			if s.o.Member == "" {
				return s.chooseMember()
			}
		default:
			if i, ok := number(a, n); ok {
				return s.read(s.c.Modules[i-1], 0, false)
			}
		}
		s.say(fmt.Sprintf("%q is not something the contents can do. Type a module number from 1 to %d, or help for the list of commands.", safetext.Inert(a), n))
	}
}

// certificate reads out the member's certificate, once every module is
// passed.
func (s *session) certificate() error {
	if err := s.reload(); err != nil {
		return err
	}
	if !s.st.Complete() {
		s.say("", "Certificate. The course is not complete yet: pass every module's quiz to complete it.")
		return nil
	}
	lines := []string{"", "Certificate.", "Course complete.", safetext.Inert(s.member.Name),
		safetext.InertLines(s.c.Certificate(s.st.CertificateDate(s.c), nil)),
		"Verification code: " + s.st.VerificationCode(s.c) + ".",
		"The verification code lets the monitoring officer confirm this certificate against the council's records. Your record is kept; you can come back to any module at any time."}
	if a := coursework.AdviceLine(s.c); a != "" {
		lines = append(lines, a)
	}
	prompt := "Press enter to go back to the contents."
	if s.o.HandIn != nil {
		lines = append(lines, "Type hand in to "+coursework.HandInWhy+".")
		prompt = "Press enter to go back to the contents, or type hand in."
	}
	s.say(lines...)
	for {
		a, err := s.ask(prompt)
		switch {
		case err != nil || a == "":
			return err
		case s.o.HandIn != nil && isHandIn(a):
			s.handIn()
			continue
		}
		s.say("Press enter on its own to go back to the contents, or type quit to stop. Your certificate stays on your record.")
	}
}

// isHandIn says the learner typed hand in (or hand-in, or handin).
func isHandIn(typed string) bool {
	switch strings.Join(strings.Fields(strings.ToLower(typed)), " ") {
	case "hand in", "hand-in", "handin":
		return true
	}
	return false
}

// handIn saves the member's hand-in and says where it is and whom to send
// it to.
func (s *session) handIn() {
	path, err := s.o.HandIn(s.member.Number)
	if err != nil {
		s.say("Your records could not be handed in: " + strings.TrimSuffix(safetext.Inert(err.Error()), ".") + ".")
		return
	}
	s.say("", "Saved your hand-in as "+safetext.Inert(path)+".", coursework.SendHandIn(s.c))
}

// search finds where the course covers something and offers to read it.
func (s *session) search(query string) error {
	for query == "" {
		a, err := s.ask("Type the words to search for, or press enter on its own to go back to the contents.")
		if err != nil || a == "" {
			return err
		}
		if strings.EqualFold(a, "help") {
			s.say("Type one or more words, such as privacy or personal safety, and press enter: the course lists every place that has all of them. Press enter on its own to go back to the contents, or type quit to stop.")
			continue
		}
		query = a
	}
	matches := coursework.Search(s.c, s.st.Progress, query)
	if len(matches) == 0 {
		s.say("", "Nothing in the course has all of: "+safetext.Inert(query)+". Try fewer or other words.")
		return nil
	}
	lines := []string{"", fmt.Sprintf("Search for %s: %s.", safetext.Inert(query), coursework.Plural(len(matches), "1 place", fmt.Sprintf("%d places", len(matches))))}
	for i, m := range matches {
		where := fmt.Sprintf("%d. Module %d, %s, %s", i+1, m.Module.Number, safetext.Inert(m.Module.Title), m.Part.String())
		if len(m.Paragraphs) > 0 {
			where += ", " + safetext.Inert(s.c.Cite(m.Paragraphs...))
		}
		lines = append(lines, where+": "+safetext.Inert(m.Text))
	}
	s.say(lines...)
	for {
		a, err := s.ask("Type a place's number to read that part of its lesson, or press enter to go back to the contents.")
		if err != nil || a == "" {
			return err
		}
		i, ok := number(a, len(matches))
		if !ok {
			s.say(fmt.Sprintf("Type a number from 1 to %d, or press enter to go back.", len(matches)))
			continue
		}
		m := matches[i-1]
		at := m.Line
		if m.Question != "" && len(m.Paragraphs) > 0 {
			// A quiz's match opens the lesson where its paragraph is taught.
			at = max(s.c.CitingLine(m.Module.Body, m.Paragraphs[0]), 0)
		}
		return s.read(m.Module, at, true)
	}
}
