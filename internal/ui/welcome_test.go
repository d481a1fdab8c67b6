package ui

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"course/content/contenttest"
	"course/internal/record"
	"course/internal/store"
)

// rosterSizes are the windows the welcome list is tried at: the usual
// one, a small one, and the smallest the course works in.
var rosterSizes = [][2]int{{80, 24}, {60, 16}, {minWidth, minHeight}}

// roster is n members with different names, "Seán O'Neill" and "Quinn
// Hughes" among them, each with a ward.
func roster(n int) []record.NewMember {
	first := []string{"Ann", "Bethan", "Carys", "Dafydd", "Eleri", "Fiona", "Gareth", "Huw", "Ifan", "Jane",
		"Kieran", "Llinos", "Megan", "Niamh", "Owen", "Priya", "Rhys", "Siân", "Tomás", "Wyn"}
	last := []string{"Lee", "Owusu", "Jones", "Evans", "Patel", "Lloyd-Hughes", "Murphy", "Davies", "Kaur", "Ó Briain",
		"Ahmed", "Brown", "Clarke", "Doyle", "Ellis", "Ford", "Green", "Hart", "Ivanova", "Khan"}
	rows := make([]record.NewMember, n)
	for i := range rows {
		rows[i] = record.NewMember{Name: first[i%len(first)] + " " + last[i/len(first)%len(last)], Ward: "Ward " + strconv.Itoa(i%7+1)}
	}
	rows[(n/2+5)%n] = record.NewMember{Name: "Seán O'Neill", Ward: "Abbey"}
	rows[n/3] = record.NewMember{Name: "Quinn Hughes", Ward: "Castle"}
	return rows
}

// rosterHarness starts the course on a record file holding a roster of n
// members, the one called last having used the course last ("" for
// nobody).
func rosterHarness(t *testing.T, n int, last string, width, height int) (*harness, []record.Member) {
	t.Helper()
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	if _, err := recs.ImportMembers(roster(n), nil); err != nil {
		t.Fatal(err)
	}
	members, err := recs.Members()
	if err != nil || len(members) != n {
		t.Fatalf("%d members, %v", len(members), err)
	}
	for _, m := range members {
		if m.Name == last {
			if err := recs.SetLastMember(m.Number); err != nil {
				t.Fatal(err)
			}
		}
	}
	return startHarness(t, recs, width, height), members
}

// chosen is the row of the welcome list under the cursor, as the screen
// shows it. It fails the test unless exactly one row is marked, and the
// screen fits the window and says how to quit.
func (h *harness) chosen() string {
	h.t.Helper()
	s := h.screen()
	var marked []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "› ") {
			marked = append(marked, strings.TrimSpace(strings.TrimPrefix(l, "› ")))
		}
	}
	if len(marked) != 1 {
		h.t.Fatalf("%d rows are marked as chosen, want 1:\n%s", len(marked), s)
	}
	c := h.root().c
	checkFits(h.t, s, c.width, c.height, "welcome")
	return marked[0]
}

// memberShown is the member whose row reads label.
func memberShown(t *testing.T, members []record.Member, label string) record.Member {
	t.Helper()
	for _, m := range members {
		if m.Name+" · "+m.Ward == label {
			return m
		}
	}
	t.Fatalf("no member's row reads %q", label)
	return record.Member{}
}

var moreRe = regexp.MustCompile(`(?m)^  ([↑↓]) (\d+) more$`)

// checkCounts fails the test unless the lines above and below the rows
// shown say how many rows are out of view, and every row counts once.
func (h *harness) checkCounts(rows int) {
	h.t.Helper()
	s := h.screen()
	counts := map[string]int{}
	for _, m := range moreRe.FindAllStringSubmatch(s, -1) {
		counts[m[1]], _ = strconv.Atoi(m[2])
	}
	w := h.root().welcome()
	from, to := w.List().Shown()
	if counts["↑"] != from || counts["↓"] != rows-to {
		h.t.Fatalf("the screen says ↑ %d more and ↓ %d more; rows %d to %d of %d are shown:\n%s", counts["↑"], counts["↓"], from, to, rows, s)
	}
}

