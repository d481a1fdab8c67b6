package modules

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"course/internal/modules/yamlerr"
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

// addYAML turns a YAML decoding error into problems with file lines (see
// yamlerr.Explain).
func (ps *problems) addYAML(file string, err error, allowed string, tree *yaml.Node) {
	for _, p := range yamlerr.Explain(err, allowed, tree) {
		ps.add(file, p.Line, "%s", p.Msg)
	}
}
