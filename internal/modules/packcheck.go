package modules

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Wording warnings are things in a pack that load cleanly but read badly
// to a member: a course named only after its guidance, whose certificate
// then gives the guidance's name again and again, and quiz feedback that
// opens with its own verdict, which the course has already given.

// verdictRe matches feedback that opens with a verdict: the word or phrase
// alone, or followed by punctuation or a citation, as in "Correct.",
// "Wrong!", "Right (Guidance 3.8)." or "Incorrect: …", but not "Right to
// reply …". The course itself says whether an answer is right before the
// feedback, in English, whatever the pack's language.
var verdictRe = regexp.MustCompile(`(?i)^(correct|incorrect|right|wrong|not quite|well done|that(?:'s| is|’s) (?:correct|incorrect|right|wrong))\s*(?:$|[.!,:;(—–-])`)

// CheckWording returns the wording warnings for course c, loaded from fsys
// with Check or Load, placed at their files and lines and named under root
// as Check names them. A course that did not load has none.
func CheckWording(fsys fs.FS, root string, c *Course) []Problem {
	if c == nil {
		return nil
	}
	l := loader{fsys: fsys, root: root, withLines: true}
	if data, ok := l.read(courseFile, ""); ok {
		l.titleWarning(c, l.nodeLines(data, 1))
	}
	for _, m := range c.Modules {
		if data, ok := l.read(m.QuizFile, ""); ok {
			l.verdictWarnings(m, l.nodeLines(data, 1))
		}
	}
	return l.ps.list
}

// titleWarning warns about a course whose name is its guidance's title,
// given as such or taken from it when title is missing, saying what the
// certificate will then read.
func (l *loader) titleWarning(c *Course, settings *yaml.Node) {
	if c.Title != c.GuidanceTitle {
		return
	}
	file := l.name(courseFile)
	why := "the course has no title, so it is named after its guidance"
	if title := valueOf(settings, "title"); title != nil && strings.TrimSpace(title.Value) != "" {
		why = "the course's title is its guidance's title"
	}
	wording := strings.ReplaceAll(c.Certificate("[date]", nil), "\n", " / ")
	l.ps.add(file, lineOf(settings, "title", 1),
		"%s, %q: the certificate will be headed %q and read %q; "+
			"give the course a name of its own with title: (the window title and course --help show it too)",
		why, c.GuidanceTitle, c.Title, wording)
}

// verdictWarnings warns about every option of m's quiz whose feedback
// opens with a verdict.
func (l *loader) verdictWarnings(m *Module, quiz *yaml.Node) {
	file := l.name(m.QuizFile)
	questions := valueOf(quiz, "questions")
	if questions == nil || questions.Kind != yaml.SequenceNode {
		return
	}
	for _, qn := range questions.Content {
		id := ""
		if v := valueOf(qn, "id"); v != nil {
			id = strings.TrimSpace(v.Value)
		}
		options := valueOf(qn, "options")
		if options == nil || options.Kind != yaml.SequenceNode {
			continue
		}
		for j, on := range options.Content {
			feedback := valueOf(on, "feedback")
			if feedback == nil || feedback.Kind != yaml.ScalarNode {
				continue
			}
			verdict := verdictRe.FindStringSubmatch(strings.TrimSpace(feedback.Value))
			if verdict == nil {
				continue
			}
			l.ps.add(file, feedback.Line,
				"question %s option %d: feedback starts with a verdict, %s, which the course has already given "+
					"(it says whether each answer is right before the feedback): start with the reason instead",
				strconv.Quote(id), j+1, strconv.Quote(verdict[1]))
		}
	}
}
