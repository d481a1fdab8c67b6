package linear

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
)

// errResults says the member asked to go back to the search results.
var errResults = errors.New("back to the search results")

// read reads a module's lesson a page at a time, from the page holding
// body line at. A lesson opened from a search is looked up, not read: no
// opening or reading is recorded, as in the full-screen course; and
// results goes back to the search (errResults).
func (s *session) read(mod *modules.Module, at int, fromSearch bool) error {
	pages, starts := lessonPages(s.c, mod)
	if len(pages) == 0 {
		s.say("", fmt.Sprintf("Module %d, %s, has no text.", mod.Number, safetext.Inert(mod.Title)))
		return nil
	}
	if !fromSearch {
		if err := coursework.RecordLesson(s.store, record.ModuleOpened, s.member.Number, mod, record.ModeAccessible); err != nil {
			s.say("Your progress could not be saved: " + err.Error() + ".")
		}
	}
	i := 0
	for j, st := range starts {
		if st <= at {
			i = j
		}
	}
	readSent := false
	show := true
	for {
		last := i == len(pages)-1
		if show {
			lines := []string{"", fmt.Sprintf("Module %d of %d, %s. Page %d of %d.", mod.Number, len(s.c.Modules), safetext.Inert(mod.Title), i+1, len(pages))}
			lines = append(lines, pages[i].paragraphs...)
			if last {
				lines = append(lines, fmt.Sprintf("End of module %d.", mod.Number))
			}
			s.say(lines...)
		}
		show = true
		if last && !fromSearch && !readSent {
			readSent = true
			if err := coursework.RecordLesson(s.store, record.ModuleRead, s.member.Number, mod, record.ModeAccessible); err != nil {
				s.say("Your progress could not be saved: " + err.Error() + ".")
			}
		}
		prompt := "Press enter for the next page, or type back, repeat, contents, quiz or help."
		if last {
			prompt = "Press enter to take this module's quiz, or type back, repeat, contents or help."
		}
		if fromSearch {
			// A lesson looked up leads back to where it was found.
			prompt = "Press enter for the next page, or type results to go back to the search results, or back, repeat, contents, quiz or help."
			if last {
				prompt = "Press enter to take this module's quiz, or type results to go back to the search results, or back, repeat, contents or help."
			}
		}
		a, err := s.ask(prompt)
		if err != nil {
			return err
		}
		switch word, rest, _ := strings.Cut(strings.ToLower(a), " "); word {
		case "":
			if last {
				return s.moduleQuiz(mod)
			}
			i++
		case "quiz", "review":
			// As at the contents: with a number, that module's; without,
			// this one's.
			other := mod
			if rest = strings.TrimSpace(rest); rest != "" {
				n, ok := number(rest, len(s.c.Modules))
				if !ok {
					s.say(fmt.Sprintf("Type %s on its own for this module, or %s and a module number from 1 to %d.", word, word, len(s.c.Modules)))
					show = false
					continue
				}
				other = s.c.Modules[n-1]
			}
			if word == "quiz" {
				return s.moduleQuiz(other)
			}
			attemptID := coursework.LastAttempt(s.st.Events, other.ID)
			if len(coursework.Review(s.c, s.st.Events, attemptID)) == 0 {
				s.say(coursework.NothingToReview)
				show = false
				continue
			}
			return s.review(other, attemptID)
		case "results", "search":
			if fromSearch {
				return errResults
			}
			s.say("To search the course, type contents, then search and the words.")
			show = false
			continue
		case "back", "b", "previous":
			if i == 0 {
				if fromSearch {
					s.say("This is the first page. Type results to go back to the search results, or contents for the contents.")
				} else {
					s.say("This is the first page. Type contents to go back to the contents.")
				}
				show = false
				continue
			}
			i--
		case "repeat", "r", "again":
		case "contents", "c", "menu":
			return errContents
		case "page":
			n, ok := number(strings.TrimSpace(rest), len(pages))
			if !ok {
				s.say(fmt.Sprintf("Type page and a number from 1 to %d.", len(pages)))
				show = false
				continue
			}
			i = n - 1
		case "help", "?":
			help := []string{"While reading you can type:",
				"enter on its own: the next page, or at the end, the quiz.",
				"back: the page before.",
				"repeat: this page again.",
				fmt.Sprintf("a number from 1 to %d, or page and the number: that page.", len(pages)),
				"quiz: this module's quiz. quiz and a number, such as quiz 3: that module's quiz.",
				"review: go through your last answers to this module's quiz. review and a number, such as review 3: that module's.",
				"contents: the list of modules."}
			if fromSearch {
				help = append(help, "results: go back to the search results.")
			}
			s.say(append(help, "quit: stop. Your answers are saved.")...)
			show = false
		default:
			// A number alone is a page of this lesson, as each page is
			// numbered; another module is opened from the contents.
			n, ok := number(a, len(pages))
			if !ok {
				if _, err := strconv.Atoi(a); err != nil {
					s.say(fmt.Sprintf("%q is not something you can do here. Press enter for the next page, or type help.", safetext.Inert(a)))
				} else {
					s.say(fmt.Sprintf("This module has %s: type a number from 1 to %d for that page. To open another module, type contents, then its number.",
						coursework.Plural(len(pages), "1 page", fmt.Sprintf("%d pages", len(pages))), len(pages)))
				}
				show = false
				continue
			}
			i = n - 1
		}
	}
}
