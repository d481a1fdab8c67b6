// Package yamlerr says what the YAML reader's errors mean, in words that
// tell whoever edits a content file what to change, each at its line of
// the file.
//
// It knows nothing of the course: internal/modules decodes its files and
// places these problems in them.
package yamlerr

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a YAML text, at a line of its file (0
// when the reader does not say which).
type Problem struct {
	Line int
	Msg  string
}

var (
	lineRe        = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRe     = regexp.MustCompile(`^field (\S+) not found in type `)
	cannotParseRe = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
)

// Explain turns an error from decoding YAML into problems with file lines.
// allowed lists the field names accepted where an unknown field was found;
// tree is the text read as YAML nodes, to name the field of a type error.
func Explain(err error, allowed string, tree *yaml.Node) []Problem {
	var te *yaml.TypeError
	lines := []string{err.Error()}
	if errors.As(err, &te) {
		lines = te.Errors
	}
	var ps []Problem
	for _, l := range lines {
		line, msg := 0, l
		if m := lineRe.FindStringSubmatch(l); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		// yaml.v3 counts lines from 0 in parser errors (not in scanner
		// errors), and leaves out a line 0 altogether.
		if strings.HasPrefix(msg, "did not find expected") {
			line++
		}
		if p, ok := plain[msg]; ok {
			msg = p
		} else if m := unknownRe.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("unknown field %q (allowed here: %s)", m[1], allowed)
		} else if m := cannotParseRe.FindStringSubmatch(msg); m != nil {
			msg = typeMistake(tree, line, m[1], m[2], m[3])
		}
		ps = append(ps, Problem{Line: line, Msg: msg})
	}
	return ps
}

// Tabs finds every line of YAML, starting on file line first, that is
// indented with a tab: the YAML reader refuses them with a message that
// names neither the tab nor, always, the right line.
func Tabs(data []byte, first int) []Problem {
	var ps []Problem
	for i, line := range strings.Split(string(data), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") && len(indent) < len(line) {
			ps = append(ps, Problem{Line: first + i, Msg: fmt.Sprintf("line %d starts with a tab: YAML needs spaces for indenting", first+i)})
		}
	}
	return ps
}

// plain says what the YAML reader's commonest messages mean.
var plain = map[string]string{
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
	found := describe(tag, value)
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

// describe describes a YAML value for a person: "the text "ten"".
func describe(tag, value string) string {
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

// goKind names the kind of value a Go type holds, for a person.
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
