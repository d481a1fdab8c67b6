package ui

// Goodbye is the line to print once the course has closed, which clears
// the screen: what became of the member's answers, and command, the
// command that opens the course again.
func (m Model) Goodbye(command string) string {
	if m.c.member.Number == "" {
		return "Nothing was saved: nobody was chosen. Type " + command + " to start again."
	}
	// A result still being written is written when the quiz is opened
	// again (toQuiz); an answer is not.
	if q, ok := m.screens[stateQuiz].(quizModel); ok && m.state == stateQuiz && q.phase == phaseSaving {
		return "Your last answer may not be saved. Type " + command + " to carry on from the answers that are."
	}
	return "Your answers are saved. Type " + command + " to carry on."
}
