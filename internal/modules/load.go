package modules

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"course/internal/modules/yamlerr"
)

const (
	courseFile   = "course.yaml"
	modulesDir   = "modules"
	quizSuffix   = ".quiz.yaml"
	lessonSuffix = ".md"
)

var (
	idRe       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	languageRe = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)
)

// Wording for a course.yaml that gives none.
const (
	defaultLanguage = "en-GB"
	defaultWelcome  = "This course has {{modules}} modules, about {{time}} in all. " +
		"Each ends with a quiz; the pass mark is {{pass_mark}}%. Answers are saved as they are given."
	defaultCertificate = "completed the {{course}}\nof {{council}} ({{guidance}}, version {{version}})\non {{date}}."
)

// Load reads and checks the course in fsys. root is how the folder is named
// in messages ("content", or the directory a council gave). Any problem makes
// Load fail with a *ContentError listing every problem found.
func Load(fsys fs.FS, root string) (*Course, error) {
	c, ps := Check(fsys, root)
	if len(ps) > 0 {
		return nil, &ContentError{Problems: ps}
	}
	return c, nil
}

// Check reads the course in fsys and returns what it could load with every
// problem found. The course is nil only when course.yaml cannot be used.
func Check(fsys fs.FS, root string) (*Course, []Problem) {
	// Valid content is read once. Finding the line of every field takes a
	// second parse of each file, so it is done only to report problems.
	l := loader{fsys: fsys, root: root}
	c := l.load()
	if len(l.ps.list) == 0 {
		return c, nil
	}
	l = loader{fsys: fsys, root: root, withLines: true}
	c = l.load()
	return c, l.ps.list
}

type loader struct {
	fsys      fs.FS
	root      string
	withLines bool
	ps        problems
	// noSettings says course.yaml could not be read: the modules are
	// still checked, but not against its paragraphs and sections.
	noSettings bool
}

func (l *loader) name(p string) string {
	if l.root == "" {
		return p
	}
	return path.Join(l.root, p)
}

// read returns a file's bytes with a byte-order mark removed and Windows
// line endings made plain, or reports why it cannot be used. needed says
// why the file must be there, for when it is not.
func (l *loader) read(p, needed string) ([]byte, bool) {
	f, err := l.fsys.Open(p)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist) && needed != "":
			l.ps.add(l.name(p), 0, "file not found: %s", needed)
		case errors.Is(err, fs.ErrNotExist):
			l.ps.add(l.name(p), 0, "file not found")
		default:
			l.ps.add(l.name(p), 0, "cannot be read: %v", err)
		}
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		l.ps.add(l.name(p), 0, "cannot be read: %v", err)
		return nil, false
	}
	if len(data) > maxFileSize {
		l.ps.add(l.name(p), 0, "file is larger than 1 MiB: content files must be smaller")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return data, l.checkText(p, data)
}

// checkText refuses text that is not UTF-8 or carries control characters,
// which could otherwise reach a member's terminal as escape sequences.
func (l *loader) checkText(p string, data []byte) bool {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			l.ps.add(l.name(p), line, "is not UTF-8 text: save the file as UTF-8")
			return false
		case r == '\n':
			line++
		case r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			l.ps.add(l.name(p), line, "contains the control character U+%04X: remove it", r)
			return false
		}
		i += size
	}
	return true
}

// decodeStrict decodes YAML into v, refusing unknown fields. The YAML
// starts on file line first, so reported lines are file lines.
func (l *loader) decodeStrict(p string, data []byte, first int, v any, allowed string) bool {
	if l.tabs(p, data, first) {
		return false
	}
	padded := append(bytes.Repeat([]byte("\n"), first-1), data...)
	dec := yaml.NewDecoder(bytes.NewReader(padded))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			l.ps.add(l.name(p), first, "is empty: it needs YAML fields")
		} else {
			var tree yaml.Node
			_ = yaml.Unmarshal(padded, &tree) // for the fields named in type errors
			l.ps.addYAML(l.name(p), err, allowed, &tree)
		}
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			line = 0
		}
		l.ps.add(l.name(p), line, "holds more than one YAML document: remove the extra '---'")
		return false
	}
	return true
}

// tabs reports every line of YAML, starting on file line first, that is
// indented with a tab (see yamlerr.Tabs).
func (l *loader) tabs(p string, data []byte, first int) bool {
	found := yamlerr.Tabs(data, first)
	for _, t := range found {
		l.ps.add(l.name(p), t.Line, "%s", t.Msg)
	}
	return len(found) > 0
}

// nodeLines decodes YAML into a node tree, used only for line numbers;
// without lines it returns nil and problems are placed at their file's start.
func (l *loader) nodeLines(data []byte, first int) *yaml.Node {
	if !l.withLines {
		return nil
	}
	var n yaml.Node
	padded := append(bytes.Repeat([]byte("\n"), first-1), data...)
	if yaml.Unmarshal(padded, &n) != nil || len(n.Content) == 0 {
		return nil
	}
	return n.Content[0]
}

// lineOf returns the line of the value under key in mapping m, or def.
func lineOf(m *yaml.Node, key string, def int) int {
	if v := valueOf(m, key); v != nil {
		return v.Line
	}
	return def
}

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

// item returns the i-th element of sequence s, or nil.
func item(s *yaml.Node, i int) *yaml.Node {
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}

func lineOr(n *yaml.Node, def int) int {
	if n == nil {
		return def
	}
	return n.Line
}
