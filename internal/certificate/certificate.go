package certificate

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"course/internal/atomicfile"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/userdir"
)

// Certificate is what a certificate shows.
type Certificate struct {
	Member          string // The member's name.
	Number          string // The member's number.
	Council         string
	Course          string // The course's title.
	Guidance        string // The guidance's title.
	GuidanceVersion string
	// Wording is the council's wording under the member's name, with the
	// completion date filled in (see modules.Course.Certificate).
	Wording   string
	Completed time.Time // When the course was first completed.
	Modules   []Pass    // In course order.
	Code      string    // The verification code (see Code).
}

// Pass is one module and when the member passed it, for the completion the
// certificate names.
type Pass struct {
	Title  string
	Passed time.Time
}

// DateLayout is how a certificate writes dates: "Monday 2 January 2006".
const DateLayout = "Monday 2 January 2006"

// New makes member's certificate of the course from their events, oldest
// first. It returns an error wrapping ErrNotComplete if they have not
// completed it, or ErrErased if their details were erased. Dates are in
// loc (the member's or officer's time zone).
func New(member record.Member, events []record.Event, c *modules.Course, loc *time.Location) (Certificate, error) {
	if member.Erased {
		return Certificate{}, fmt.Errorf("member %s: %w", member.Number, ErrErased)
	}
	ids := c.ModuleIDs()
	done, ok := progress.CompletingEvent(events, ids)
	code := Code(events, ids)
	if !ok || code == "" {
		return Certificate{}, fmt.Errorf("member %s %w", member.Number, ErrNotComplete)
	}
	completed := done.Time.In(loc)
	cert := Certificate{
		Member: safetext.Visible(member.Name), Number: member.Number,
		Council: c.Council, Course: c.Title, Guidance: c.GuidanceTitle, GuidanceVersion: c.GuidanceVersion,
		Wording:   c.Certificate(completed.Format(DateLayout), nil),
		Completed: completed, Code: code,
	}
	// Each module's pass is its first, up to the completing event: the
	// passes that made the completion the code names.
	first := map[string]time.Time{}
	for _, e := range events {
		if e.Seq > done.Seq {
			break
		}
		if _, seen := first[e.Module]; e.Kind == record.ModuleCompleted && !seen {
			first[e.Module] = e.Time.In(loc)
		}
	}
	for _, m := range c.Modules {
		cert.Modules = append(cert.Modules, Pass{Title: m.Title, Passed: first[m.ID]})
	}
	return cert, nil
}

// fileName is a name for the certificate's file that is safe on every
// system: "certificate-" and the member's name in letters, digits and
// hyphens (accents kept), then the code, and ".pdf".
func (c Certificate) fileName() string {
	var b strings.Builder
	hyphen := false
	for _, r := range c.Member {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			hyphen = false
		case !hyphen && b.Len() > 0:
			b.WriteByte('-')
			hyphen = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "member-" + c.Number
	}
	return "certificate-" + name + "-" + c.Code + ".pdf"
}

// Folder is where a member's own certificate is saved: their Documents
// folder, or else Downloads, or else their home folder.
func Folder() (string, error) { return userdir.Documents() }

// Save writes the certificate as a PDF in dir, under a name safe on every
// system (see fileName), in full or not at all (replacing an earlier
// copy), and returns its path.
func (c Certificate) Save(dir string, issued time.Time) (string, error) {
	path := filepath.Join(dir, c.fileName())
	err := atomicfile.Write(path, 0o600, func(w *bufio.Writer) error { return c.WritePDF(w, issued) })
	if err != nil {
		return "", err
	}
	return path, nil
}
