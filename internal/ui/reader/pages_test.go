package reader

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/modules"
)

// countingPages is a cache whose renderings are counted, and held back
// until release is closed.
func countingPages(t *testing.T, limit int) (p *Pages, renders *atomic.Int32, release chan struct{}) {
	c := contenttest.Course(t)
	renders, release = new(atomic.Int32), make(chan struct{})
	p = NewPages(c)
	p.limit = limit
	p.render = func(_ *modules.Course, body string, width int, _ bool) string {
		renders.Add(1)
		<-release
		return body[:min(len(body), width)]
	}
	return p, renders, release
}

// TestPagesRenderOnceForManySessions: sessions asking for one lesson at
// the same moment wait for one rendering of it, and all get it.
func TestPagesRenderOnceForManySessions(t *testing.T) {
	p, renders, release := countingPages(t, maxSharedPages)
	mod := p.course.Modules[0]
	const sessions = 16
	var wg sync.WaitGroup
	got := make([]string, sessions)
	for i := range sessions {
		wg.Go(func() { got[i] = p.Render(mod, 60, true) })
	}
	// Let every session reach the cache before the rendering finishes.
	for deadline := time.Now().Add(time.Second); renders.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d sessions asking at once rendered the lesson %d times, want once", sessions, n)
	}
	for i, page := range got {
		if page != got[0] || page == "" {
			t.Fatalf("session %d got %q, session 0 %q", i, page, got[0])
		}
	}
	p.Render(mod, 60, true)
	if n := renders.Load(); n != 1 {
		t.Errorf("a cached lesson was rendered again (%d renders)", n)
	}
}

// TestPagesForgetTheLeastRecentlyUsed: a full cache forgets one
// rendering, the one used least recently, and keeps the rest.
func TestPagesForgetTheLeastRecentlyUsed(t *testing.T) {
	p, renders, release := countingPages(t, 3)
	close(release)
	mod := p.course.Modules[0]
	for _, w := range []int{40, 50, 60} {
		p.Render(mod, w, true)
	}
	p.Render(mod, 40, true) // 50 is now the least recently used
	p.Render(mod, 70, true) // the cache is full: 50 goes
	if n := renders.Load(); n != 4 {
		t.Fatalf("%d renders, want 4", n)
	}
	if p.Len() != 3 {
		t.Errorf("the cache holds %d renderings, want its limit of 3", p.Len())
	}
	for _, w := range []int{40, 60, 70} {
		p.Render(mod, w, true)
	}
	if n := renders.Load(); n != 4 {
		t.Errorf("a kept rendering was forgotten: %d renders, want 4", n)
	}
	p.Render(mod, 50, true)
	if n := renders.Load(); n != 5 {
		t.Errorf("the least recently used rendering was kept: %d renders, want 5", n)
	}
}

// BenchmarkRenderModule measures rendering the longest lesson with glamour,
// the work done in a command (never in Update or View) and cached by
// module, width and colour scheme.
func BenchmarkRenderModule(b *testing.B) {
	c := contenttest.Course(b)
	longest := c.Modules[0]
	for _, m := range c.Modules {
		if len(m.Body) > len(longest.Body) {
			longest = m
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if Render(c, longest.Body, 78, true) == "" {
			b.Fatal("empty rendering")
		}
	}
}
