package packcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"course/internal/modules"
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
// with modules.Check or modules.Load, placed at their files and lines and
// named under root as modules.Check names them. A course that did not load
// has none.
func CheckWording(fsys fs.FS, root string, c *modules.Course) []modules.Problem {
	if c == nil {
		return nil
	}
	w := wording{root: root}
	var settings settingsLines
	if readYAML(fsys, "course.yaml", &settings) {
		w.title(c, settings)
	}
	for _, m := range c.Modules {
		var quiz quizLines
		if readYAML(fsys, m.QuizFile, &quiz) {
			w.verdicts(m, quiz)
		}
	}
	return w.list
}

// settingsLines and quizLines are the fields of course.yaml and of a quiz
// file that the warnings read, with their lines.
type (
	settingsLines struct {
		Title yaml.Node `yaml:"title"`
	}
	quizLines struct {
		Questions []struct {
			ID      string `yaml:"id"`
			Options []struct {
				Feedback yaml.Node `yaml:"feedback"`
			} `yaml:"options"`
		} `yaml:"questions"`
	}
)

// wording collects the wording warnings.
type wording struct {
	root string
	list []modules.Problem
}

func (w *wording) add(file string, line int, msg string) {
	if w.root != "" {
		file = path.Join(w.root, file)
	}
	w.list = append(w.list, modules.Problem{File: file, Line: line, Msg: msg})
}

// title warns about a course whose name is its guidance's title, given as
// such or taken from it when title is missing, saying what the certificate
// will then read.
func (w *wording) title(c *modules.Course, settings settingsLines) {
	if c.Title != c.GuidanceTitle {
		return
	}
	why := "the course has no title, so it is named after its guidance"
	if strings.TrimSpace(settings.Title.Value) != "" {
		why = "the course's title is its guidance's title"
	}
	certificate := strings.ReplaceAll(c.Certificate("[date]", nil), "\n", " / ")
	w.add("course.yaml", max(settings.Title.Line, 1), fmt.Sprintf("%s, %q: the certificate will be headed %q and read %q; "+
		"give the course a name of its own with title: (the window title and course --help show it too)",
		why, c.GuidanceTitle, c.Title, certificate))
}

// verdicts warns about every option of m's quiz whose feedback opens with
// a verdict.
func (w *wording) verdicts(m *modules.Module, quiz quizLines) {
	for _, q := range quiz.Questions {
		for j, o := range q.Options {
			if o.Feedback.Kind != yaml.ScalarNode {
				continue
			}
			verdict := verdictRe.FindStringSubmatch(strings.TrimSpace(o.Feedback.Value))
			if verdict == nil {
				continue
			}
			w.add(m.QuizFile, o.Feedback.Line, fmt.Sprintf(
				"question %s option %d: feedback starts with a verdict, %s, which the course has already given "+
					"(it says whether each answer is right before the feedback): start with the reason instead",
				strconv.Quote(strings.TrimSpace(q.ID)), j+1, strconv.Quote(verdict[1])))
		}
	}
}

// readYAML reads the fields of a content file that v names, with their
// lines, as loading reads the file: without a byte-order mark, with
// Windows line endings made plain.
func readYAML(fsys fs.FS, p string, v any) bool {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return yaml.Unmarshal(data, v) == nil
}
