package linear

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"course/internal/certificate"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/safetext"
)

// contents is the list of modules, and where every other screen returns.
// The list is read out when a member starts and when they ask for it;
// coming back from elsewhere, one line says where they are.
func (s *session) contents() error {
	for {
		if err := s.reload(); err != nil {
			return err
		}
		if s.listContents {
			s.showContents()
			s.listContents = false
		} else {
			s.say("", fmt.Sprintf("Contents. %d of %d modules passed. Type contents to hear the list again.", s.st.Progress.Passed, len(s.c.Modules)))
		}
		err := s.contentsCommand()
		if errors.Is(err, errContents) {
			// Asked for by name: the list, not a line saying where they are.
			s.listContents = true
			err = nil
		}
		if err != nil {
			return err
		}
	}
}

// errContents says the member typed contents: the contents are read out in
// full, as they asked.
var errContents = errors.New("contents asked for")

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
	case coursework.StepResumeRefresher:
		return fmt.Sprintf("carry on with the refresher quiz (%d of %d answered)", n.Answered, n.Of), n
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
	fullScreen := "full screen: start the full-screen course next time instead of this one."
	if s.o.Member == "" {
		// On one's own computer the choice is made by how the course is run.
		fullScreen = "full screen: how to take the full-screen course instead of this one."
	}
	help := []string{
		"At the contents you can type:",
		"enter on its own: " + first(s.next()) + ".",
		fmt.Sprintf("a module number from 1 to %d: read that module.", n),
		"quiz and a number, such as quiz 3: take that module's quiz.",
		"review and a number, such as review 3: go through your last answers to that module's quiz.",
		"refresher: a short quiz over the modules you have passed.",
		"search and some words, such as search trolls: find where the course covers something.",
		"certificate: your certificate, once every module is passed.",
		fullScreen,
		"contents: hear the list of modules again.",
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
			case n.Step == coursework.StepResumeRefresher:
				return s.refresher()
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
			s.listContents = true
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
			} else if s.o.FromEnvironment {
				s.say("To take the course full screen, quit, remove the setting ACCESSIBLE from your environment, and run course without --accessible: while ACCESSIBLE is set, the course starts as plain text. You can carry on here now.")
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
// passed, and saves it as a PDF when asked.
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
	var can []string
	if s.o.CertificateFolder != nil {
		lines = append(lines, "Type save to save this certificate as a PDF you can keep, print or send.")
		can = append(can, "save")
	} else {
		// On the council's course server a file saved here would be on
		// the server, not with the member.
		lines = append(lines, "For a PDF of this certificate to keep, print or send, ask the monitoring officer: they can make one from the records.")
	}
	if s.o.HandIn != nil {
		lines = append(lines, "Type hand in to "+coursework.HandInWhy+".")
		can = append(can, "hand in")
	}
	prompt := "Press enter to go back to the contents."
	if len(can) > 0 {
		prompt = "Press enter to go back to the contents, or type " + strings.Join(can, " or ") + "."
	}
	s.say(lines...)
	for {
		a, err := s.ask(prompt)
		switch {
		case err != nil || a == "":
			return err
		case s.o.CertificateFolder != nil && strings.EqualFold(a, "save"):
			s.saveCertificate()
			continue
		case s.o.HandIn != nil && isHandIn(a):
			s.handIn()
			continue
		case strings.EqualFold(a, "help") || a == "?":
			s.say("On the certificate you can type:", "enter on its own: go back to the contents.")
			if s.o.CertificateFolder != nil {
				s.say("save: save this certificate as a PDF.")
			}
			if s.o.HandIn != nil {
				s.say("hand in: " + coursework.HandInWhy + ".")
			}
			s.say("quit: stop. Your certificate stays on your record.")
			continue
		}
		s.say("Press enter on its own to go back to the contents, or type help, or quit to stop. Your certificate stays on your record.")
	}
}

