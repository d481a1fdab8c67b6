package modules

import (
	"slices"
	"strings"
	"testing"

	"course/internal/quiz"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Siŵr":        "siwr",
		"ŷ ŵ â ê î ô": "y w a e i o",
		"Café Éire":   "cafe eire",
		"Çà ÑÖ":       "ca no",
		"plain ASCII": "plain ascii",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldedSpansAreInTheOriginalText(t *testing.T) {
	text := "Dw i ddim yn siŵr. Ydych chi'n SIŴR?"
	spans := FoldedSpans(text, SearchWords("siwr"))
	var got []string
	for _, sp := range spans {
		got = append(got, text[sp[0]:sp[1]])
	}
	if want := []string{"siŵr", "SIŴR"}; !slices.Equal(got, want) {
		t.Errorf("spans cover %q, want %q", got, want)
	}
	if spans := FoldedSpans("café", SearchWords("cafe")); len(spans) != 1 || spans[0] != [2]int{0, len("café")} {
		t.Errorf("café spans %v", spans)
	}
}

func TestSearchFoldsAccents(t *testing.T) {
	c := &Course{Modules: []*Module{{ID: "m", Body: "# Diogelwch\n\nOs nad ydych yn siŵr, gofynnwch.\n"}}}
	for _, q := range []string{"siwr", "SIŴR", "nad ydych siwr"} {
		if got := c.Search(q); len(got) != 1 || got[0].Line != 2 {
			t.Errorf("Search(%q) = %+v, want the line with siŵr", q, got)
		}
	}
	if got := c.Search("sure"); len(got) != 0 {
		t.Errorf("Search(sure) = %+v", got)
	}
}

func TestSearchSaysWhichPartAndOrdersParagraphs(t *testing.T) {
	c := &Course{
		Paragraphs: []Paragraph{{ID: "4.1"}, {ID: "4.2"}, {ID: "4.10"}},
		Modules: []*Module{{ID: "m", Body: "Nothing here.\n", Questions: []quiz.Question{{
			ID: "q", Module: "m", Prompt: "Which?", Cites: []string{"4.10", "4.1"},
			Options: []quiz.Option{{Text: "Report it", Correct: true, Feedback: "Yes."}, {Text: "Ignore the abuse", Feedback: "No."}},
		}}}},
	}
	got := c.Search("abuse")
	if len(got) != 1 || got[0].Part != WrongAnswer || got[0].Part.String() != "quiz: a wrong answer" || !slices.Equal(got[0].Paragraphs, []string{"4.1", "4.10"}) {
		t.Errorf("Search = %+v", got)
	}
}

func TestEstimateMinutes(t *testing.T) {
	body := strings.Repeat("word ", 460) // two minutes at 230 words a minute
	m := &Module{Body: body, Questions: []quiz.Question{{Prompt: "Which?", Options: []quiz.Option{{Text: "A"}, {Text: "B"}}}, {Prompt: "Why?"}}}
	if got := estimateMinutes(m); got != 3 { // 2 minutes of reading, a minute of two answers
		t.Errorf("estimateMinutes = %d, want 3", got)
	}
	if got := estimateMinutes(&Module{}); got != 1 {
		t.Errorf("an empty module takes %d minutes, want at least 1", got)
	}
	if got := countWords("**Bold** words, and (Guidance 3.8) don't count marks."); got != 9 { // 3.8 is two
		t.Errorf("countWords = %d, want 9", got)
	}
}

func TestSearchMatchesWordsFromTheirStart(t *testing.T) {
	c := &Course{Modules: []*Module{{ID: "m", Body: "Act exactly as the Equality Act says.\n\nThe characteristic is clear.\n\nTake actions.\n"}}}
	if got := c.Search("act"); len(got) != 2 {
		t.Errorf("Search(act) found %d places, want the two where a word starts with act: %+v", len(got), got)
	}
	spans := FoldedSpans("Act exactly as the Equality Act says.", SearchWords("act"))
	if len(spans) != 2 || spans[0][0] != 0 || spans[1][0] != strings.Index("Act exactly as the Equality Act says.", "Act says") {
		t.Errorf("spans %v: want the two words Act", spans)
	}
}
