// Package progress holds the course's rules over a member's record, as
// plain functions of their events: the progress derived from them
// (Derive), what finishing a quiz earns and the refresher renewals
// (FinishQuiz), that a finished attempt takes no more answers
// (Accept), the unfinished quiz to carry on with, and the event
// that completed the course.
//
// It stores nothing and does not import the store: the rules that decide
// what to record are handed to store.Store.Append, which runs them inside
// its write transaction with the member's record.History.
package progress
