package handin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"course/internal/record"
	"course/internal/store/chain"
)

// maxHeaderText is the longest course id, title, guidance version, records
// id or program version a header may hold, in bytes.
const maxHeaderText = 1000

// Read reads and checks a hand-in from r, to its end, calling progress (if
// not nil) with the number of bytes read so far as it goes. A file that
// fails a check is refused with an *Error saying why; an error reading r
// is returned as it is.
func Read(r io.Reader, progress func(read int64)) (*File, error) {
	sum := sha256.New()
	src := &counter{r: io.TeeReader(r, sum), progress: progress}
	rd := &lines{r: bufio.NewReaderSize(src, 64<<10)}

	f, err := readHeader(rd)
	if err != nil {
		return nil, err
	}
	if err := readEvents(rd, f); err != nil {
		return nil, err
	}
	// Nothing may follow the head.
	switch _, _, err := rd.next(); {
	case errors.Is(err, io.EOF):
	case err != nil && !errors.As(err, new(*lineTooLong)):
		return nil, err
	default:
		return nil, &Error{ErrEdited, rd.n, fmt.Sprintf("the file goes on after event %d, where its header says it ends", f.Count)}
	}
	f.SHA256 = hex.EncodeToString(sum.Sum(nil))
	return f, nil
}

// readHeader reads and checks line 1.
func readHeader(rd *lines) (*File, error) {
	line, ended, err := rd.next()
	var tooLong *lineTooLong
	switch {
	case errors.Is(err, io.EOF) || errors.As(err, &tooLong):
		return nil, &Error{ErrNotHandIn, 1, "it does not begin with a hand-in's header"}
	case err != nil:
		return nil, err
	}
	// Format and version first, so that a newer file is told apart from
	// one that is not a hand-in at all.
	var id struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if json.Unmarshal(line, &id) != nil || id.Format != Format {
		return nil, &Error{ErrNotHandIn, 1, "it does not begin with a hand-in's header"}
	}
	switch {
	case id.Version > Version:
		return nil, &Error{ErrNewer, 1, fmt.Sprintf("it is a hand-in of version %d, and this program reads version %d", id.Version, Version)}
	case id.Version != Version:
		return nil, &Error{ErrNotHandIn, 1, fmt.Sprintf("it names version %d, which no hand-in has", id.Version)}
	case !ended:
		return nil, &Error{ErrTruncated, 1, "the file ends within its header"}
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, &Error{ErrEdited, 1, "its header cannot be read: " + err.Error()}
	}
	f, problem := checkHeader(h)
	if problem != "" {
		return nil, &Error{ErrEdited, 1, problem}
	}
	return f, nil
}

// checkHeader checks the header's fields as the course writes them, and
// returns the File they describe, or what is wrong with them.
func checkHeader(h header) (*File, string) {
	for _, t := range []struct{ what, text string }{
		{"course id", h.Course.ID}, {"course title", h.Course.Title},
		{"guidance version", h.Course.GuidanceVersion}, {"content folder", h.Course.Content},
		{"record file id", h.Records}, {"program version", h.AppVersion},
	} {
		if len(t.text) > maxHeaderText || !utf8.ValidString(t.text) || strings.IndexFunc(t.text, unicode.IsControl) >= 0 {
			return nil, fmt.Sprintf("the %s in the header is too long or holds a control character", t.what)
		}
	}
	if h.Course.ID == "" {
		return nil, "the header names no course"
	}
	if h.Records == "" {
		return nil, "the header names no record file"
	}
	number, ok := record.ParseMemberNumber(h.Member.Number)
	if !ok || number != h.Member.Number {
		return nil, fmt.Sprintf("the member number %q in the header is not one the course gives", h.Member.Number)
	}
	var elected time.Time
	if h.Member.Elected != "" {
		var err error
		if elected, err = time.Parse(time.DateOnly, h.Member.Elected); err != nil {
			return nil, fmt.Sprintf("the member's date elected %q is not a date", h.Member.Elected)
		}
	}
	nm := record.NewMember{Name: h.Member.Name, Email: h.Member.Email, Ward: h.Member.Ward, Role: h.Member.Role, Elected: elected}
	checked, err := nm.Check()
	if err != nil {
		return nil, "the member's details do not pass the course's checks: " + record.Reason(err)
	}
	if nm.Role == "" {
		nm.Role = checked.Role // members added before roles have none
	}
	if checked != nm {
		return nil, "the member's details are not as the course stores them"
	}
	switch {
	case h.Made.IsZero():
		return nil, "the header does not say when the file was made"
	case h.Events < 1:
		return nil, fmt.Sprintf("the header says the records held %d events", h.Events)
	case h.Events > MaxEvents:
		return nil, fmt.Sprintf("the header says the records held %d events; a hand-in holds at most %d", h.Events, MaxEvents)
	case !isHash(h.Head):
		return nil, "the header's head is not a hash"
	}
	return &File{
		Course:  h.Course,
		Records: h.Records,
		Member: record.Member{Number: number, Name: checked.Name, Email: checked.Email, Ward: checked.Ward,
			Role: checked.Role, Elected: checked.Elected},
		Made: h.Made.UTC(), AppVersion: h.AppVersion, Count: h.Events, Head: h.Head,
	}, ""
}