// TestWelcomeListKeepsTheChoiceOnScreen: with a roster of any length, in
// any window the course works in, the row under the cursor is on screen
// after every key, the screen says how many rows are above and below,
// and enter opens exactly the member whose row is marked.
func TestWelcomeListKeepsTheChoiceOnScreen(t *testing.T) {
	for _, n := range []int{40, 400} {
		for _, size := range rosterSizes {
			t.Run(fmt.Sprintf("%d members at %dx%d", n, size[0], size[1]), func(t *testing.T) {
				h, members := rosterHarness(t, n, "", size[0], size[1])
				rows := n + 1
				if got := h.chosen(); got != "Someone else: register" {
					t.Errorf("with nobody remembered the list opens on %q", got)
				}
				h.checkCounts(rows)
				h.press("home")
				if got, want := h.chosen(), members[0].Name+" · "+members[0].Ward; got != want {
					t.Errorf("home chose %q, want %q", got, want)
				}
				for i := 1; i <= 25; i++ {
					h.press("down")
					if got, want := h.chosen(), members[i].Name+" · "+members[i].Ward; got != want {
						t.Fatalf("down ×%d chose %q, want %q", i, got, want)
					}
					h.checkCounts(rows)
				}
				page := h.root().welcome().List().Page()
				if page < 1 || page >= rows {
					t.Fatalf("a page is %d rows", page)
				}
				h.press("pgdown")
				if got, want := h.chosen(), members[25+page].Name+" · "+members[25+page].Ward; got != want {
					t.Errorf("PgDn chose %q, want %q", got, want)
				}
				h.checkCounts(rows)
				h.press("pgup", "pgup")
				if got, want := h.chosen(), members[25-page].Name+" · "+members[25-page].Ward; got != want {
					t.Errorf("PgUp ×2 chose %q, want %q", got, want)
				}
				h.checkCounts(rows)
				h.press("end")
				if got := h.chosen(); got != "Someone else: register" {
					t.Errorf("end chose %q", got)
				}
				h.checkCounts(rows)
				h.press("up", "up")
				want := memberShown(t, members, h.chosen())
				if want.Number != members[n-2].Number {
					t.Errorf("end, up ×2 chose %s, want %s", want.Name, members[n-2].Name)
				}
				h.press("enter")
				if got := h.root().c.member; h.root().state != stateHome || got.Number != want.Number {
					t.Fatalf("enter opened %s (%s) on %s; the marked row was %s (%s)", got.Name, got.Number, h.root().state, want.Name, want.Number)
				}
			})
		}
	}
}

// TestWelcomeOpensOnTheLastMember: the list opens on the member who used
// the course last, named above it, wherever they are in a long roster;
// enter opens them, and the row marked is theirs.
func TestWelcomeOpensOnTheLastMember(t *testing.T) {
	for _, size := range rosterSizes {
		h, members := rosterHarness(t, 400, "Seán O'Neill", size[0], size[1])
		h.contains("Last here: Seán O'Neill · Abbey")
		if got := h.chosen(); got != "Seán O'Neill · Abbey" {
			t.Fatalf("%dx%d: the list opens on %q, not the last member", size[0], size[1], got)
		}
		h.checkCounts(401)
		sean := memberShown(t, members, "Seán O'Neill · Abbey")
		h.press("enter")
		if got := h.root().c.member.Number; got != sean.Number {
			t.Errorf("%dx%d: enter opened member %s, want %s", size[0], size[1], got, sean.Number)
		}
	}
}

