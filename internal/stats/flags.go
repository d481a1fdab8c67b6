package stats

import (
	"fmt"
	"strings"
)

// Flag is something about a question for its author to look at, with the
// reason in plain words.
type Flag struct {
	Code   string `json:"code"` // One of the flags' constants, such as TooEasy.
	Reason string `json:"reason"`
}

// The flags, with the limits they use. The limits follow Moodle's
// reading of the figures: a facility of 90% or more is "very easy", under
// 20% "difficult" or worse; a discrimination under 0 means the question
// is probably invalid, and near 0 that it tells nobody apart.
const (
	TooEasy         = "too-easy"
	TooHard         = "too-hard"
	NegativeDisc    = "negative-discrimination"
	NearZeroDisc    = "near-zero-discrimination"
	UnusedDistract  = "unused-distractor"
	DistractorLeads = "distractor-chosen-more"

	easyFrom     = 90.0 // facility, per cent
	hardBelow    = 20.0 // facility, per cent
	nearZeroDisc = 10.0 // discrimination index
)

// flags finds what to look at in a question whose figures are shown.
func flags(q Question) []Flag {
	var fs []Flag
	add := func(code, format string, args ...any) {
		fs = append(fs, Flag{Code: code, Reason: fmt.Sprintf(format, args...)})
	}
	switch {
	case q.Facility >= easyFrom:
		add(TooEasy, "too easy: %s of answers were right, so it tells nobody apart; make the wrong options more tempting", percent(q.Facility))
	case q.Facility < hardBelow || q.Facility <= q.RandomGuess:
		add(TooHard, "too hard: only %s of answers were right (a guess gets %s); check the right answer and the wording", percent(q.Facility), percent(q.RandomGuess))
	}
	switch d := q.Discrimination; {
	case !Known(d):
	case d < 0:
		add(NegativeDisc, "negative discrimination (%s): members who did well on the rest of the quiz got it wrong more often than those who did badly; check the right answer and look for a misleading word", number(d))
	case d < nearZeroDisc:
		add(NearZeroDisc, "discrimination near zero (%s): strong and weak members get it right alike, so it measures little", number(d))
	}
	leastRight := -1
	for _, o := range q.Options {
		if o.Right && (leastRight < 0 || o.Chosen < leastRight) {
			leastRight = o.Chosen
		}
	}
	var unused, leading []string
	for i, o := range q.Options {
		switch {
		case o.Right:
		case o.Chosen == 0:
			unused = append(unused, fmt.Sprintf("option %d (%s)", i+1, short(o.Text)))
		case o.Chosen > leastRight:
			leading = append(leading, fmt.Sprintf("option %d (%s, %s)", i+1, short(o.Text), percent(o.Share)))
		}
	}
	if len(unused) > 0 {
		add(UnusedDistract, "a wrong option nobody chose: %s; it distracts nobody, so make it plausible or replace it", strings.Join(unused, ", "))
	}
	if len(leading) > 0 {
		add(DistractorLeads, "a wrong option chosen more often than the right answer: %s; check the right answer, or what in the guidance misleads", strings.Join(leading, ", "))
	}
	return fs
}

// percent writes a share as people read it: "82%".
func percent(f float64) string {
	if !Known(f) {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", f)
}

// number writes a figure rounded to a whole number, "-" when not known.
func number(f float64) string {
	if !Known(f) {
		return "-"
	}
	return fmt.Sprintf("%.0f", f)
}

// short is an option's text cut to a few words, quoted.
func short(s string) string {
	const most = 40
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > most {
		return `"` + strings.TrimSpace(string(r[:most-1])) + `…"`
	}
	return `"` + string(r) + `"`
}
