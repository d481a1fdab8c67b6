// Package ui is the course in the terminal: welcome and registration, the
// home screen, the lesson reader and the search, the scenario quizzes and
// their review, and the completion certificate.
//
// It owns what a member sees and the keys they press: one root Model, the
// state the screens share (common), and the screens, listed in one table
// in screen.go. The self-contained parts of the screens are components in
// the packages under this one, each told what it needs (its size, styles,
// keys, and the data or a small interface it reads) and none reaching
// into common: the welcome, the registration form and the enrolment by
// code (enrol), the lesson reader and its shared page cache (reader), the
// search (search), the list every list scrolls and is found in with
// (list), the help under every screen (frame), the keys (keys), the text
// helpers that measure in terminal cells (cells) and the bubbles' set-up
// (widgets). The root wraps each component as a screen and moves between
// them. It owns neither the course nor the records: content comes
// read-only from internal/modules, grading from internal/quiz, and
// members and their progress through the Records interface, which
// internal/store's Store satisfies.
//
// It must not import go.etcd.io/bbolt, nor reach the record file other than
// through Records, so that every screen runs on a fake in tests and the
// store can change without touching a screen. Nothing slow happens in Update
// or View: reading and writing records and rendering Markdown happen in
// commands that report back with typed messages. Answers are saved when
// submitted, so quitting at any moment loses nothing.
package ui
