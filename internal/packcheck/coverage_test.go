package packcheck

import (
	"strings"
	"testing"

	"course/internal/modules"
	"course/internal/modules/modulestest"
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

func TestWriteCoverage(t *testing.T) {
	c, err := modules.Load(modulestest.ValidFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteCoverage(&b, c, 80); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"1.2   one", "one-b", "2.1   two", "2 modules, 3 questions, 3 guidance paragraphs."} {
		if !strings.Contains(out, want) {
			t.Errorf("coverage output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if len(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}
