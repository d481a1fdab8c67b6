// Package ui is the course in the terminal: welcome and registration, the
// home screen, the lesson reader and the search, the scenario quizzes and
// their review, and the completion certificate.
//
// It owns what a member sees and the keys they press: one root Model, the
// state the screens share (common), the screens themselves, listed in one
// table in screen.go, the keys, the styles, the list that every list on
// the screens scrolls, counts and is found in with (list.go), and the text
// helpers that measure in terminal cells (text.go). It owns neither the course nor the
// records: content comes read-only from internal/modules, grading from
// internal/quiz, and members and their progress through the Records
// interface, which internal/store's Store satisfies.
//
// It must not import go.etcd.io/bbolt, nor reach the record file other than
// through Records, so that every screen runs on a fake in tests and the
// store can change without touching a screen. Nothing slow happens in Update
// or View: reading and writing records and rendering Markdown happen in
// commands (commands.go) that report back with typed messages. Answers are
// saved when submitted, so quitting at any moment loses nothing.
package ui
