package live

import (
	"log/slog"
	"sync"
	"time"
)

// QuietLog logs an event that a client can cause at will (a refused
// connection, a forwarding attempt) at most once a minute for each kind,
// and then how many more there were: a flood of them cannot flood the log.
type QuietLog struct {
	log *slog.Logger
	now func() time.Time

	mu    sync.Mutex
	kinds map[string]*quietKind
}

type quietKind struct {
	logged time.Time
	more   int
	addrs  map[string]bool
}

// quietAddresses bounds the addresses a QuietLog counts for one kind.
const quietAddresses = 1000

// NewQuietLog is a QuietLog that logs to log.
func NewQuietLog(log *slog.Logger) *QuietLog {
	return &QuietLog{log: log, now: time.Now, kinds: map[string]*quietKind{}}
}

// Note logs msg from addr, or counts it when one was logged this minute.
func (q *QuietLog) Note(msg, addr string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	k := q.kinds[msg]
	if k == nil {
		k = &quietKind{addrs: map[string]bool{}}
		q.kinds[msg] = k
	}
	if now.Sub(k.logged) >= time.Minute {
		q.log.Warn(msg, "addr", addr)
		k.logged = now
		return
	}
	k.more++
	if len(k.addrs) < quietAddresses {
		k.addrs[addr] = true
	}
}

// Flush logs how many of each kind were counted and not logged, once
// their minute is over.
func (q *QuietLog) Flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	for msg, k := range q.kinds {
		if now.Sub(k.logged) < time.Minute {
			continue
		}
		if k.more > 0 {
			q.log.Warn(msg+" (more in the last minute)", "count", k.more, "addresses", len(k.addrs))
			k.more, k.addrs, k.logged = 0, map[string]bool{}, now
			continue
		}
		delete(q.kinds, msg)
	}
}

// Log is the logger q writes to.
func (q *QuietLog) Log() *slog.Logger { return q.log }
