package modules

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// checkCoverage reports sections that no module covers, and paragraphs
// that no module teaches or no question tests.
func (l *loader) checkCoverage(c *Course, root *yaml.Node) {
	covered := map[string]bool{}
	for _, m := range c.Modules {
		covered[m.Section] = true
	}
	sections := valueOf(root, "sections")
	for i, s := range c.Sections {
		if !covered[s.Label] {
			l.ps.add(l.name(courseFile), lineOr(item(sections, i), 1), "section %s has no module: add a lesson with section: %s, or take the section out of sections", s.Label, s.Label)
		}
	}
	paras := valueOf(root, "paragraphs")
	for i, cov := range c.Coverage() {
		line := lineOr(item(paras, i), 1)
		if len(cov.Modules) == 0 {
			l.ps.add(l.name(courseFile), line, "paragraph %s is taught by no module: add it to a module's teaches", cov.Paragraph.ID)
		}
		if len(cov.Questions) == 0 {
			l.ps.add(l.name(courseFile), line, "paragraph %s is tested by no question: add it to a question's cites", cov.Paragraph.ID)
		}
	}
}

// Coverage says, for one guidance paragraph, what teaches and tests it.
type Coverage struct {
	Paragraph Paragraph
	Modules   []string // module ids
	Questions []string // question ids
}

// Coverage lists every guidance paragraph with the modules that teach it
// and the questions that test it.
func (c *Course) Coverage() []Coverage {
	out := make([]Coverage, len(c.Paragraphs))
	index := map[string]int{}
	for i, p := range c.Paragraphs {
		out[i].Paragraph = p
		index[p.ID] = i
	}
	for _, m := range c.Modules {
		for _, p := range m.Teaches {
			if i, ok := index[p]; ok {
				out[i].Modules = append(out[i].Modules, m.ID)
			}
		}
		for _, q := range m.Questions {
			for _, p := range q.Cites {
				if i, ok := index[p]; ok && !slices.Contains(out[i].Questions, q.ID) {
					out[i].Questions = append(out[i].Questions, q.ID)
				}
			}
		}
	}
	return out
}

// String names the course for messages.
func (c *Course) String() string {
	return fmt.Sprintf("%s (guidance %s, content %s)", c.GuidanceTitle, c.GuidanceVersion, c.Version)
}
