// Package modulestest holds a small content pack for the tests of the
// packages that load or check one.
package modulestest

import "testing/fstest"

// Settings is a course.yaml with three paragraphs and an advice team.
const Settings = `council: Test Council
guidance:
  title: Test Guidance
  version: "1.0"
pass_mark: 80
xapi:
  home_page: https://example.org
  activity_base: https://example.org/course
advice:
  - team: Records team
    email: records@example.org
paragraphs:
  - id: "1.1"
    topic: First
  - id: "1.2"
    topic: Second
  - id: "2.1"
    topic: Third
`

// Lesson is modules/1-one.md, teaching 1.1 and 1.2.
const Lesson = `---
id: one
title: Lesson one
section: 1
teaches: ["1.1", "1.2"]
minutes: 5
summary: The first lesson.
---

## Start
Be kind online (Guidance 1.1).

## Summary
Ask first (Guidance 1.1, 1.2).
`

// Quiz is modules/1-one.quiz.yaml: a single-answer and a select-all question.
const Quiz = `questions:
  - id: one-a
    type: single
    scenario: A resident writes to you.
    question: What do you do?
    cites: ["1.1"]
    options:
      - text: Reply politely.
        correct: true
        feedback: Right (Guidance 1.1).
      - text: Ignore it.
        feedback: Wrong.
  - id: one-b
    type: multiple
    question: Which apply?
    cites: ["1.2"]
    options:
      - text: A
        correct: true
        feedback: Yes.
      - text: B
        correct: true
        feedback: Yes.
      - text: C
        feedback: No.
`

// Lesson2 is modules/2-two.md, teaching 2.1.
const Lesson2 = `---
id: two
title: Lesson two
section: 2
teaches: ["2.1"]
minutes: 3
---
## Only page
Text (Guidance 2.1).
`

// Quiz2 is modules/2-two.quiz.yaml.
const Quiz2 = `questions:
  - id: two-a
    type: single
    question: Which?
    cites: ["2.1"]
    options:
      - text: This.
        correct: true
        feedback: Yes.
      - text: That.
        feedback: No.
`

// ValidFS is a small valid pack of two modules, with a file and a folder
// that are not modules, in a map each test may change.
func ValidFS() fstest.MapFS {
	return fstest.MapFS{
		"course.yaml":              {Data: []byte(Settings)},
		"modules/1-one.md":         {Data: []byte(Lesson)},
		"modules/1-one.quiz.yaml":  {Data: []byte(Quiz)},
		"modules/2-two.md":         {Data: []byte(Lesson2)},
		"modules/2-two.quiz.yaml":  {Data: []byte(Quiz2)},
		"modules/README.txt":       {Data: []byte("notes")},
		"modules/drafts/ignore.md": {Data: []byte("not a module")},
	}
}
