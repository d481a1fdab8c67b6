//go:build linux

package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildMinimalWish builds the reference server of
// BenchmarkServeSessionMemory once.
var buildMinimalWish = sync.OnceValues(func() (string, error) {
	return buildProgram("./testdata/minimalwish", "minimalwish")
})

// BenchmarkServeSessionMemory compares the server's memory for each open
// session with that of the smallest wish and bubbletea program
// (testdata/minimalwish), all measured in the same run: the reference
// shows one line of text; "full screen" shows it on a screen of its own
// the size of the window, as the course's screens are, which is what a
// session of any program drawn like the course's costs. Each server gets
// N sessions from computers that offer no key (the course shows them its
// enrolment screen), each with an 80x24 terminal, open at once; memory is
// the server's resident memory once every session has drawn its first
// screen, less its memory before they came.
//
//	go test ./cmd/course -run '^$' -bench ServeSessionMemory -benchtime 1x
func BenchmarkServeSessionMemory(b *testing.B) {
	const n = 50
	b.StopTimer() // what counts is memory, not time
	course, err := buildCourse()
	if err != nil {
		b.Fatal(err)
	}
	reference, err := buildMinimalWish()
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		dir := b.TempDir()
		perSession := map[string]float64{}
		for _, s := range []struct {
			name, bin, shows string
			args             []string
		}{
			{"course", course, "did not offer an SSH key",
				[]string{"serve", "--db", filepath.Join(dir, "records.db"), "--listen", "127.0.0.1:0", "--max-sessions", strconv.Itoa(2 * n)}},
			{"reference", reference, "smallest wish program",
				[]string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "reference_host_key")}},
			{"fullscreen", reference, "smallest wish program",
				[]string{"--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "reference_host_key"), "--full-screen"}},
		} {
			server := runServer(b, s.bin, s.args...)
			perSession[s.name] = sessionMemory(b, server, n, s.shows)
			server.stop()
			b.ReportMetric(perSession[s.name], s.name+"-B/session")
		}
		b.ReportMetric(perSession["course"]/perSession["reference"], "course/reference")
		b.ReportMetric(perSession["course"]/perSession["fullscreen"], "course/fullscreen")
	}
}

// sessionMemory opens n sessions without a key on server at once, waits
// until each shows want, and returns the server's resident memory a
// session, in bytes: with them open, less before them.
func sessionMemory(b *testing.B, server *serverProcess, n int, want string) float64 {
	b.Helper()
	shows := func(screen string) bool { return strings.Contains(screen, want) }
	// One session first, so that what the server makes once (on its
	// first session) is in the baseline.
	warm := dialSession(b, server.addr, nil)
	warm.waitFor(b, shows)
	warm.close()
	before := settledResidentKB(b, server.pid())
	sessions := make([]*benchSession, n)
	// A few at a time: past 10 connections signing in at once the server
	// refuses some new ones, as OpenSSH's MaxStartups does.
	var wg sync.WaitGroup
	signingIn := make(chan struct{}, 5)
	for i := range sessions {
		wg.Go(func() {
			signingIn <- struct{}{}
			sessions[i] = dialSession(b, server.addr, nil)
			<-signingIn
			sessions[i].waitFor(b, shows)
		})
	}
	wg.Wait()
	after := settledResidentKB(b, server.pid())
	for _, s := range sessions {
		s.close()
	}
	return float64(after-before) * 1024 / float64(n)
}

// settledResidentKB is a process's resident memory once it has been left
// alone for a second: the median of five readings a fifth of a second
// apart, as a Go program's memory moves with its garbage collector.
func settledResidentKB(b *testing.B, pid int) int {
	time.Sleep(time.Second)
	readings := make([]int, 5)
	for i := range readings {
		if i > 0 {
			time.Sleep(200 * time.Millisecond)
		}
		readings[i] = residentKB(b, pid)
	}
	slices.Sort(readings)
	return readings[len(readings)/2]
}
