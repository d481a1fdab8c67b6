package modules

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrInvalid is wrapped by every error that reports broken content.
var ErrInvalid = errors.New("the course content has problems")

// Problem is one thing wrong with the content, placed at a file and line.
type Problem struct {
	File string
	Line int // 0 when the problem is with the file as a whole
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// ContentError lists every problem found in a content folder.
type ContentError struct {
	Problems []Problem
}

func (e *ContentError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the course content has %d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

func (e *ContentError) Unwrap() error { return ErrInvalid }

// problems collects problems while a course is checked.
type problems struct {
	list []Problem
}

func (ps *problems) add(file string, line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

var (
	yamlLineRe    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRe     = regexp.MustCompile(`^field (\S+) not found in type `)
	cannotParseRe = regexp.MustCompile(`^cannot unmarshal !!(\w+) (.*) into (\S+)$`)
)

// addYAML turns a YAML decoding error into problems with file lines.
// allowed lists the field names accepted where an unknown field was found.
func (ps *problems) addYAML(file string, err error, allowed string) {
	var te *yaml.TypeError
	lines := []string{err.Error()}
	if errors.As(err, &te) {
		lines = te.Errors
	}
	for _, l := range lines {
		line, msg := 0, l
		if m := yamlLineRe.FindStringSubmatch(l); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		// yaml.v3 counts lines from 0 in parser errors (not in scanner
		// errors), and leaves out a line 0 altogether.
		if strings.HasPrefix(msg, "did not find expected") {
			line++
		}
		if m := unknownRe.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("unknown field %q (allowed here: %s)", m[1], allowed)
		} else if m := cannotParseRe.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("%s is a %s where %s was expected", m[2], yamlKind(m[1]), goKind(m[3]))
		}
		ps.add(file, line, "%s", msg)
	}
}

func yamlKind(tag string) string {
	switch tag {
	case "str":
		return "text"
	case "int", "float":
		return "number"
	case "seq":
		return "list"
	case "map":
		return "set of fields"
	case "bool":
		return "yes/no value"
	}
	return tag
}

func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "string":
		return "text"
	case t == "int":
		return "a whole number"
	case t == "bool":
		return "true or false"
	}
	return "a set of fields"
}
