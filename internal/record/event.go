// Package record holds the values the course's records are made of: the
// events of the log and their kinds (one table, kinds, says what each kind
// is), members and the checks of their details, the one rule of when two
// members are the same person and the matching of a roster by it, member
// numbers, SSH keys, enrolment codes and LRS cursors as values, the reading
// in place of a stored event (EventView), and the typed errors about them.
// It stores nothing: internal/store keeps them in the record file, and
// internal/progress holds the course's rules over them.
package record

import (
	"iter"
	"time"
)

// Kind names what happened.
type Kind string

// The kinds of event. A new kind is added here and to kinds below.
const (
	MemberAdded       Kind = "member-added"
	MemberUpdated     Kind = "member-updated"
	ModuleOpened      Kind = "module-opened"
	ModuleRead        Kind = "module-read" // Read to the end.
	QuestionAnswered  Kind = "question-answered"
	QuizFinished      Kind = "quiz-finished"
	ModuleCompleted   Kind = "module-completed"
	RefresherFinished Kind = "refresher-finished"
	MemberErased      Kind = "member-erased"
	// The keys a member can sign in with. Reason holds the key's
	// fingerprint; erasing a member removes their keys without an event of
	// its own.
	KeyAdded    Kind = "key-added"    // By an officer.
	KeyEnrolled Kind = "key-enrolled" // By the member, with an enrolment code.
	KeyRemoved  Kind = "key-removed"
	// InviteIssued is an enrolment code given out; Reason holds when it
	// expires (RFC 3339), never the code.
	InviteIssued Kind = "invite-issued"
	// HandInMerged marks that a hand-in file, taken from the record file on
	// a member's own computer, was merged into these records: HandIn holds
	// the file's SHA-256, Reason who merged it, Total how many events it
	// brought in. The events it brought in follow it, each with Origin and
	// HandIn set.
	HandInMerged Kind = "hand-in-merged"
	// InvitationSent is an enrolment code emailed to the member (after its
	// invite-issued event): Reason holds when the code expires (RFC 3339),
	// never the code.
	InvitationSent Kind = "invitation-sent"
	// ReminderSent is a reminder emailed to the member: Reason holds their
	// standing it reminded them of, as the report names it ("overdue").
	ReminderSent Kind = "reminder-sent"
	// EmailRefused is the member's email address refused for good by the
	// mail server (a 5xx reply to it, or an address it cannot send to):
	// Reason holds the server's reply ("550 5.1.1"), never the address.
	// A later change of the member's details, or a message sent to them
	// after it, puts the refusal behind them.
	EmailRefused Kind = "email-refused"
	// MemberSealed seals the details of a member stored before details
	// were sealed: it changes nothing, and carries DetailsDigest.
	MemberSealed Kind = "member-sealed"
)

// kindRules says, for each kind the log may hold, what the program does
// with its events: the one list of kinds.
type kindRules struct {
	// Learner says the event is a learner's own doing in the course, and
	// so is exported (CSV, JSON and xAPI statements).
	Learner bool
	// Attempt says the event adds to the quiz attempt it names, so that
	// it is refused once the attempt is finished.
	Attempt bool
	// Ends says the event ends the quiz attempt it names.
	Ends bool
	// Details says the event stores the member's details as they now are,
	// and (since details were sealed) carries their DetailsDigest.
	Details bool
}

var kinds = map[Kind]kindRules{
	MemberAdded:       {Details: true},
	MemberUpdated:     {Details: true},
	ModuleOpened:      {},
	ModuleRead:        {Learner: true},
	QuestionAnswered:  {Learner: true, Attempt: true},
	QuizFinished:      {Learner: true, Attempt: true, Ends: true},
	ModuleCompleted:   {Learner: true},
	RefresherFinished: {Learner: true, Attempt: true, Ends: true},
	MemberErased:      {Details: true},
	KeyAdded:          {},
	KeyEnrolled:       {},
	KeyRemoved:        {},
	InviteIssued:      {},
	HandInMerged:      {},
	InvitationSent:    {},
	ReminderSent:      {},
	EmailRefused:      {},
	MemberSealed:      {Details: true},
}

// Known says whether the log may hold events of kind k.
func (k Kind) Known() bool { _, ok := kinds[k]; return ok }

// Learner says whether events of kind k are a learner's own doing in the
// course, which exports carry.
func (k Kind) Learner() bool { return kinds[k].Learner }

// SetsDetails says whether an event of kind k stores the member's details
// as they now are: the latest such event of a member carries the digest
// their stored details must match.
func (k Kind) SetsDetails() bool { return kinds[k].Details }

