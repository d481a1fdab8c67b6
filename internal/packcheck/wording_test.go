package packcheck

import (
	"strings"
	"testing"

	"course/internal/modules"
	"course/internal/modules/modulestest"
)

// TestCheckWording: a course named only after its guidance is warned about
// with what its certificate will read, and so is every feedback that opens
// with its own verdict, each at its file and line.
func TestCheckWording(t *testing.T) {
	fsys := modulestest.ValidFS()
	c, err := modules.Load(fsys, "pack")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range CheckWording(fsys, "pack", c) {
		got = append(got, p.String())
	}
	want := []string{
		`pack/course.yaml:1: the course has no title, so it is named after its guidance, "Test Guidance": ` +
			`the certificate will be headed "Test Guidance" and read "completed the Test Guidance / of Test Council (Test Guidance, version 1.0) / on [date]."`,
		`pack/modules/1-one.quiz.yaml:10: question "one-a" option 1: feedback starts with a verdict, "Right", which the course has already given (it says whether each answer is right before the feedback): start with the reason instead`,
		`pack/modules/1-one.quiz.yaml:12: question "one-a" option 2: feedback starts with a verdict, "Wrong", which`,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s", strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("warning %d = %s\nwant it to start %s", i+1, got[i], w)
		}
	}

	// A title of its own, and feedback that explains, leave nothing to say.
	fsys["course.yaml"].Data = []byte("title: Test course\n" + modulestest.Settings)
	fsys["modules/1-one.quiz.yaml"].Data = []byte(strings.NewReplacer("feedback: Right (Guidance 1.1).", "feedback: Politeness first (Guidance 1.1).",
		"feedback: Wrong.", "feedback: >-\n          Correct replies\n          matter.").Replace(modulestest.Quiz))
	if c, err = modules.Load(fsys, "pack"); err != nil {
		t.Fatal(err)
	}
	if ps := CheckWording(fsys, "pack", c); len(ps) != 0 {
		t.Errorf("warnings for good wording: %v", ps)
	}
	// A title that is the guidance's title reads the same.
	fsys["course.yaml"].Data = []byte("title: Test Guidance\n" + modulestest.Settings)
	if c, err = modules.Load(fsys, "pack"); err != nil {
		t.Fatal(err)
	}
	if ps := CheckWording(fsys, "pack", c); len(ps) != 1 || !strings.HasPrefix(ps[0].String(), `pack/course.yaml:1: the course's title is its guidance's title, "Test Guidance"`) {
		t.Errorf("warnings = %v", ps)
	}
}

func TestVerdicts(t *testing.T) {
	for text, want := range map[string]string{
		"Correct.":                       "Correct",
		"correct: the guidance says so.": "correct",
		"Incorrect!":                     "Incorrect",
		"Right (Guidance 3.8).":          "Right",
		"Wrong — see 3.8.":               "Wrong",
		"That's right.":                  "That's right",
		"Not quite. Think again.":        "Not quite",
		"Right to reply is kept.":        "",
		"Correctly, the guidance says.":  "",
		"Wrongly posted content stays.":  "",
		"No. The guidance says.":         "",
	} {
		got := ""
		if m := verdictRe.FindStringSubmatch(text); m != nil {
			got = m[1]
		}
		if got != want {
			t.Errorf("%q: verdict %q, want %q", text, got, want)
		}
	}
}
