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
	if settings, ok := readYAML(fsys, "course.yaml"); ok {
		w.title(c, settings)
	}
	for _, m := range c.Modules {
		if quiz, ok := readYAML(fsys, m.QuizFile); ok {
			w.verdicts(m, quiz)
		}
	}
	return w.list
}

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
func (w *wording) title(c *modules.Course, settings *yaml.Node) {
	if c.Title != c.GuidanceTitle {
		return
	}
	why := "the course has no title, so it is named after its guidance"
	line := 1
	if title := valueOf(settings, "title"); title != nil {
		line = title.Line
		if strings.TrimSpace(title.Value) != "" {
			why = "the course's title is its guidance's title"
		}
	}
	certificate := strings.ReplaceAll(c.Certificate("[date]", nil), "\n", " / ")
	w.add("course.yaml", line, fmt.Sprintf("%s, %q: the certificate will be headed %q and read %q; "+
		"give the course a name of its own with title: (the window title and course --help show it too)",
		why, c.GuidanceTitle, c.Title, certificate))
}

// verdicts warns about every option of m's quiz whose feedback opens with
// a verdict.
func (w *wording) verdicts(m *modules.Module, quiz *yaml.Node) {
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
			w.add(m.QuizFile, feedback.Line, fmt.Sprintf(
				"question %s option %d: feedback starts with a verdict, %s, which the course has already given "+
					"(it says whether each answer is right before the feedback): start with the reason instead",
				strconv.Quote(id), j+1, strconv.Quote(verdict[1])))
		}
	}
}

// readYAML reads a content file as YAML nodes, for the lines of its
// fields, as loading reads it: without a byte-order mark, with Windows
// line endings made plain.
func readYAML(fsys fs.FS, p string) (*yaml.Node, bool) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	var n yaml.Node
	if yaml.Unmarshal(data, &n) != nil || len(n.Content) == 0 {
		return nil, false
	}
	return n.Content[0], true
}

// valueOf is the value under key in mapping m, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
