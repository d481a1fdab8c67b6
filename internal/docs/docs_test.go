package docs

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
)

// The README and the guides, from the repository's root.
func documents(t *testing.T) (fs.FS, []string) {
	t.Helper()
	root := os.DirFS("../..")
	guides, err := fs.Glob(root, "docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(guides) == 0 {
		t.Fatal("no guides in docs/")
	}
	return root, append([]string{"README.md"}, guides...)
}

func TestLinksResolve(t *testing.T) {
	root, files := documents(t)
	for _, problem := range brokenLinks(root, files) {
		t.Error(problem)
	}
}

// TestBrokenLinksFound: the check names a missing file, a missing heading
// in another file and a missing heading in the same file, and passes the
// links that lead somewhere.
func TestBrokenLinksFound(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md": {Data: []byte("# Top\n\n## Where to go, next\n\n" +
			"[a](docs/guide.md) [b](docs/guide.md#the-officers-commands-over-ssh) [c](#where-to-go-next)\n" +
			"[d](docs/gone.md) [e](docs/guide.md#nowhere) [f](#nowhere-here) [g](https://example.com/x#y)\n" +
			"```\n[h](#in-code)\n```\n`[i](#inline)`\n")},
		"docs/guide.md": {Data: []byte("# Guide\n\n### The officer's commands over `SSH`\n\n[back](../README.md#top) [pic](pic.png) [gone](../content/README.md)\n")},
		"docs/pic.png":  {Data: []byte("png")},
	}
	got := brokenLinks(fsys, []string{"README.md", "docs/guide.md"})
	want := []string{
		`README.md: link "docs/gone.md": no file docs/gone.md`,
		`README.md: link "docs/guide.md#nowhere": docs/guide.md has no heading with anchor #nowhere`,
		`README.md: link "#nowhere-here": README.md has no heading with anchor #nowhere-here`,
		`docs/guide.md: link "../content/README.md": no file content/README.md`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The README opens with the two commands that work on a fresh machine
// with only Go, before any section.
func TestREADMEOpensWithTheTwoCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := opensWithCommands(string(readme)); err != nil {
		t.Error(err)
	}
	if opensWithCommands("# course\n\n## Install\n\n```sh\ngo run ./cmd/course\ngo test ./...\n```\n") == nil {
		t.Error("a README whose commands come after a section passed")
	}
}

func opensWithCommands(readme string) error {
	lines := strings.Split(readme, "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "## ") {
			return fmt.Errorf("README.md: section %q comes before the commands", line)
		}
		if !strings.HasPrefix(line, "```") {
			continue
		}
		if i+2 >= len(lines) || !strings.HasPrefix(lines[i+1], "go run ./cmd/course ") || !strings.HasPrefix(lines[i+2], "go test ./... ") {
			return fmt.Errorf("README.md: the first code block does not begin with go run ./cmd/course and go test ./...")
		}
		return nil
	}
	return fmt.Errorf("README.md: no code block with the commands")
}

var (
	linkPattern     = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	codeSpanPattern = regexp.MustCompile("`[^`]*`")
	headingPattern  = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	headingLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// brokenLinks checks every relative link in files (paths in fsys): the
// file it names must exist and, for a Markdown file, so must the heading
// its anchor names. External links are not followed.
func brokenLinks(fsys fs.FS, files []string) []string {
	anchors := map[string]map[string]bool{}
	anchorsOf := func(name string) (map[string]bool, error) {
		if a, ok := anchors[name]; ok {
			return a, nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		anchors[name] = headingAnchors(string(data))
		return anchors[name], nil
	}
	var problems []string
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		for _, link := range links(string(data)) {
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			target, anchor, _ := strings.Cut(link, "#")
			name := file
			if target != "" {
				name = path.Join(path.Dir(file), target)
			}
			if _, err := fs.Stat(fsys, name); err != nil {
				problems = append(problems, fmt.Sprintf("%s: link %q: no file %s", file, link, name))
				continue
			}
			if anchor == "" {
				continue
			}
			if !strings.HasSuffix(name, ".md") {
				problems = append(problems, fmt.Sprintf("%s: link %q: an anchor into a file that is not Markdown", file, link))
				continue
			}
			a, err := anchorsOf(name)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: link %q: %v", file, link, err))
				continue
			}
			if !a[anchor] {
				problems = append(problems, fmt.Sprintf("%s: link %q: %s has no heading with anchor #%s", file, link, name, anchor))
			}
		}
	}
	return problems
}

// links are the targets of the Markdown links and images in text, outside
// code.
func links(text string) []string {
	var found []string
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range linkPattern.FindAllStringSubmatch(codeSpanPattern.ReplaceAllString(line, ""), -1) {
			found = append(found, m[1])
		}
	}
	return found
}

// headingAnchors are the anchors GitHub gives the headings of a Markdown
// file: lower case, punctuation dropped, spaces made hyphens, and a
// repeated one numbered -1, -2 ….
func headingAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		m := headingPattern.FindStringSubmatch(line)
		if fenced || m == nil {
			continue
		}
		slug := anchor(headingLink.ReplaceAllString(m[1], "$1"))
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// TestREADMETellsAScreenReaderUser: someone with a screen reader learns
// from the README itself, before any section, how to take the course as
// plain lines of text, and where the guide for them is.
func TestREADMETellsAScreenReaderUser(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	opening, _, _ := strings.Cut(string(readme), "\n## ")
	for _, want := range []string{"--accessible", "docs/taking-the-course.md#with-a-screen-reader"} {
		if !strings.Contains(opening, want) {
			t.Errorf("the README's opening does not have %q", want)
		}
	}
}
