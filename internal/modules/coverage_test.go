package modules

import (
	"strings"
	"testing"
)

func TestWrapWordsKeepsIDsWhole(t *testing.T) {
	ids := []string{"purpose-reaching-residents", "purpose-range-of-ability", "purpose-risk-and-benefit", "general-aims"}
	got := wrapWords(ids, 50)
	want := []string{"purpose-reaching-residents,", "purpose-range-of-ability,", "purpose-risk-and-benefit, general-aims"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("wrapWords = %q, want %q", got, want)
	}
	if got := wrapWords([]string{"a-very-long-question-id-that-does-not-fit", "b"}, 20); len(got) != 2 || got[0] != "a-very-long-question-id-that-does-not-fit," {
		t.Errorf("a word longer than the line: %q", got)
	}
	if got := wrapWords(nil, 20); got != nil {
		t.Errorf("no words: %q", got)
	}
}