// saveCertificate saves the member's certificate as a PDF in the folder
// Options.CertificateFolder names, and says where it went.
func (s *session) saveCertificate() {
	cert, err := certificate.New(s.member, s.st.Events, s.c, time.Local)
	var dir, path string
	if err == nil {
		dir, err = s.o.CertificateFolder()
	}
	if err == nil {
		path, err = cert.Save(dir, s.now())
	}
	if err != nil {
		s.say("The certificate could not be saved: " + strings.TrimSuffix(safetext.Inert(err.Error()), ".") + ".")
		return
	}
	// The path has a line of its own, to be copied whole.
	s.say("", "Saved your certificate as a PDF:", whole(safetext.Inert(path)))
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
	done, err := s.o.HandIn(s.member.Number)
	if err != nil {
		s.say("Your records could not be handed in: " + strings.TrimSuffix(safetext.Inert(err.Error()), ".") + ".")
		return
	}
	// The path is never broken, so that it is read as one, and copied.
	lines := []string{"", "Saved your hand-in as " + whole(safetext.Inert(done.Path)) + "."}
	if done.Holds != "" {
		lines = append(lines, done.Holds)
	}
	s.say(append(lines, coursework.SendHandIn(s.c))...)
}

// places names the places from one number to another, or the one place
// when the last page of results holds only one ("place 6", not "places 6
// to 6").
func places(from, to int, one, several string) string {
	if from == to {
		return fmt.Sprintf("%s %d", one, from)
	}
	return fmt.Sprintf("%s %d to %d", several, from, to)
}

// searchPage is how many places a search reads out at a time.
const searchPage = 5

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
	matches := s.st.Search(s.c, query, false)
	// Only a search that leaves out whole quizzes says so: a member
	// expects the quizzes.
	only := ""
	if !s.st.SearchesQuizzes(false) {
		only = " " + s.st.SearchLeavesOut(s.c, false)
	}
	if len(matches) == 0 {
		s.say("", "Nothing in the course has all of: "+safetext.Inert(query)+". Try fewer or other words."+only)
		return nil
	}
	// Results come a page at a time, so that a long list does not scroll
	// away before it is heard.
	page := 0
	pages := (len(matches) + searchPage - 1) / searchPage
	show := func() {
		lines := []string{"", fmt.Sprintf("Search for %s: %s.", safetext.Inert(query), coursework.Plural(len(matches), "1 place", fmt.Sprintf("%d places", len(matches))))}
		from, to := page*searchPage, min((page+1)*searchPage, len(matches))
		if page == 0 {
			lines[1] += only
		}
		if pages > 1 {
			lines[1] += " " + places(from+1, to, "Place", "Places") + ":"
		}
		for i, m := range matches[from:to] {
			where := fmt.Sprintf("%d. Module %d, %s, %s", from+i+1, m.Module.Number, safetext.Inert(m.Module.Title), m.Part.String())
			if len(m.Paragraphs) > 0 {
				where += ", " + safetext.Inert(s.c.Cite(m.Paragraphs...))
			}
			lines = append(lines, where+": "+safetext.Inert(m.Text))
		}
		s.say(lines...)
	}
	show()
	for {
		prompt := "Type a place's number to read that part of its lesson, or press enter to go back to the contents."
		if page < pages-1 {
			to := min((page+2)*searchPage, len(matches))
			prompt = "Type a place's number to read that part of its lesson, or press enter for " + places((page+1)*searchPage+1, to, "place", "places") + ", or type contents."
		}
		a, err := s.ask(prompt)
		if err != nil {
			return err
		}
		switch strings.ToLower(a) {
		case "":
			if page == pages-1 {
				return nil
			}
			page++
			show()
			continue
		case "contents", "c":
			return errContents
		case "back", "b":
			if page > 0 {
				page--
			}
			show()
			continue
		case "repeat", "r", "again":
			show()
			continue
		case "help", "?":
			s.say(fmt.Sprintf("Type a place's number, from 1 to %d, to read that part of its lesson.", len(matches)),
				"enter on its own: the next places, or after the last, the contents.",
				"back: the places before.",
				"repeat: these places again.",
				"contents: go back to the contents.",
				"quit: stop. Your answers are saved.")
			continue
		}
		i, ok := number(a, len(matches))
		if !ok {
			s.say(fmt.Sprintf("Type a number from 1 to %d, or press enter, or type help.", len(matches)))
			continue
		}
		m := matches[i-1]
		at := m.Line
		if m.Question != "" && len(m.Paragraphs) > 0 {
			// A quiz's match opens the lesson where its paragraph is taught.
			at = max(s.c.CitingLine(m.Module.Body, m.Paragraphs[0]), 0)
		}
		if err := s.read(m.Module, at, true); !errors.Is(err, errResults) {
			return err
		}
		show()
	}
}
