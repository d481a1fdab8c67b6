package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"course/internal/ui/enrol"
	"course/internal/ui/frame"
	"course/internal/ui/list"
	"course/internal/ui/reader"
)

// styles holds every style the screens use, for a light or dark terminal.
// Colours are few and never carry meaning alone: every status is also a word
// or a symbol, so the course reads the same with NO_COLOR or a monochrome screen.
type styles struct {
	isDark bool

	title     lipgloss.Style
	subtle    lipgloss.Style
	heading   lipgloss.Style
	accent    lipgloss.Style
	selected  lipgloss.Style
	good      lipgloss.Style
	bad       lipgloss.Style
	warn      lipgloss.Style
	box       lipgloss.Style
	quote     lipgloss.Style
	cite      lipgloss.Style
	errorBox  lipgloss.Style
	highlight lipgloss.Style
	help      help.Styles
}

func newStyles(isDark bool) styles {
	c := lipgloss.LightDark(isDark)
	var (
		accent = c(lipgloss.Color("#1F5FAD"), lipgloss.Color("#7FB4FF"))
		subtle = c(lipgloss.Color("#5C5C5C"), lipgloss.Color("#A0A0A0"))
		good   = c(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364"))
		bad    = c(lipgloss.Color("#B42318"), lipgloss.Color("#FF7B72"))
		warn   = c(lipgloss.Color("#9A6700"), lipgloss.Color("#E3B341"))
	)
	return styles{
		isDark:   isDark,
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		subtle:   lipgloss.NewStyle().Foreground(subtle),
		heading:  lipgloss.NewStyle().Bold(true),
		accent:   lipgloss.NewStyle().Foreground(accent),
		selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
		good:     lipgloss.NewStyle().Bold(true).Foreground(good),
		bad:      lipgloss.NewStyle().Bold(true).Foreground(bad),
		warn:     lipgloss.NewStyle().Bold(true).Foreground(warn),
		box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		quote:    lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(accent).PaddingLeft(1),
		cite:     lipgloss.NewStyle().Foreground(accent).Italic(true),
		errorBox: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(bad).Padding(0, 1),
		help:     help.DefaultStyles(isDark),
		// Reverse video shows a match on any terminal, with or without colour.
		highlight: lipgloss.NewStyle().Reverse(true),
	}
}

// row is a row of a list: the chosen one is marked and stands out.
func (s styles) row(label string, chosen bool) string { return s.list().Row(label, chosen) }

// list is how the lists draw.
func (s styles) list() list.Styles { return list.Styles{Selected: s.selected, More: s.subtle} }

// reader is how the lesson reader draws.
func (s styles) reader() reader.Styles {
	return reader.Styles{Dark: s.isDark, Title: s.title, Subtle: s.subtle, Good: s.good, Highlight: s.highlight, List: s.list()}
}

// enrol is how the welcome, the registration form and the enrolment
// screen draw.
func (s styles) enrol() enrol.Styles {
	return enrol.Styles{Title: s.title, Subtle: s.subtle, Heading: s.heading, Selected: s.selected, Good: s.good,
		Bad: s.bad, Quote: s.quote, List: s.list(), Help: s.help}
}

// frame is how the help under every screen draws.
func (s styles) frame() frame.Styles { return frame.Styles{Subtle: s.subtle, Help: s.help} }
