package export

import (
	"slices"

	"course/internal/record"
)

// Statements makes the xAPI statements of a record's events in batches, for
// sending to a learning record store: the same statements, with the same
// ids, as an xAPI export of the same records (without names, which never
// travel this way).
//
// Events are given to Add one at a time, in log order, from the first:
// statements for events already sent are not made (emit false), but the
// events are still seen, since a quiz's duration and the course's
// completion depend on what came before. The statements made so far form
// the current batch, a JSON array; Take hands it out.
type Statements struct {
	x    *xapiExport
	buf  []byte // "[" and the statements, with commas between them.
	refs []StatementRef
}

// StatementRef names a statement in a batch: its id and the number of the
// event it was made from. One event can give two statements (the module
// completion that completes the course).
type StatementRef struct {
	ID  string
	Seq uint64
}

// Mark is a place in a batch (see Statements.Mark).
type Mark struct{ size, n int }

// NewStatements starts making statements for course c.
func NewStatements(c XAPICourse) (*Statements, error) {
	x, err := newXAPIExport(c, nil)
	if err != nil {
		return nil, err
	}
	s := &Statements{x: x, buf: []byte{'['}}
	x.out, x.refs = &s.buf, &s.refs
	return s, nil
}

// Add takes e into account and, if emit, adds its statements to the
// batch. It returns how many statements it added: none for events that
// are not learning records (see the package comment).
func (s *Statements) Add(e *record.EventView, emit bool) int {
	if !exported(e.Kind) {
		return 0
	}
	return s.x.event(e, emit)
}

// Len is the number of statements in the batch.
func (s *Statements) Len() int { return len(s.refs) }

// Size is the length in bytes of the batch as Take would give it.
func (s *Statements) Size() int { return len(s.buf) + len("\n]\n") }

// Mark is the batch's current end, to Take the batch as it is now after
// more statements have been added.
func (s *Statements) Mark() Mark { return Mark{size: len(s.buf), n: len(s.refs)} }

// Take returns the batch up to m as a JSON array of statements, and the
// statements in it, and starts the next batch with the statements added
// after m. The returned slices are the caller's.
func (s *Statements) Take(m Mark) (body []byte, refs []StatementRef) {
	body = make([]byte, 0, m.size+3)
	body = append(body, s.buf[:m.size]...)
	if m.n > 0 {
		body = append(body, '\n')
	}
	body = append(body, "]\n"...)
	refs = slices.Clone(s.refs[:m.n])

	rest := s.buf[m.size:]
	if m.n > 0 && len(rest) > 0 {
		rest = rest[1:] // the comma before the next statement
	}
	s.buf = append(s.buf[:1], rest...)
	s.refs = append(s.refs[:0], s.refs[m.n:]...)
	s.x.n = len(s.refs)
	return body, refs
}
