package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/dates"
	"course/internal/progress"
	"course/internal/record"
)

// membersByName returns the store's members keyed by name.
func membersByName(t *testing.T, s *Store) map[string]record.Member {
	t.Helper()
	list, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	byName := make(map[string]record.Member)
	for _, m := range list {
		if _, dup := byName[m.Name]; dup {
			t.Fatalf("two members are called %q", m.Name)
		}
		byName[m.Name] = m
	}
	return byName
}

// parseRosterText reads a simple roster (name,email,ward,role,date elected,
// no quoting) as package roster would, without depending on it.
func parseRosterText(t *testing.T, roster string) []record.NewMember {
	t.Helper()
	var list []record.NewMember
	for _, line := range strings.Split(strings.TrimSpace(roster), "\n")[1:] {
		f := strings.Split(line, ",")
		nm := record.NewMember{Name: f[0], Email: f[1], Ward: f[2], Role: f[3]}
		if f[4] != "" {
			d, err := dates.Parse(f[4])
			if err != nil {
				t.Fatal(err)
			}
			nm.Elected = d
		}
		list = append(list, nm)
	}
	return list
}

func rosterDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func eventCount(t *testing.T, s *Store) int {
	t.Helper()
	_, n, err := s.Head()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportMembers(t *testing.T) {
	s := newTestStore(t)
	self := addMember(t, s, "Dee Patel") // Registered herself in the course, with only a name.
	first := parseRosterText(t, "name,email,ward,role,date elected\n"+
		"Ann Lee,ann@example.gov.uk,Abbey,,04/05/2023\n"+
		"Bob Owusu,,Castle,co-opted,\n"+
		"dee  patel,,Deanery,,04/05/2023\n")
	res, err := s.ImportMembers(first, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Added: 2, Updated: 1}) {
		t.Errorf("first import = %+v, want 2 added, 1 updated", res)
	}
	got := membersByName(t, s)
	if len(got) != 3 {
		t.Fatalf("members = %+v", got)
	}
	ann, bob, dee := got["Ann Lee"], got["Bob Owusu"], got["dee  patel"]
	if ann.Email != "ann@example.gov.uk" || ann.Ward != "Abbey" || ann.Role != record.RoleCouncillor || !ann.Elected.Equal(rosterDate(2023, 5, 4)) {
		t.Errorf("Ann = %+v", ann)
	}
	if bob.Role != record.RoleCoopted || !bob.Elected.IsZero() {
		t.Errorf("Bob = %+v", bob)
	}
	if dee.Number != self.Number || dee.Ward != "Deanery" {
		t.Errorf("the roster's Dee Patel did not update the member who registered: %+v", dee)
	}

	// Members who never started are on the record as not started.
	p, err := progress.Load(s, bob.Number, progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro"}}}, start)
	if err != nil || p.Status != progress.NotStarted {
		t.Errorf("Progress(Bob) = %+v, %v; want not started", p, err)
	}
	events, err := s.MemberEvents(ann.Number)
	if err != nil || len(events) != 1 || events[0].Kind != record.MemberAdded || events[0].Elected != "2023-05-04" {
		t.Errorf("Ann's events = %+v, %v", events, err)
	}

	// Again, changed: Ann is found by email though her ward changed, Bob by
	// name though he now has an email; empty cells keep what is stored.
	before := eventCount(t, s)
	second := parseRosterText(t, "name,email,ward,role,date elected\n"+
		"Ann Lee,ANN@example.gov.uk,Bridge,,\n"+
		"BOB OWUSU,bob@example.gov.uk,,,\n"+
		"Dee Patel,,,,\n"+
		"Eve Ng,eve@example.gov.uk,Abbey,,2024-05-02\n")
	if res, err = s.ImportMembers(second, nil); err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Added: 1, Updated: 3}) {
		t.Errorf("second import = %+v, want 1 added, 3 updated", res)
	}
	got = membersByName(t, s)
	if len(got) != 4 {
		t.Fatalf("members after re-import = %+v", got)
	}
	ann2 := got["Ann Lee"]
	// The same address in other capitals is left as it is.
	if ann2.Number != ann.Number || ann2.Ward != "Bridge" || ann2.Email != "ann@example.gov.uk" || !ann2.Elected.Equal(ann.Elected) {
		t.Errorf("Ann after re-import = %+v (was %+v)", ann2, ann)
	}
	bob2 := got["BOB OWUSU"]
	if bob2.Number != bob.Number || bob2.Email != "bob@example.gov.uk" || bob2.Ward != "Castle" || bob2.Role != record.RoleCoopted {
		t.Errorf("Bob after re-import = %+v (was %+v)", bob2, bob)
	}
	if after := eventCount(t, s); after != before+4 {
		t.Errorf("%d events logged, want 4", after-before)
	}
	events, _ = s.MemberEvents(ann.Number)
	last := events[len(events)-1]
	if last.Kind != record.MemberUpdated || !slices.Equal(last.Fields, []string{"ward"}) {
		t.Errorf("Ann's member-updated event = %+v", last)
	}
	raw, _ := json.Marshal(last)
	for _, personal := range []string{"Ann", "Bridge", "example"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("event %s holds personal data %q", raw, personal)
		}
	}

	// The same roster once more changes nothing and logs nothing.
	before = eventCount(t, s)
	if res, err = s.ImportMembers(second, nil); err != nil || res != (ImportResult{Unchanged: 4}) {
		t.Errorf("third import = %+v, %v; want 4 unchanged", res, err)
	}
	if after := eventCount(t, s); after != before {
		t.Errorf("an unchanged import logged %d events", after-before)
	}
}