// readEvents reads and checks events 1 to f.Count, keeping the member's.
func readEvents(rd *lines, f *File) error {
	var (
		prev   string
		sums   = sha256.New()
		member = []byte(f.Member.Number)
	)
	for seq := uint64(1); seq <= uint64(f.Count); seq++ {
		line, ended, err := rd.next()
		var tooLong *lineTooLong
		switch {
		case errors.Is(err, io.EOF):
			return &Error{ErrTruncated, rd.n, fmt.Sprintf("the file ends after event %d, and its header says the records held %d", seq-1, f.Count)}
		case errors.As(err, &tooLong):
			return &Error{ErrEdited, rd.n, fmt.Sprintf("the line is longer than %d bytes, which no event is", MaxLine)}
		case err != nil:
			return err
		case !ended:
			return &Error{ErrTruncated, rd.n, fmt.Sprintf("the file ends partway through event %d", seq)}
		}
		hash, full, problem, reason := checkEvent(line, seq, prev, member, sums)
		if problem != "" {
			return &Error{reason, rd.n, problem}
		}
		if full != nil {
			f.Events = append(f.Events, *full)
		}
		prev = hash
	}
	if prev != f.Head {
		return &Error{ErrTruncated, rd.n, fmt.Sprintf("event %d is not the one the header names as the last: the file ends early", f.Count)}
	}
	return nil
}

// checkEvent checks the line of event seq, which follows the event whose
// hash is prev: a stub, or an event of member in full, sealed. It returns
// the event's hash and, for an event in full, the event; or what is wrong
// and why the file is refused for it.
func checkEvent(line []byte, seq uint64, prev string, member []byte, sums hash.Hash) (hash string, full *record.Event, problem string, reason error) {
	if s, ok := readStub(line); ok {
		switch {
		case s.Seq != seq:
			return "", nil, fmt.Sprintf("it should hold event %d, and holds event %d", seq, s.Seq), ErrEdited
		case s.Prev != prev:
			return "", nil, fmt.Sprintf("event %d is not linked to the event before it", seq), ErrEdited
		}
		return s.Hash, nil, "", nil
	}
	body, sealed, ok := chain.Unseal(line)
	if !ok {
		return "", nil, fmt.Sprintf("event %d is neither an event nor a stub of one", seq), ErrEdited
	}
	sums.Reset()
	sums.Write(body)
	sums.Write([]byte("}"))
	if hex.EncodeToString(sums.Sum(nil)) != string(sealed) {
		return "", nil, fmt.Sprintf("event %d does not match its hash", seq), ErrEdited
	}
	var e record.Event
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		if json.Unmarshal(line, new(record.Event)) == nil {
			// A field this program does not know, in an event that matches
			// its hash: a newer program wrote it, and a merge would lose it.
			return "", nil, fmt.Sprintf("event %d has a field this program does not know", seq), ErrNewer
		}
		return "", nil, fmt.Sprintf("event %d cannot be read: %v", seq, err), ErrEdited
	}
	switch {
	case e.Seq != seq:
		return "", nil, fmt.Sprintf("it should hold event %d, and holds event %d", seq, e.Seq), ErrEdited
	case e.Hash != string(sealed):
		return "", nil, fmt.Sprintf("event %d does not match its hash", seq), ErrEdited
	case e.Prev != prev:
		return "", nil, fmt.Sprintf("event %d is not linked to the event before it", seq), ErrEdited
	case !e.Kind.Known():
		return "", nil, fmt.Sprintf("event %d is of a kind this program does not know, %q", seq, e.Kind), ErrNewer
	case e.Member != string(member):
		return "", nil, fmt.Sprintf("event %d is of another member than the one the file is of", seq), ErrEdited
	}
	return e.Hash, &e, "", nil
}

// readStub reads line as a stub: exactly as Write writes one (see
// appendStub).
func readStub(line []byte) (stub, bool) {
	var s stub
	rest, ok := bytes.CutPrefix(line, []byte(`{"seq":`))
	if !ok {
		return s, false
	}
	end := bytes.IndexByte(rest, ',')
	if end < 1 || end > 20 || (rest[0] == '0') {
		return s, false
	}
	for _, c := range rest[:end] {
		if c < '0' || c > '9' {
			return s, false
		}
		s.Seq = s.Seq*10 + uint64(c-'0')
	}
	rest = rest[end:]
	if p, ok := bytes.CutPrefix(rest, []byte(`,"prev":"`)); ok {
		if len(p) < 2*sha256.Size+1 || p[2*sha256.Size] != '"' {
			return s, false
		}
		s.Prev, rest = string(p[:2*sha256.Size]), p[2*sha256.Size+1:]
	}
	h, ok := bytes.CutPrefix(rest, []byte(`,"hash":"`))
	if !ok || len(h) != 2*sha256.Size+2 || string(h[2*sha256.Size:]) != `"}` {
		return s, false
	}
	s.Hash = string(h[:2*sha256.Size])
	return s, isHash(s.Hash) && (s.Prev == "" || isHash(s.Prev)) && s.Seq > 0
}

// isHash says whether s is a hash as the chain writes it: 64 lowercase
// hex digits.
func isHash(s string) bool { return len(s) == 2*sha256.Size && isHex([]byte(s)) }

// lines reads a hand-in line by line, each at most MaxLine bytes.
type lines struct {
	r   *bufio.Reader
	buf []byte
	n   int // the number of the line last read, from 1
}

// lineTooLong is the error of a line longer than MaxLine.
type lineTooLong struct{}

func (*lineTooLong) Error() string { return "line too long" }

// next reads the next line, without its newline (or carriage return and
// newline), into a buffer that the next call reuses. ended says it ended
// with a newline rather than at the end of the file; io.EOF means no line
// was left.
func (l *lines) next() (line []byte, ended bool, err error) {
	l.n++
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > MaxLine {
			return nil, false, &lineTooLong{}
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			line := bytes.TrimSuffix(l.buf[:len(l.buf)-1], []byte("\r"))
			return line, true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(l.buf) > 0:
			return l.buf, false, nil
		default:
			return nil, false, err
		}
	}
}

// counter tells progress how many bytes have been read from r.
type counter struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.n)
	}
	return n, err
}
