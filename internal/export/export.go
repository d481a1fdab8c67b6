// Package export writes the records out for use elsewhere: every attempt
// and completion in the log, as CSV for spreadsheets, as JSON, or as xAPI
// statements for a learning record store. It also owns the rules for
// spreadsheet-safe CSV (CSVWriter), which reports use too.
//
// An export is every attempt and completion in the log: modules read to
// the end, questions answered, quizzes and refreshers finished and modules
// completed. Opening a module and the member events (added, updated,
// erased) are left out: they are not learning records, and the member
// events are about people rather than training.
//
// Rows name members by number. Names are added only when asked for
// (Options.Names): an export is a copy that travels (by email, to a
// learning record store, into a spreadsheet on a shared drive), and a
// number alone says nothing about the person, so a copy that goes astray
// discloses little, and an erased member stays erased in it.
//
// Exports stream: the log is read once, in order, from one consistent
// view of the records (store.Store.ReadLog), and rows are written as
// they are read, so memory use does not grow with the log.
//
// The package reads the records only through store.Store's methods and
// writes only to an io.Writer. It must not import bbolt (how the records
// are stored is progress's business) nor any terminal library (lipgloss,
// bubbletea, x/term): what a person sees on a screen is cmd/course's.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"course/internal/record"
	"course/internal/store"
)

// ErrInvalid means the options cannot make an export.
var ErrInvalid = errors.New("invalid export options")

// Format names an export's file format.
type Format string

// The export formats.
const (
	CSV  Format = "csv"  // Rows for a spreadsheet; see CSVWriter.
	JSON Format = "json" // An array of records with Fields.
	XAPI Format = "xapi" // An array of xAPI 1.0.3 statements.
)

// Fields are the fields of a CSV or JSON export record, in order. "name"
// is there only when Options.Names is set.
var Fields = []string{"seq", "time", "member", "name", "kind", "module", "module_version",
	"attempt", "question", "chosen", "correct", "score", "total", "passed", "app_version", "hash"}

// Options say what to export and how.
type Options struct {
	Format Format
	// Since keeps only events at or after this time; zero keeps all.
	Since time.Time
	// Names adds each member's name (empty once erased) to the records.
	Names bool
	// XAPI describes the course for xAPI statements; needed for XAPI.
	XAPI XAPICourse
}

// Result says what an export wrote and which records it was taken from.
type Result struct {
	Records int    // Records (rows or statements) written.
	Events  int    // Events in the log when it was read.
	Head    string // Hash of the newest event: the chain head.
}

// exported says whether events of a kind are exported: a learner's own
// doings in the course (see record.Kind.Learner).
func exported(kind []byte) bool { return record.Kind(kind).Learner() }

// Write writes every exported event since opts.Since from the store's log
// to w in opts.Format, and reports how many records it wrote and the chain
// head of the log it read (one consistent view). It stops with ctx's error
// if ctx is cancelled.
func Write(ctx context.Context, w io.Writer, recs *store.Store, opts Options) (Result, error) {
	var res Result
	err := recs.ReadLog(func(log *store.LogReader) error {
		var err error
		if res.Head, res.Events, err = log.End(); err != nil {
			return err
		}
		var names map[string]string
		if opts.Names {
			if names, err = log.Names(); err != nil {
				return err
			}
		}
		out := newSink(w)
		defer out.discard() // When the export fails; after close it does nothing.
		var format formatWriter
		switch opts.Format {
		case CSV:
			format = &csvExport{sink: out, names: names}
		case JSON:
			format = &jsonExport{sink: out, names: names}
		case XAPI:
			x, err := newXAPIExport(opts.XAPI, names)
			if err != nil {
				return err
			}
			x.out, x.flush = &out.buf, out.maybeFlush
			format = x
		default:
			return fmt.Errorf("%w: unknown export format %q (use csv, json or xapi)", ErrInvalid, opts.Format)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		format.begin()
		n := 0
		for e, err := range log.Events() {
			if err != nil {
				return err
			}
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := out.failed(); err != nil {
					return err
				}
			}
			if !exported(e.Kind) {
				continue
			}
			res.Records += format.event(e, !e.Time.Before(opts.Since))
		}
		format.end()
		return out.close()
	})
	if err != nil {
		return Result{}, fmt.Errorf("exporting: %w", err)
	}
	return res, nil
}

// formatWriter writes one format. event is called for every exported
// event in log order; emit is false for events before Options.Since, which
// a writer may still need to see (xAPI works out durations and course
// completion from earlier events). It returns the records it wrote.
type formatWriter interface {
	begin()
	event(e *record.EventView, emit bool) int
	end()
}

// sink collects output in a buffer and hands each full buffer to a
// goroutine that writes it, so that writing (copying into the file, about
// a third of the time a CSV export takes) goes on while the next rows are
// made. Two buffers take turns. The buffers are the size of the buffered
// writer that commands write files through, so that it passes them
// straight on.
type sink struct {
	buf  []byte
	full chan []byte // Buffers to write, in order.
	free chan []byte // Buffers written, to fill again.
	done chan struct{}
	mu   sync.Mutex
	err  error // The first write that failed; later buffers are not written.
}

const sinkChunk = 256 << 10

func newSink(w io.Writer) *sink {
	s := &sink{
		buf:  make([]byte, 0, sinkChunk+16<<10),
		full: make(chan []byte, 1),
		free: make(chan []byte, 2), // Room for both, so that the writer never waits to give one back.
		done: make(chan struct{}),
	}
	s.free <- make([]byte, 0, cap(s.buf))
	go func() {
		defer close(s.done)
		for b := range s.full {
			if s.failed() == nil {
				if _, err := w.Write(b); err != nil {
					s.mu.Lock()
					s.err = err
					s.mu.Unlock()
				}
			}
			s.free <- b[:0]
		}
	}()
	return s
}

// maybeFlush hands the buffer on once it is full.
func (s *sink) maybeFlush() {
	if len(s.buf) >= sinkChunk {
		s.full <- s.buf
		s.buf = <-s.free
	}
}

// failed is the first error in writing, or nil.
func (s *sink) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// discard stops the writing goroutine without writing what is left.
func (s *sink) discard() {
	s.buf = s.buf[:0]
	s.close()
}

// close writes what is left, waits until everything is written and
// returns the first error. Calling it again does nothing more.
func (s *sink) close() error {
	if s.full != nil {
		if len(s.buf) > 0 {
			s.full <- s.buf
		}
		close(s.full)
		<-s.done
		s.full = nil
	}
	return s.failed()
}

// isAnswer and isResult group the kinds by the fields they carry.
func isAnswer(e *record.EventView) bool { return record.Kind(e.Kind) == record.QuestionAnswered }

func isResult(e *record.EventView) bool {
	switch record.Kind(e.Kind) {
	case record.QuizFinished, record.ModuleCompleted, record.RefresherFinished:
		return true
	}
	return false
}

// resultPassed is whether a result event is a pass: a module-completed
// event always is (progress.Derive counts it as one whatever it carries).
func resultPassed(e *record.EventView) bool {
	return e.Passed || record.Kind(e.Kind) == record.ModuleCompleted
}
