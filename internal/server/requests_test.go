package server

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// FuzzRequestPayloads: whatever bytes a client sends as a pty-req,
// window-change, env or exec payload, reading them never panics, and what
// goes on is within bounds and reads back the same.
func FuzzRequestPayloads(f *testing.F) {
	f.Add(ptyPayload("xterm-256color", 80, 24))
	f.Add(ptyPayload("xterm", 1<<32-1, 1<<32-1))
	f.Add(gossh.Marshal(windowChange{Columns: 100, Rows: 30}))
	f.Add(gossh.Marshal(envRequest{Key: "LANG", Value: "cy_GB.UTF-8"}))
	f.Add([]byte{0, 0, 0, 5, 'x'})
	f.Fuzz(func(t *testing.T, payload []byte) {
		if rewritten, w, ok := checkPty(payload); ok {
			if w.Width < 1 || w.Width > MaxColumns || w.Height < 1 || w.Height > MaxRows {
				t.Fatalf("window %dx%d", w.Width, w.Height)
			}
			var p ptyRequest
			if err := gossh.Unmarshal(rewritten, &p); err != nil {
				t.Fatalf("the rewritten pty-req does not read back: %v", err)
			}
			if int(p.Columns) != w.Width || int(p.Rows) != w.Height || len(p.Term) > maxTerm || !printable(p.Term) || len(p.Modes) > maxModes {
				t.Fatalf("rewritten as %+v", p)
			}
		}
		if w, ok := checkWindow(payload); ok && (w.Width < 1 || w.Width > MaxColumns || w.Height < 1 || w.Height > MaxRows) {
			t.Fatalf("window %dx%d", w.Width, w.Height)
		}
		if checkEnv(payload) {
			var e envRequest
			if err := gossh.Unmarshal(payload, &e); err != nil || !envAllowed(e.Key) || len(e.Value) > maxEnvValue || !printable(e.Value) {
				t.Fatalf("env %q=%q kept", e.Key, e.Value)
			}
		}
		checkCommand(payload)
	})
}