func TestImportMembersIsAllOrNothing(t *testing.T) {
	s := newTestStore(t)
	one, _ := s.AddMember(record.NewMember{Name: "Sam Cole", Ward: "North"})
	two, _ := s.AddMember(record.NewMember{Name: "Sam Cole", Ward: "South"})
	before := eventCount(t, s)
	tests := []struct {
		name string
		rows []record.NewMember
		want string
	}{
		{"invalid row", []record.NewMember{{Name: "New Person"}, {Name: "Bad\x1b[2J"}}, `row 2 ("Bad\x1b[2J"): the name contains a control character`},
		{"ambiguous", []record.NewMember{{Name: "New Person"}, {Name: "sam cole"}}, "row 2 (\"sam cole\"): it could be any of members " +
			strings.Join(sortedNumbers(one.Number, two.Number), ", ")},
		{"same member twice", []record.NewMember{{Name: "Sam Cole", Ward: "North"}, {Name: "Sam Cole", Ward: "north", Email: "sam@x.org"}},
			`row 2 ("Sam Cole"): "Sam Cole" is also on row 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ImportMembers(tt.rows, nil)
			var re *record.RosterError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a *record.RosterError containing %q", err, tt.want)
			}
			if list, _ := s.Members(); len(list) != 2 {
				t.Errorf("%d members after a refused import", len(list))
			}
			if after := eventCount(t, s); after != before {
				t.Errorf("a refused import logged %d events", after-before)
			}
		})
	}
}

func sortedNumbers(s ...string) []string { slices.Sort(s); return s }

// TestImportMembersClaims checks that a member matched by one row is not
// matched by another, and that a row's name finds a member by ward.
//
// The three Sam Coles could be added before AddMember refused duplicates,
// so record files made then can hold them; they are written directly here.
func TestImportMembersClaims(t *testing.T) {
	s := newTestStore(t)
	north := addUnchecked(t, s, record.NewMember{Name: "Sam Cole", Ward: "North", Email: "sam@north.example"})
	unknown := addUnchecked(t, s, record.NewMember{Name: "Sam Cole"})
	south := addUnchecked(t, s, record.NewMember{Name: "Sam Cole", Ward: "South"})
	rows := []record.NewMember{
		{Name: "Sam Cole", Email: "sam@north.example"},                    // North's, by email.
		{Name: "sam  cole", Ward: "north", Email: "sam.cole@new.example"}, // Not North (taken), so the one with no ward.
		{Name: "SAM COLE", Ward: "North", Email: "s.cole@new.example"},    // Nobody is left for North: a new member.
		{Name: "Sam Cole", Ward: "south", Email: "sam@south.example"},     // South's, by name and ward.
	}
	res, err := s.ImportMembers(rows, nil)
	if err != nil || res != (ImportResult{Added: 1, Updated: 2, Unchanged: 1}) {
		t.Fatalf("import = %+v, %v; want 1 added, 2 updated, 1 unchanged", res, err)
	}
	for number, want := range map[string]record.NewMember{
		north.Number:   {Name: "Sam Cole", Ward: "North", Email: "sam@north.example"},
		unknown.Number: {Name: "sam  cole", Ward: "north", Email: "sam.cole@new.example"},
		south.Number:   {Name: "Sam Cole", Ward: "south", Email: "sam@south.example"},
	} {
		m, err := s.Member(number)
		if err != nil || m.Name != want.Name || m.Ward != want.Ward || m.Email != want.Email {
			t.Errorf("member %s = %+v, %v; want %+v", number, m, err, want)
		}
	}
	if list, _ := s.Members(); len(list) != 4 {
		t.Errorf("%d members, want 4", len(list))
	}
}

// TestImportMembersMatchesIgnoringCase checks that rows and members are
// matched as strings.EqualFold compares, including letters whose other case
// is not ASCII.
func TestImportMembersMatchesIgnoringCase(t *testing.T) {
	s := newTestStore(t)
	kelvin, _ := s.AddMember(record.NewMember{Name: "Kit Kerr", Email: "kit@example.org"})
	res, err := s.ImportMembers([]record.NewMember{
		{Name: "\u212Ait \u212Aerr", Ward: "Abbey"}, // Kelvin signs: the same name.
		{Name: "Ann Lee", Email: "ANN@EXAMPLE.ORG"},
		{Name: "\u0130ris Day"}, // Dotted capital I: not the same as "iris day".
		{Name: "iris day"},
	}, nil)
	if err != nil || res != (ImportResult{Added: 3, Updated: 1}) {
		t.Fatalf("import = %+v, %v; want 3 added, 1 updated", res, err)
	}
	if m, _ := s.Member(kelvin.Number); m.Ward != "Abbey" {
		t.Errorf("Kit Kerr = %+v; the row with Kelvin signs should have matched", m)
	}
	// An address that differs only in its capitals is the same one: no
	// change, and no mail sent again for it.
	kit, _ := s.Member(kelvin.Number)
	res, err = s.ImportMembers([]record.NewMember{{Name: kit.Name, Email: "Kit@Example.org"}}, nil)
	if m, _ := s.Member(kelvin.Number); err != nil || res != (ImportResult{Unchanged: 1}) || m.Email != "kit@example.org" {
		t.Errorf("an address in other capitals: %+v, %v; stored %q", res, err, m.Email)
	}
	_, err = s.ImportMembers([]record.NewMember{{Name: "Bo", Email: "ann@example.org"}, {Name: "Cy", Email: "Ann@Example.Org"}}, nil)
	if err == nil || !strings.Contains(err.Error(), `row 2 ("Cy"): the email "Ann@Example.Org" is also on row 1`) {
		t.Errorf("err = %v; want row 2 reported as row 1's email", err)
	}
}

func TestImportMembersAgainChangesNothing(t *testing.T) {
	s := newTestStore(t)
	rows := generateRoster(2*importChunk + 500)
	if res, err := s.ImportMembers(rows, nil); err != nil || res != (ImportResult{Added: len(rows)}) {
		t.Fatalf("first import = %+v, %v; want %d added", res, err, len(rows))
	}
	headBefore, eventsBefore, err := s.Head()
	if err != nil {
		t.Fatal(err)
	}
	membersBefore, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportMembers(rows, nil)
	if err != nil || res != (ImportResult{Unchanged: len(rows)}) {
		t.Errorf("second import = %+v, %v; want 0 added, 0 updated, %d unchanged", res, err, len(rows))
	}
	if head, events, err := s.Head(); err != nil || events != eventsBefore || head != headBefore {
		t.Errorf("the log went from %d events to %d (%v): an unchanged import logged something", eventsBefore, events, err)
	}
	if after, err := s.Members(); err != nil || !reflect.DeepEqual(after, membersBefore) {
		t.Errorf("an unchanged import changed the members (%v)", err)
	}
	if report, err := verify(s); err != nil || !report.OK {
		t.Errorf("Verify = %+v, %v", report, err)
	}
}

func TestImportMembersReportsProgress(t *testing.T) {
	for _, n := range []int{1, importChunk, 2*importChunk + 500} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			s := newTestStore(t)
			rows := generateRoster(n)
			var calls []int
			_, err := s.ImportMembers(rows, func(done, total int) {
				if total != n {
					t.Errorf("progress(%d, %d): total should be %d", done, total, n)
				}
				calls = append(calls, done)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) < 2 || calls[0] != 0 || calls[len(calls)-1] != n {
				t.Fatalf("progress went %v; want 0 first and %d last", calls, n)
			}
			for i := 1; i < len(calls); i++ {
				if calls[i] <= calls[i-1] || calls[i]-calls[i-1] > importChunk {
					t.Fatalf("progress went %v; want steps up of at most %d", calls, importChunk)
				}
			}
		})
	}
}

// addUnchecked stores a member as AddMember did before it refused
// duplicates.
func addUnchecked(t *testing.T, s *Store, nm record.NewMember) record.Member {
	t.Helper()
	var m record.Member
	err := s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		number := newMemberNumbers(members, 1)[0]
		m = record.Member{Number: number, Name: nm.Name, Email: nm.Email, Ward: nm.Ward, Role: record.RoleCouncillor, Added: s.now().UTC()}
		digest, err := putMember(members, m)
		if err != nil {
			return err
		}
		_, err = s.appendEvents(tx, []record.Event{{Kind: record.MemberAdded, Member: number, Role: record.RoleCouncillor, DetailsDigest: digest}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