// EndsAttempt says whether an event of kind k ends the quiz attempt it
// names.
func (k Kind) EndsAttempt() bool { return kinds[k].Ends }

// AddsToAttempt says an event adds to a quiz attempt: an answer, or the
// attempt's end.
func (e Event) AddsToAttempt() bool { return kinds[e.Kind].Attempt && e.Attempt != "" }

// ModeAccessible is the Mode of events written by the accessible (linear,
// screen-reader) course.
const ModeAccessible = "accessible"

// RefresherAnswer is the Reason of an answer given in a refresher rather
// than in its module's quiz, so that what reads the log knows it at the
// answer, before the refresher's end. Answers recorded before it existed
// have none.
const RefresherAnswer = "refresher"

// Event is one entry in the log. The caller sets what happened; the store
// sets Seq, Time, AppVersion, Prev and Hash when it appends the event.
// Fields are encoded in this order, and Hash must stay last: the stored
// form and its hash depend on it (see internal/store), and so does
// EventView's reading of it (see eventKeys).
type Event struct {
	Seq           uint64    `json:"seq"`
	Time          time.Time `json:"time"`
	Kind          Kind      `json:"kind"`
	Member        string    `json:"member,omitempty"` // Member number, never a name.
	Module        string    `json:"module,omitempty"`
	ModuleVersion string    `json:"module_version,omitempty"`
	Attempt       string    `json:"attempt,omitempty"` // From NewAttemptID.
	Question      string    `json:"question,omitempty"`
	// QuestionVersion is the answered question's version (quiz.Question's
	// Version), so that statistics never count an answer against a
	// question changed since. Omitted when empty: answers written before
	// it encode exactly as before.
	QuestionVersion string   `json:"question_version,omitempty"`
	Chosen          []int    `json:"chosen,omitempty"`
	Correct         bool     `json:"correct,omitempty"`
	Score           int      `json:"score,omitempty"` // Number correct.
	Total           int      `json:"total,omitempty"`
	Passed          bool     `json:"passed,omitempty"`
	Reason          string   `json:"reason,omitempty"`  // Why a member was erased; a key's fingerprint; when an invite expires; RefresherAnswer.
	Fields          []string `json:"fields,omitempty"`  // Names of the fields a member-updated event changed.
	Role            string   `json:"role,omitempty"`    // Member role, on member-added and when it changes.
	Elected         string   `json:"elected,omitempty"` // Elected date (YYYY-MM-DD), likewise.
	// DetailsDigest is the digest of the member's details as stored with
	// the event (see store/chain's StoreMember), on every event whose kind
	// SetsDetails. Omitted when empty, so that events written before it
	// encode exactly as before.
	DetailsDigest string `json:"details_digest,omitempty"`
	// Mode is how the course was taken when the event was written: "" for
	// the full-screen course, ModeAccessible for the linear transcript. It
	// comes before AppVersion so that, empty and omitted, the full-screen
	// course's events encode exactly as before.
	Mode string `json:"mode,omitempty"`
	// Origin is the hash an event brought in from a hand-in file had in
	// the record file it was first written to (FirstHash), and HandIn that
	// file's SHA-256; both are empty for an event written here. Such an
	// event keeps its first Time and AppVersion. Omitted when empty, like
	// Mode, so events written before them encode exactly as before.
	Origin     string `json:"origin,omitempty"`
	HandIn     string `json:"hand_in,omitempty"`
	AppVersion string `json:"app_version,omitempty"`
	Prev       string `json:"prev,omitempty"`
	Hash       string `json:"hash,omitempty"`
}

// FirstHash is the hash the event was first sealed with: its Origin if it
// was brought in from a hand-in file, else its Hash. A certificate's code
// and an xAPI statement's id are made from it, so that both stay the same
// when a member's records are merged into the council's.
func (e Event) FirstHash() string {
	if e.Origin != "" {
		return e.Origin
	}
	return e.Hash
}

// History is one member's events as a course rule reads them, inside the
// transaction that appends what the rule decides (store.Store.Append).
type History interface {
	// Summaries returns the member's events oldest first, holding only
	// the fields Derive reads: Seq, Time, Kind, Member, Module,
	// ModuleVersion, Score, Total and Passed.
	Summaries() ([]Event, error)
	// Newest yields the member's events newest first, as Summaries holds
	// them; a rule that has seen enough stops early.
	Newest() iter.Seq2[Event, error]
	// Event reads the whole of the member's event seq.
	Event(seq uint64) (Event, error)
}