// TestTypingFindsAName: typing the start of a name's words, without
// their accents or apostrophe, in any case, narrows the list to the names
// that have them, and enter opens the member found. q and the other
// letters are typed, not taken as keys.
func TestTypingFindsAName(t *testing.T) {
	for _, size := range rosterSizes {
		for _, typed := range []string{"sean", "SEAN O", "oneill", "o'neill", "neill", "Seán", "abbey", "sean abb"} {
			h, members := rosterHarness(t, 400, "", size[0], size[1])
			h.typeText(typed)
			if got := h.chosen(); got != "Seán O'Neill · Abbey" {
				t.Fatalf("%dx%d: typing %q chose %q", size[0], size[1], typed, got)
			}
			h.contains("1 of 400 found")
			sean := memberShown(t, members, "Seán O'Neill · Abbey")
			h.press("enter")
			if got := h.root().c.member.Number; got != sean.Number {
				t.Fatalf("%dx%d: after typing %q enter opened member %s, want %s", size[0], size[1], typed, got, sean.Number)
			}
		}
	}

	h, members := rosterHarness(t, 40, "", 80, 24)
	h.typeText("q")
	if h.root().state != stateWelcome {
		t.Fatalf("q left the welcome screen for %s", h.root().state)
	}
	h.typeText("uinn")
	if got := h.chosen(); got != "Quinn Hughes · Castle" {
		t.Errorf("typing quinn chose %q", got)
	}
	// Narrowing further and back: the list follows every key.
	h.press("backspace", "backspace", "backspace", "backspace")
	h.contains("Find: q")
	h.typeText("zz")
	h.contains("None found: esc to clear")
	if got := h.chosen(); got != "Someone else: register" {
		t.Errorf("with nothing found %q is chosen", got)
	}
	h.press("esc")
	if w := h.root().welcome(); w.Typed() != "" || w.Found() != 40 {
		t.Errorf("esc left %q typed and %d found", w.Typed(), w.Found())
	}
	h.press("esc")
	if h.root().state != stateWelcome {
		t.Errorf("esc with nothing typed left the welcome screen for %s", h.root().state)
	}
	// A name found among several: the cursor moves among those found.
	h.typeText("ann")
	first := h.chosen()
	h.press("down")
	second := memberShown(t, members, h.chosen())
	if second.Name+" · "+second.Ward == first || !strings.Contains(strings.ToLower(second.Name), "ann") {
		t.Errorf("down among those found for ann went from %q to %q", first, second.Name)
	}
	// Clearing what was typed keeps the member chosen among those found.
	h.press("esc")
	if got := memberShown(t, members, h.chosen()); got.Number != second.Number {
		t.Errorf("esc moved from %s to %s", second.Name, got.Name)
	}
	h.press("enter")
	if got := h.root().c.member.Number; got != second.Number {
		t.Errorf("enter opened member %s, want %s", got, second.Number)
	}
}

// TestWelcomeQuitsWithCtrlC: where names are typed, q is a letter and
// ctrl+c quits, and the help line says so; ? still lists the keys.
func TestWelcomeQuitsWithCtrlC(t *testing.T) {
	h, _ := rosterHarness(t, 40, "", 80, 24)
	lines := strings.Split(h.screen(), "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "ctrl+c quit") || strings.Contains(help, "q quit") {
		t.Errorf("help line: %q", help)
	}
	if _, cmd := h.m.Update(keyMsg("q")); cmd != nil {
		if _, ok := cmd().(tea.QuitMsg); ok {
			t.Error("q quit the welcome screen, where it is typed")
		}
	}
	h.press("?")
	h.contains("All keys", "PgUp/PgDn page", "home/end first/last", "type a name to find it")
	if v := h.root().welcome().Typed(); v != "" {
		t.Errorf("? was typed: %q", v)
	}
	h.press("esc")
	if h.root().showHelp {
		t.Error("esc did not close the keys")
	}
	_, cmd := h.m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("ctrl+c did not quit")
	}
}

// TestWelcomeHelpNamesOnlyKeysThatWork: the page and end keys are named
// only when the list does not all fit; with nobody on the record, nothing
// is typed and q quits.
func TestWelcomeHelpNamesOnlyKeysThatWork(t *testing.T) {
	h, _ := rosterHarness(t, 3, "", 80, 24)
	h.press("?")
	if s := h.screen(); strings.Contains(s, "PgUp") || strings.Contains(s, "home/end") || !strings.Contains(s, "type a name") {
		t.Errorf("a short list's keys:\n%s", s)
	}
	empty := newHarness(t, 80, 24)
	if s := empty.screen(); strings.Contains(s, "Find") || !strings.Contains(s, "q quit") {
		t.Errorf("with nobody on the record:\n%s", s)
	}
}

