package store

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"course/internal/record"
)

var crashRounds = flag.Int("crash-rounds", 50, "how many times the crash test kills a writing process")

// The tests below start this test binary again as a child process; these
// environment variables tell the child what to do instead of running tests.
const (
	childRoleEnv   = "PROGRESS_TEST_CHILD"
	childPathEnv   = "PROGRESS_TEST_PATH"
	childMemberEnv = "PROGRESS_TEST_MEMBER"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childRoleEnv) {
	case "append":
		os.Exit(appendForever(os.Getenv(childPathEnv), os.Getenv(childMemberEnv)))
	case "hold":
		os.Exit(holdOpen(os.Getenv(childPathEnv)))
	}
	os.Exit(m.Run())
}

// appendForever records answers and prints each sequence number once Record
// has returned, until it is killed (or gives up after a while, in case the
// parent died).
func appendForever(path, member string) int {
	s, err := Open(path, Options{Timeout: childBound, AppVersion: "crash-child"})
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return 2
	}
	attempt := record.NewAttemptID()
	for deadline := time.Now().Add(childBound); time.Now().Before(deadline); {
		e, err := s.Record(record.Event{Kind: record.QuestionAnswered, Member: member, Module: "intro",
			ModuleVersion: "v1", Attempt: attempt, Question: "q1", Chosen: []int{1}, Correct: true})
		if err != nil {
			fmt.Printf("error: %v\n", err)
			return 2
		}
		fmt.Printf("seq %d\n", e.Seq)
	}
	return 0
}

// holdOpen keeps the records open until its standard input is closed.
func holdOpen(path string) int {
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return 2
	}
	defer s.Close()
	fmt.Println("ready")
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
	}
	return 0
}

// childBound is how long a test waits for a child process or a blocked
// Open: generous, since synced writes on a busy disk can take seconds, so
// that only a hang fails the test.
const childBound = 2 * time.Minute

// startChild starts this binary in a child role and returns its output
// lines as they come. The child's standard input stays open until the
// parent ends or kills it.
func startChild(t *testing.T, role, path, member string) (*exec.Cmd, <-chan string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childRoleEnv+"="+role, childPathEnv+"="+path, childMemberEnv+"="+member)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return cmd, lines, &stderr
}

func TestCrashLosesNothingSaved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the crash test relies on Unix file locking and kill semantics")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	var path, member string
	saved := 0
	for round := range *crashRounds {
		// Checking is linear in the file's size, so start a new file now and
		// then to keep many rounds quick.
		if round%25 == 0 {
			path = filepath.Join(t.TempDir(), "records.db")
			s := openTestStore(t, path)
			member = addMember(t, s, "Crash Test").Number
			s.Close()
		}
		printed := crashRound(t, rng, path, member)
		saved += len(printed)

		s, err := Open(path, Options{Timeout: childBound})
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		events, err := s.MemberEvents(member)
		if err != nil {
			t.Fatal(err)
		}
		present := make(map[uint64]bool, len(events))
		for _, e := range events {
			present[e.Seq] = true
		}
		for _, seq := range printed {
			if !present[seq] {
				t.Errorf("round %d: event %d was reported saved but is missing", round, seq)
			}
		}
		if r, err := verify(s); err != nil || !r.OK {
			t.Errorf("round %d: Verify = %+v, %v", round, r, err)
		}
		if err := s.Check(); err != nil {
			t.Errorf("round %d: Check: %v", round, err)
		}
		s.Close()
		if t.Failed() {
			return
		}
	}
	if saved < *crashRounds {
		t.Errorf("only %d events were saved in %d rounds; the child is not getting far enough", saved, *crashRounds)
	}
	t.Logf("%d rounds, %d events saved before kills", *crashRounds, saved)
}

// crashRound runs a child that appends, kills it at a random moment and
// returns the sequence numbers it printed.
func crashRound(t *testing.T, rng *rand.Rand, path, member string) []uint64 {
	t.Helper()
	cmd, lines, stderr := startChild(t, "append", path, member)
	var got []string
	wantLines := rng.IntN(9)
	timeout := time.After(childBound)
wait:
	for len(got) < wantLines {
		select {
		case line, ok := <-lines:
			if !ok {
				break wait
			}
			got = append(got, line)
		case <-timeout:
			cmd.Process.Kill()
			t.Fatalf("the child printed %d lines in %v; stderr: %s", len(got), childBound, stderr)
		}
	}
	// With no lines to wait for, the kill may land while the child opens the file.
	delay := time.Duration(rng.IntN(3000)) * time.Microsecond
	if wantLines == 0 {
		delay = time.Duration(rng.IntN(40)) * time.Millisecond
	}
	time.Sleep(delay)
	cmd.Process.Kill()
	for line := range lines {
		got = append(got, line)
	}
	cmd.Wait()

	var seqs []uint64
	for _, line := range got {
		n, err := strconv.ParseUint(strings.TrimPrefix(line, "seq "), 10, 64)
		if err != nil {
			t.Fatalf("child said %q; stderr: %s", line, stderr)
		}
		seqs = append(seqs, n)
	}
	return seqs
}

func TestSecondProcessGetsErrLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	addMember(t, s, "Ann")
	s.Close()

	cmd, lines, stderr := startChild(t, "hold", path, "")
	defer cmd.Process.Kill()
	select {
	case line := <-lines:
		if line != "ready" {
			t.Fatalf("child said %q; stderr: %s", line, stderr)
		}
	case <-time.After(childBound):
		t.Fatalf("the child did not open the file within %v; stderr: %s", childBound, stderr)
	}

	for _, readOnly := range []bool{false, true} {
		// Open in the background so that a hang fails the test instead of
		// stalling it.
		result := make(chan error, 1)
		go func() {
			s, err := Open(path, Options{ReadOnly: readOnly})
			if err == nil {
				s.Close()
			}
			result <- err
		}()
		var err error
		select {
		case err = <-result:
		case <-time.After(childBound):
			t.Fatalf("Open(ReadOnly: %v) was still waiting after %v", readOnly, childBound)
		}
		if !errors.Is(err, ErrLocked) {
			t.Errorf("Open(ReadOnly: %v) while another process has the file: %v, want ErrLocked", readOnly, err)
		} else if want := "the record file is locked by another process: " + path; err.Error() != want {
			t.Errorf("message %q, want %q", err, want)
		}
	}

	cmd.Process.Kill()
	cmd.Wait()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after the other process ended: %v", err)
	}
	s.Close()
}
