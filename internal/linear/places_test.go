package linear

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/progress/progresstest"
)

// TestSearchNamesALastPlaceAlone: search results whose last page holds
// one place name it as one place, never as "places 26 to 26".
func TestSearchNamesALastPlaceAlone(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	var query string
	var n int
	for _, q := range []string{"group", "residents", "account", "advice", "councillor", "post"} {
		if n = len(coursework.Search(c, progress.Progress{}, q)); n > searchPage && n%searchPage == 1 {
			query = q
			break
		}
	}
	if query == "" {
		t.Skip("no word finds a last page of one place in this course")
	}
	out := run(t, c, s, m.Number, "search "+query+"\n"+strings.Repeat("\n", n/searchPage)+"\nquit\n")
	for _, p := range regexp.MustCompile(`(?i)places (\d+) to (\d+)`).FindAllStringSubmatch(out, -1) {
		if p[1] == p[2] {
			t.Errorf("the search says %q", p[0])
		}
	}
	if !strings.Contains(out, fmt.Sprintf("Place %d:", n)) {
		t.Errorf("the last page does not say Place %d:\n%s", n, out)
	}
}