// hostileRecords hands the screens a member whose name carries escape
// sequences, as a record file written by something else could.
type hostileRecords struct{ *store.Store }

func (r hostileRecords) Members() ([]record.Member, error) {
	members, err := r.Store.Members()
	for i := range members {
		members[i].Name = "Eve\x1b]0;owned\x07 " + members[i].Name + "\x1b[2J"
	}
	return members, err
}

// TestWelcomeNamesAreInert: a name's escape sequences never reach the
// terminal, in the list, in the "last here" line or when found by typing.
func TestWelcomeNamesAreInert(t *testing.T) {
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	if _, err := recs.ImportMembers(roster(40), nil); err != nil {
		t.Fatal(err)
	}
	members, _ := recs.Members()
	if err := recs.SetLastMember(members[30].Number); err != nil {
		t.Fatal(err)
	}
	h := startOn(t, hostileRecords{recs}, contenttest.Course(t), 80, 24)
	check := func(where string) {
		t.Helper()
		if content := h.m.View().Content; strings.Contains(content, "owned") || strings.Contains(content, "\x1b[2J") || strings.Contains(content, "\x07") {
			t.Errorf("%s: a name's escape sequence reached the screen", where)
		}
	}
	check("the list")
	h.contains("Last here: Eve " + members[30].Name)
	h.typeText("eve")
	check("found by typing")
	h.contains("40 of 40 found")
}

// TestWelcomeRosterScreens compares the welcome screen of a long roster
// with its golden files (regenerate with go test ./internal/ui -update).
func TestWelcomeRosterScreens(t *testing.T) {
	h, _ := rosterHarness(t, 40, "Seán O'Neill", 80, 24)
	t.Run("40-last-member", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("end")
	t.Run("40-end", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.typeText("sean")
	t.Run("40-found", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	small, _ := rosterHarness(t, 400, "Seán O'Neill", 60, 16)
	t.Run("400-small", func(t *testing.T) { golden.RequireEqual(t, small.screen()) })
	small.press("pgdown")
	t.Run("400-small-pgdown", func(t *testing.T) { golden.RequireEqual(t, small.screen()) })

	least, _ := rosterHarness(t, 400, "", minWidth, minHeight)
	t.Run("400-smallest", func(t *testing.T) { golden.RequireEqual(t, least.screen()) })
}

// TestModuleListScrolls: in the smallest window the modules do not all
// fit; the chosen one stays on screen, end reaches the last, and enter
// opens it.
func TestModuleListScrolls(t *testing.T) {
	h := newHarness(t, minWidth, minHeight)
	h.register("Robin Hart")
	n := len(h.course.Modules)
	h.press("end")
	last := h.course.Modules[n-1]
	if !regexp.MustCompile(`(?m)^› ` + strconv.Itoa(last.Number) + `  `).MatchString(h.screen()) {
		t.Fatalf("end: module %d is not marked on screen:\n%s", last.Number, h.screen())
	}
	h.contains("↑ ")
	checkFits(t, h.screen(), minWidth, minHeight, "home")
	h.press("home")
	h.contains("› Start module 1", "↓ ")
	h.press("pgdown", "enter")
	if r := h.root().reader(); h.root().state != stateReader || r.Module() == nil {
		t.Fatalf("enter on a module opened %s", h.root().state)
	}
}

// TestSearchResultsGoToEitherEnd: home and end reach the first and last
// result, which is on screen.
func TestSearchResultsGoToEitherEnd(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("/")
	h.typeText("guidance")
	n := len(h.root().search().Results())
	h.press("end")
	if at := h.root().search().Index(); at != n-1 {
		t.Errorf("end chose result %d of %d", at+1, n)
	}
	h.contains("› ", "↑ ")
	h.press("home")
	if at := h.root().search().Index(); at != 0 {
		t.Errorf("home chose result %d", at+1)
	}
	if v := h.root().search().Query(); v != "guidance" {
		t.Errorf("the search words became %q", v)
	}
}
