package ui

import (
	"sync"

	"course/internal/modules"
)

// maxSharedPages bounds a Pages cache. A lesson is a few tens of kilobytes
// rendered; each window width and colour scheme is its own entry.
const maxSharedPages = 256

// Pages is a cache of rendered lessons that any number of course sessions
// can share: a lesson renders the same for every session with the same
// width and colours, so a server renders each once. Safe for concurrent use.
type Pages struct {
	course *modules.Course
	mu     sync.Mutex
	pages  map[pageKey]string
}

// NewPages makes an empty cache for course's lessons.
func NewPages(course *modules.Course) *Pages {
	return &Pages{course: course, pages: map[pageKey]string{}}
}

// render returns m's lesson rendered for width and colours, from the cache
// when another session has rendered it. Two sessions asking at once may
// both render it; the result is the same.
func (p *Pages) render(m *modules.Module, width int, dark bool) string {
	k := pageKey{m.ID, width, dark}
	p.mu.Lock()
	page, ok := p.pages[k]
	p.mu.Unlock()
	if ok {
		return page
	}
	page = renderMarkdown(p.course, m.Body, width, dark)
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.pages) >= maxSharedPages {
		clear(p.pages) // widths seldom seen again go; the common ones come back
	}
	p.pages[k] = page
	return page
}
