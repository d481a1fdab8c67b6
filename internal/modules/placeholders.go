package modules

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Placeholders let lessons, quizzes and course.yaml's wording use what
// course.yaml says, so that it is written once:
//
//	{{council}} {{guidance}} {{version}} {{course}} {{pass_mark}}
//	{{email "Team"}} {{phone "Team"}}               an advice contact's
//	{{modules}} {{time}}                            in the welcome text only
//	{{date}}                                        in the certificate only
//
// They are filled in when the course is loaded (the certificate's date when
// it is shown), and every one that cannot be filled in is a problem.

// placeholderNames are the placeholders that take no argument, everywhere.
var placeholderNames = []string{"council", "guidance", "version", "course", "pass_mark"}

// lineProblem is something wrong at a line of a text (from 1).
type lineProblem struct {
	Line int
	Msg  string
}

// fill replaces the placeholders in text. extra holds the placeholders
// of this text alone ("date" in the certificate); hold, if not nil, is
// applied to each value filled in.
func (c *Course) fill(text string, extra map[string]string, hold func(string) string) (string, []lineProblem) {
	if !strings.Contains(text, "{{") {
		return text, nil
	}
	var b strings.Builder
	var ps []lineProblem
	line := 1
	for {
		open := strings.Index(text, "{{")
		if open < 0 {
			b.WriteString(text)
			return b.String(), ps
		}
		line += strings.Count(text[:open], "\n")
		b.WriteString(text[:open])
		rest := text[open:]
		end := strings.Index(rest, "}}")
		if nl := strings.IndexByte(rest, '\n'); end < 0 || (nl >= 0 && nl < end) {
			ps = append(ps, lineProblem{line, fmt.Sprintf("%q opens a placeholder with {{ but does not close it with }} on the same line", firstLine(rest))})
			b.WriteString("{{")
			text = rest[2:]
			continue
		}
		value, err := c.placeholder(rest[2:end], extra)
		if err != "" {
			ps = append(ps, lineProblem{line, fmt.Sprintf("%s: %s", rest[:end+2], err)})
			value = rest[:end+2]
		} else if hold != nil {
			value = hold(value)
		}
		b.WriteString(value)
		text = rest[end+2:]
	}
}

// placeholder gives the value of one placeholder, the text between {{ and
// }}, or says why it has none.
func (c *Course) placeholder(inner string, extra map[string]string) (string, string) {
	inner = strings.TrimSpace(inner)
	name, arg, _ := strings.Cut(inner, " ")
	arg = strings.TrimSpace(arg)
	if name == "email" || name == "phone" {
		team, ok := unquote(arg)
		if !ok {
			return "", fmt.Sprintf("give the team in quotes, as in {{%s \"Democratic Services\"}}", name)
		}
		return c.contactDetail(name, team)
	}
	value, ok := extra[name]
	if !ok {
		value, ok = c.placeholderValue(name)
	}
	switch {
	case !ok:
		return "", "there is no such placeholder: use " + c.placeholderList(extra)
	case arg != "":
		return "", fmt.Sprintf("{{%s}} takes nothing after its name", name)
	}
	return value, ""
}

func (c *Course) placeholderValue(name string) (string, bool) {
	switch name {
	case "council":
		return c.Council, true
	case "guidance":
		return c.GuidanceTitle, true
	case "version":
		return c.GuidanceVersion, true
	case "course":
		return c.Title, true
	case "pass_mark":
		return strconv.Itoa(c.PassMark), true
	}
	return "", false
}

func (c *Course) placeholderList(extra map[string]string) string {
	var names []string
	for _, n := range placeholderNames {
		names = append(names, "{{"+n+"}}")
	}
	for _, n := range slices.Sorted(maps.Keys(extra)) {
		names = append(names, "{{"+n+"}}")
	}
	names = append(names, `{{email "team"}}`, `{{phone "team"}}`)
	return strings.Join(names, ", ")
}

// contactDetail is the email or phone of an advice contact.
func (c *Course) contactDetail(what, team string) (string, string) {
	var teams []string
	for _, a := range c.Advice {
		if a.Team != team {
			teams = append(teams, a.Team)
			continue
		}
		v := a.Email
		if what == "phone" {
			v = a.Phone
		}
		if v == "" {
			return "", fmt.Sprintf("course.yaml's advice gives %s no %s", team, what)
		}
		return v, ""
	}
	if len(teams) == 0 {
		return "", fmt.Sprintf("course.yaml's advice has no team %q, and no teams at all", team)
	}
	return "", fmt.Sprintf("course.yaml's advice has no team %q; its teams are %s", team, strings.Join(teams, ", "))
}

// unquote takes the text out of straight or curly double quotes.
func unquote(s string) (string, bool) {
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		if t, ok := strings.CutPrefix(s, q[0]); ok {
			if t, ok := strings.CutSuffix(t, q[1]); ok && t != "" {
				return t, true
			}
		}
	}
	return "", false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 30 {
		s = string(r[:30]) + "…"
	}
	return s
}
