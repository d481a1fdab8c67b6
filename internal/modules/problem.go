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
	cannotParseRe = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
)

// addYAML turns a YAML decoding error into problems with file lines.
// allowed lists the field names accepted where an unknown field was found;
// tree is the file read as YAML nodes, to name the field of a type error.
func (ps *problems) addYAML(file string, err error, allowed string, tree *yaml.Node) {
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
		if plain, ok := yamlPlain[msg]; ok {
			msg = plain
		} else if m := unknownRe.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("unknown field %q (allowed here: %s)", m[1], allowed)
		} else if m := cannotParseRe.FindStringSubmatch(msg); m != nil {
			msg = typeMistake(tree, line, m[1], m[2], m[3])
		}
		ps.add(file, line, "%s", msg)
	}
}

// yamlPlain says what the YAML reader's commonest messages mean.
var yamlPlain = map[string]string{
	"mapping values are not allowed in this context":  "a colon and a space may only follow a field's name: put a value that holds one in quotes, or check the indenting",
	"found character that cannot start any token":     "a value cannot start with this character (such as @ or `): put the value in quotes",
	"did not find expected key":                       "a line is not indented like the fields around it: check its spaces",
	"did not find expected node content":              "a value is missing or not indented like the fields around it",
	"could not find expected ':'":                     "a field name is not followed by a colon, or a value runs over lines without quotes",
	"did not find expected ',' or ']'":                "a list in brackets is not closed with ]",
	"found unexpected end of stream":                  "the file ends inside quotes or brackets: close them",
	"found a tab character that violates indentation": "a line is indented with a tab: YAML needs spaces for indenting",
}

// typeMistake says which field on line holds a value of the wrong kind:
// "minutes must be a whole number, not the text "ten"".
func typeMistake(tree *yaml.Node, line int, tag, value, goType string) string {
	found := yamlValue(tag, value)
	want := goKind(goType)
	key, inList := fieldAt(tree, line, "!!"+tag, value)
	switch {
	case key == "":
		return fmt.Sprintf("the file must hold %s, not %s", want, found)
	case inList:
		return fmt.Sprintf("each entry of %s must be %s, not %s", key, want, found)
	}
	return fmt.Sprintf("%s must be %s, not %s", key, want, found)
}

// fieldAt finds the deepest value on line with the given tag (and value,
// for a scalar), and returns the field it belongs to, and whether it is an
// entry of a list in that field.
func fieldAt(tree *yaml.Node, line int, tag, value string) (key string, inList bool) {
	var walk func(n *yaml.Node, k string, list bool)
	walk = func(n *yaml.Node, k string, list bool) {
		if n.Line == line && n.Tag == tag && (n.Kind != yaml.ScalarNode || n.Value == value) {
			key, inList = k, list
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, k, list)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], n.Content[i].Value, false)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, k, true)
			}
		}
	}
	if tree != nil {
		walk(tree, "", false)
	}
	return key, inList
}

// yamlValue describes a YAML value for a person: "the text "ten"".
func yamlValue(tag, value string) string {
	switch tag {
	case "str":
		return fmt.Sprintf("the text %q", value)
	case "int", "float":
		return "the number " + value
	case "bool":
		return "the yes/no value " + value
	case "seq":
		return "a list"
	case "map":
		return "a set of fields"
	case "null":
		return "empty"
	}
	return value
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
