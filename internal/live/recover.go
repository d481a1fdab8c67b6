package live

import (
	"fmt"
	"log/slog"
	"runtime/debug"
)

// Recovered, deferred in a goroutine the server starts, keeps a panic there
// from ending the server: it logs the panic and calls end, when not nil, to
// end the one session or task the goroutine served. The server carries on.
func Recovered(log *slog.Logger, where string, end func()) {
	r := recover()
	if r == nil {
		return
	}
	log.Error("panic "+where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	if end == nil {
		return
	}
	// end runs while the panic is still being dealt with: a second panic
	// in it must not escape either.
	defer func() {
		if r := recover(); r != nil {
			log.Error("panic ending what panicked "+where, "panic", fmt.Sprint(r))
		}
	}()
	end()
}
