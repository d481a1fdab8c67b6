package reader

import (
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"

	"course/internal/modules"
)

// Key identifies a rendered lesson: its module, the width it is wrapped
// to and the colour scheme.
type Key struct {
	Module string
	Width  int
	Dark   bool
}

// RenderWidth is the word-wrap width for lessons in a window of width w.
func RenderWidth(w int) int {
	return max(min(w, 100)-2, 20)
}

// maxSharedPages bounds a Pages cache. A lesson is a few tens of kilobytes
// rendered; each window width and colour scheme is its own entry.
const maxSharedPages = 256

// Pages is a cache of rendered lessons that any number of course sessions
// can share: a lesson renders the same for every session with the same
// width and colours, so a server renders each once, however many sessions
// ask for it at the same moment. When full, it forgets the lesson used
// least recently. Safe for concurrent use.
type Pages struct {
	course *modules.Course
	limit  int
	// render lays a lesson out; tests count its calls.
	render func(c *modules.Course, body string, width int, dark bool) string
	flight singleflight.Group

	mu    sync.Mutex
	pages map[Key]*cached
	clock uint64 // counts uses, to find the least recent
}

// cached is a rendered lesson and when it was last used.
type cached struct {
	page string
	used uint64
}

// NewPages makes an empty cache for course's lessons.
func NewPages(course *modules.Course) *Pages {
	return &Pages{course: course, limit: maxSharedPages, render: Render, pages: map[Key]*cached{}}
}

// Render returns m's lesson rendered for width and colours, from the cache
// when another session has rendered it. Sessions asking at once for a
// lesson not yet rendered wait for one rendering of it.
func (p *Pages) Render(m *modules.Module, width int, dark bool) string {
	k := Key{m.ID, width, dark}
	if page, ok := p.get(k); ok {
		return page
	}
	page, _, _ := p.flight.Do(fmt.Sprintf("%s\x00%d\x00%t", k.Module, k.Width, k.Dark), func() (any, error) {
		if page, ok := p.get(k); ok {
			return page, nil // rendered while this one waited for the lock
		}
		page := p.render(p.course, m.Body, width, dark)
		p.put(k, page)
		return page, nil
	})
	return page.(string)
}

// Len is the number of renderings the cache holds.
func (p *Pages) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pages)
}

// get is the cached rendering for k, marked as used now.
func (p *Pages) get(k Key) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.pages[k]
	if !ok {
		return "", false
	}
	p.clock++
	c.used = p.clock
	return c.page, true
}

// put keeps a rendering, forgetting the least recently used one when the
// cache is full: widths seldom seen go, the common ones stay.
func (p *Pages) put(k Key, page string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pages[k]; !ok && len(p.pages) >= p.limit {
		var oldest Key
		var least uint64
		first := true
		for k, c := range p.pages {
			if first || c.used < least {
				oldest, least, first = k, c.used, false
			}
		}
		delete(p.pages, oldest)
	}
	p.clock++
	p.pages[k] = &cached{page: page, used: p.clock}
}
