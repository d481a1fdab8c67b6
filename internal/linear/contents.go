package linear

import (
	"fmt"
	"strings"

	"course/internal/certificate"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
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

// unfinished is how many answers the member left in mod's quiz, or 0.
func (s *session) unfinished(mod *modules.Module) int {
	u, ok := progress.UnfinishedQuiz(s.events, mod.ID, mod.Version)
	if !ok {
		return 0
	}
	return len(u.Answers)
}

// status says a module's standing in words.
func status(mp progress.ModuleProgress) string {
	switch mp.Status {
	case progress.Passed:
		return fmt.Sprintf("passed (%d%%)", mp.BestPercent)
	case progress.NeedsRefresh:
		if mp.RefreshReason != "" {
			return "needs refresh: " + mp.RefreshReason
		}
		return "needs refresh"
	case progress.InProgress:
		switch {
		case mp.Attempts > 0:
			return fmt.Sprintf("not passed yet (best %d%%)", mp.BestPercent)
		case mp.Read:
			return "lesson read, quiz next"
		}
		return "in progress"
	}
	return "not started"
}

// next is what pressing enter at the contents does, in words, and the
// module it concerns (nil for the certificate).
func (s *session) next() (string, *modules.Module, bool) {
	mod, mp := coursework.NextModule(s.c, s.prog, s.events, s.unfinished)
	switch {
	case mod == nil:
		return "see your certificate", nil, false
	case s.unfinished(mod) > 0:
		return fmt.Sprintf("carry on with the quiz for module %d, %s (%d of %d answered)", mod.Number, inert(mod.Title), s.unfinished(mod), len(mod.Questions)), mod, true
	case mp.Status == progress.NeedsRefresh:
		return fmt.Sprintf("refresh module %d, %s", mod.Number, inert(mod.Title)), mod, false
	case mp.Read:
		return fmt.Sprintf("take the quiz for module %d, %s", mod.Number, inert(mod.Title)), mod, true
	case mp.Opened:
		return fmt.Sprintf("carry on with module %d, %s", mod.Number, inert(mod.Title)), mod, false
	}
	return fmt.Sprintf("start module %d, %s", mod.Number, inert(mod.Title)), mod, false
}

func (s *session) showContents() {
	n := len(s.c.Modules)
	lines := []string{"", fmt.Sprintf("Contents. %s. %d of %d modules passed.", inert(s.c.GuidanceTitle), s.prog.Passed, n)}
	for i, mod := range s.c.Modules {
		var mp progress.ModuleProgress
		if i < len(s.prog.Modules) {
			mp = s.prog.Modules[i]
		}
		section := ""
		if !s.c.SectionsNumbered() {
			section = " (section " + inert(mod.Section) + ")"
		}
		// How long a module takes, as the full-screen course shows it, for
		// modules still to pass.
		took := ""
		if mp.Status != progress.Passed && mod.Minutes > 0 {
			took = ", about " + modules.Duration(mod.Minutes)
		}
		lines = append(lines, fmt.Sprintf("Module %d of %d%s, %s%s: %s.", mod.Number, n, section, inert(mod.Title), took, status(mp)))
	}
	if s.prog.Status == progress.Passed {
		lines = append(lines, "You completed the course on "+s.prog.CompletedAt.Local().Format("2 January 2006")+".")
	}
	what, _, _ := s.next()
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
	if s.o.Member == "" {
		help = append(help, "member: change who is taking the course.")
	}
	help = append(help, "help: this list.", "quit: stop. Your answers are saved.")
	if a := adviceLine(s.c); a != "" {
		help = append(help, a)
	}
	s.say(help...)
}

func first(what string, _ *modules.Module, _ bool) string { return what }

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
			_, mod, quiz := s.next()
			switch {
			case mod == nil:
				return s.certificate()
			case quiz:
				return s.moduleQuiz(mod)
			}
			return s.read(mod, 0, false)
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
			return s.review(mod, coursework.LastAttempt(s.events, mod.ID))
		case "refresher":
			return s.refresher()
		case "search", "find":
			return s.search(rest)
		case "certificate":
			return s.certificate()
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
		s.say(fmt.Sprintf("%q is not something the contents can do. Type a module number from 1 to %d, or help for the list of commands.", inert(a), n))
	}
}

// adviceLine names whom members can ask for advice, or is "".
func adviceLine(c *modules.Course) string {
	if len(c.Advice) == 0 {
		return ""
	}
	return "Ask for advice: " + inert(c.AdviceList()) + "."
}

// certificate reads out the member's certificate, once every module is
// passed.
func (s *session) certificate() error {
	if err := s.reload(); err != nil {
		return err
	}
	if s.prog.Status != progress.Passed {
		s.say("", "Certificate. The course is not complete yet: pass every module's quiz to complete it.")
		return nil
	}
	completed := s.prog.CompletedAt
	if e, ok := progress.CompletingEvent(s.events, s.c.ModuleIDs()); ok {
		completed = e.Time // the first completion, which the code names too
	}
	lines := []string{"", "Certificate.", "Course complete.", inert(s.member.Name),
		inertLines(s.c.Certificate(completed.Local().Format("Monday 2 January 2006"), nil)),
		"Verification code: " + certificate.Code(s.events, s.c.ModuleIDs()) + ".",
		"The verification code lets the monitoring officer confirm this certificate against the council's records. Your record is kept; you can come back to any module at any time."}
	if a := adviceLine(s.c); a != "" {
		lines = append(lines, a)
	}
	s.say(lines...)
	for {
		a, err := s.ask("Press enter to go back to the contents.")
		if err != nil || a == "" {
			return err
		}
		s.say("Press enter on its own to go back to the contents, or type quit to stop. Your certificate stays on your record.")
	}
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
	matches := s.c.Search(query)
	if len(matches) == 0 {
		s.say("", "Nothing in the course has all of: "+inert(query)+". Try fewer or other words.")
		return nil
	}
	lines := []string{"", fmt.Sprintf("Search for %s: %s.", inert(query), plural(len(matches), "1 place", fmt.Sprintf("%d places", len(matches))))}
	for i, m := range matches {
		where := fmt.Sprintf("%d. Module %d, %s, %s", i+1, m.Module.Number, inert(m.Module.Title), m.Part.String())
		if len(m.Paragraphs) > 0 {
			where += ", " + inert(s.c.Cite(m.Paragraphs...))
		}
		lines = append(lines, where+": "+inert(m.Text))
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
