package handin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"course/internal/record"
	"course/internal/store"
	"course/internal/store/chain"
	"course/internal/version"
)

// header is line 1 of a hand-in.
type header struct {
	Format     string               `json:"format"`
	Version    int                  `json:"version"`
	Course     record.CourseBinding `json:"course"`
	Records    string               `json:"records"`
	Member     member               `json:"member"`
	Made       time.Time            `json:"made"`
	AppVersion string               `json:"app_version"`
	Events     int                  `json:"events"`
	Head       string               `json:"head"`
}

// member is the header's member.
type member struct {
	Number  string `json:"number"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Ward    string `json:"ward"`
	Role    string `json:"role"`
	Elected string `json:"elected"` // YYYY-MM-DD, or "" when not known
}

// stub is an event of another member, as a hand-in holds it: enough to
// link the chain, nothing of what happened.
type stub struct {
	Seq  uint64
	Prev string // "" for the first event
	Hash string
}

// appendStub appends the line of a stub to b: {"seq":N,"prev":"…","hash":"…"},
// without prev for the first event, as a sealed event leaves it out.
func appendStub(b []byte, seq uint64, prev, hash []byte) []byte {
	b = strconv.AppendUint(append(b, `{"seq":`...), seq, 10)
	if len(prev) > 0 {
		b = append(append(append(b, `,"prev":"`...), prev...), '"')
	}
	return append(append(append(b, `,"hash":"`...), hash...), `"}`...)
}

// Write writes the hand-in of member number's records as log reads them:
// their own events in full and every other event as a stub, made at made.
// It checks each event's hash and link as it goes, so that it never writes
// a file that Read would refuse; records that fail are an error.
func Write(w io.Writer, log *store.LogReader, number string, made time.Time) error {
	course, ok, err := log.Course()
	switch {
	case err != nil:
		return err
	case !ok:
		return errors.New("these records belong to no course yet: take the course first, then hand it in")
	}
	m, err := log.Member(number)
	switch {
	case err != nil:
		return err
	case m.Erased:
		return fmt.Errorf("member %s was erased from these records, so there is nothing of theirs to hand in", number)
	}
	head, count, err := log.End()
	if err != nil {
		return err
	}
	if count == 0 {
		return errors.New("these records hold no events yet: take the course first, then hand it in")
	}
	h := header{Format: Format, Version: Version, Course: course, Records: log.ID(),
		Member: member{Number: m.Number, Name: m.Name, Email: m.Email, Ward: m.Ward, Role: m.Role,
			Elected: record.ElectedDate(m.Elected)},
		Made: made.UTC(), AppVersion: version.Short(), Events: count, Head: head}
	if _, problem := checkHeader(h); problem != "" {
		// Read would refuse the file: say so here, where it can be put right.
		return fmt.Errorf("these records cannot be handed in: %s", problem)
	}
	line, err := json.Marshal(h)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.Write(line)
	bw.WriteByte('\n')

	var (
		want     uint64 = 1
		prev     []byte
		view     record.EventView
		sums     = sha256.New()
		hexS     [2 * sha256.Size]byte
		stubLine []byte
	)
	damaged := func(seq uint64, what string) error {
		return fmt.Errorf("event %d of these records %s: the records are damaged, so they cannot be handed in; run “course verify” to see more", seq, what)
	}
	for seq, v := range log.Sealed() {
		if seq != want {
			return damaged(want, "is missing")
		}
		body, hash, sealed := chain.Unseal(v)
		if !sealed {
			return damaged(seq, "has no hash")
		}
		sums.Reset()
		sums.Write(body)
		sums.Write([]byte("}"))
		hex.Encode(hexS[:], sums.Sum(nil))
		if !bytes.Equal(hexS[:], hash) {
			return damaged(seq, "does not match its hash")
		}
		if got, ok := prevOf(body); !ok || !bytes.Equal(got, prev) {
			return damaged(seq, "is not linked to the event before it")
		}
		if err := view.Decode(v); err != nil {
			return damaged(seq, "cannot be read")
		}
		if string(view.Member) == number {
			bw.Write(v)
		} else {
			stubLine = appendStub(stubLine[:0], seq, prev, hash)
			bw.Write(stubLine)
		}
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
		prev = append(prev[:0], hash...)
		want++
		if seq == uint64(count) {
			break
		}
	}
	if want != uint64(count)+1 || string(prev) != head {
		return damaged(want, "is missing")
	}
	return bw.Flush()
}

// prevOf reads the hash a sealed event's body (see chain.Unseal) names as
// the one before it: Seal writes Prev last, and leaves it out of the first
// event. ok is false when the body ends in a prev that is not a hash.
func prevOf(body []byte) (prev []byte, ok bool) {
	const open = `,"prev":"`
	n := len(body) - 2*sha256.Size - 1
	if n < len(open) || string(body[n-len(open):n]) != open {
		// No prev: the first event. A body that merely ends in a quote
		// without one would not have matched its hash.
		return nil, true
	}
	if body[len(body)-1] != '"' || !isHex(body[n:len(body)-1]) {
		return nil, false
	}
	return body[n : len(body)-1], true
}

// isHex says whether b is lowercase hex digits.
func isHex(b []byte) bool {
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
