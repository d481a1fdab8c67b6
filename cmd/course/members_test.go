package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// recordsIn returns a record file path in a new temporary folder, and makes
// that folder the working directory so that rosters can be named simply.
func recordsIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return filepath.Join(dir, "records.db")
}

func writeRoster(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// mustRun runs the command line and fails the test if it fails.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := execute(t, args...)
	if err != nil {
		t.Fatalf("course %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// wantExit checks that err is an exitError with the code, and returns its
// message.
func wantExit(t *testing.T, err error, code int) string {
	t.Helper()
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != code {
		t.Fatalf("err = %v, want exit %d", err, code)
	}
	return ee.msg
}

// listed returns the rows of "members list" (plain text), without the
// header, keyed by number.
func listedMembers(t *testing.T, db string) map[string][]string {
	t.Helper()
	out := mustRun(t, "--db", db, "members", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "number\tname\temail\tward\trole\telected" {
		t.Fatalf("header = %q", lines[0])
	}
	rows := make(map[string][]string)
	for _, line := range lines[1:] {
		fields := strings.Split(line, "\t")
		if len(fields) != 6 {
			t.Fatalf("line %q has %d fields", line, len(fields))
		}
		rows[fields[0]] = fields
	}
	return rows
}

func rowNamed(rows map[string][]string, name string) []string {
	for _, r := range rows {
		if r[1] == name {
			return r
		}
	}
	return nil
}

func TestMembersImport(t *testing.T) {
	db := recordsIn(t)
	// Excel in some locales: a byte order mark, semicolons and CRLF.
	writeRoster(t, "roster.csv", "\ufeffName;Email;Ward;Role;Date elected or co-opted\r\n"+
		"Ann Lee;ann.lee@example.gov.uk;Abbey;Councillor;04/05/2023\r\n"+
		"Bob Owusu;;Castle;co-opted;2021-11-30\r\n"+
		"Zoë O'Brien;zoe@example.gov.uk;Deanery;;\r\n")
	out := mustRun(t, "--db", db, "members", "import", "roster.csv")
	if !strings.Contains(out, "3 added, 0 updated, 0 unchanged\n") || !strings.Contains(out, "'course --db "+db+" members list'") {
		t.Errorf("first import said:\n%s", out)
	}
	rows := listedMembers(t, db)
	if len(rows) != 3 {
		t.Fatalf("%d members listed, want 3: %v", len(rows), rows)
	}
	ann := rowNamed(rows, "Ann Lee")
	if !regexp.MustCompile(`^M[0-9A-Z]{8}$`).MatchString(ann[0]) ||
		strings.Join(ann[1:], "|") != "Ann Lee|ann.lee@example.gov.uk|Abbey|councillor|2023-05-04" {
		t.Errorf("Ann = %q", ann)
	}
	if bob := rowNamed(rows, "Bob Owusu"); bob == nil || bob[4] != "co-opted" || bob[5] != "2021-11-30" {
		t.Errorf("Bob = %q", bob)
	}

	// The updated roster: Ann has moved ward, Bob has an email, and there is
	// someone new. Nobody is added twice.
	writeRoster(t, "roster.csv", "name,email,ward,role,date elected\n"+
		"Ann Lee,ann.lee@example.gov.uk,Bridge,,\n"+
		"Bob Owusu,bob@example.gov.uk,Castle,,\n"+
		"Zoë O'Brien,zoe@example.gov.uk,Deanery,,\n"+
		"Cal Reid,,Abbey,,\n")
	out = mustRun(t, "--db", db, "members", "import", "roster.csv")
	if !strings.Contains(out, "1 added, 2 updated, 1 unchanged\n") {
		t.Errorf("second import said:\n%s", out)
	}
	again := listedMembers(t, db)
	if len(again) != 4 {
		t.Fatalf("%d members after re-import, want 4: %v", len(again), again)
	}
	if got := again[ann[0]]; got == nil || got[3] != "Bridge" || got[5] != "2023-05-04" {
		t.Errorf("Ann after re-import = %q", got)
	}
	if out := mustRun(t, "--db", db, "members", "import", "roster.csv"); !strings.Contains(out, "0 added, 0 updated, 4 unchanged") {
		t.Errorf("third import said:\n%s", out)
	}
}

func TestMembersImportBadRows(t *testing.T) {
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Already Here")
	writeRoster(t, "roster.csv", "name,email,ward,role,date elected\n"+ // 1
		"Ann Lee,,,,\n"+ // 2
		"Bob Owusu,,,,\n"+ // 3
		"Eve \x1b]0;x\x07Mallory\x1b[2J,,,,\n"+ // 4
		"Cal Reid,,,,\n"+ // 5
		"Dee Patel,,,,\n"+ // 6
		"Fay Ng,,,,31/02/2023\n") // 7
	out, err := execute(t, "--db", db, "members", "import", "roster.csv")
	msg := wantExit(t, err, exitFailure)
	for _, want := range []string{
		"roster.csv line 4: the name contains a control character or invalid text\n",
		`roster.csv line 7: date elected "31/02/2023" is not a date: February 2023 has no day 31` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out+msg, "\x1b\x07") {
		t.Errorf("output carries escape codes: %q", out)
	}
	if !strings.Contains(msg, "2 problems, so nothing was imported") {
		t.Errorf("message = %q", msg)
	}
	// The command run had --db: advice to run it without would import
	// into another record file.
	if strings.Contains(msg, "'course members import roster.csv'") {
		t.Errorf("the message gives back a command without the --db given: %q", msg)
	}
	if rows := listedMembers(t, db); len(rows) != 1 {
		t.Errorf("%d members after a refused import, want 1", len(rows))
	}
}

func TestMembersImportMissingFile(t *testing.T) {
	db := recordsIn(t)
	_, err := execute(t, "--db", db, "members", "import", "nowhere.csv")
	if err == nil || !strings.Contains(err.Error(), "nowhere.csv cannot be read") {
		t.Errorf("err = %v", err)
	}
}

// Names that could drive a terminal are printed inert. The store refuses
// control characters, so one is written straight into the file, as an old
// or tampered file could hold it; a bidirectional override, which the store
// accepts, comes in through a roster.
func TestMembersListIsInert(t *testing.T) {
	db := recordsIn(t)
	writeRoster(t, "roster.csv", "name,ward\nAnn \u202eeeL,Abbey\n")
	mustRun(t, "--db", db, "members", "import", "roster.csv")
	out := mustRun(t, "--db", db, "members", "add", "--name", "Placeholder")
	number := regexp.MustCompile(`M[0-9A-Z]{8}`).FindString(out)

	raw, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		v, _ := json.Marshal(map[string]any{"name": "Eve\x1b]0;x\x07 Mallory\x1b[2J", "ward": "North\x1b[31m",
			"role": "councillor", "added": "2025-05-01T09:00:00Z"})
		return tx.Bucket([]byte("members")).Put([]byte(number), v)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}

	out = mustRun(t, "--db", db, "members", "list")
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("list carries control characters: %q", out)
	}
	for _, want := range []string{"\tEve Mallory\t\tNorth\t", "\tAnn eeL\t\tAbbey\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
}

func TestMemberTable(t *testing.T) {
	rows := [][]string{
		{"M4K7Q2ZP9", "(erased)", "", "", "councillor", ""},
		{"M00000001", "Annabel Lee-Smythe", "annabel.lee-smythe@example.gov.uk", "Abbey and Northfield", "co-opted", "4 May 2023"},
		{"M00000002", "Ann Lee", "ann.lee@example.gov.uk", "Abbey", "councillor", "30 Nov 2021"},
	}
	for _, width := range []int{0, 200, 80, 74} {
		table := ansi.Strip(memberTable(rows, width))
		wants := []string{"Number", "Elected", "(erased)", "M4K7Q2ZP9", "councillor", "4 May 2023"}
		if width == 80 || width == 74 {
			// The date and role give way first, and the table says so.
			wants = []string{"Number", "(erased)", "M4K7Q2ZP9", "Annabel Lee-Smythe", "the Elected and Role columns are left out"}
		}
		for _, want := range wants {
			if !strings.Contains(table, want) {
				t.Errorf("table %d wide lacks %q:\n%s", width, want, table)
			}
		}
		table, _, _ = strings.Cut(table, "\n(To fit")
		lines := strings.Split(table, "\n")
		for _, line := range lines {
			if w := ansi.StringWidth(line); width > 0 && w > width {
				t.Errorf("line is %d wide, more than %d: %q", w, width, line)
			}
			if w, top := ansi.StringWidth(line), ansi.StringWidth(lines[0]); w != top {
				t.Errorf("line is %d wide, the top border %d: the table is ragged: %q", w, top, line)
			}
		}
		if width == 200 && ansi.StringWidth(lines[0]) >= 150 {
			t.Errorf("the table was stretched to %d", ansi.StringWidth(lines[0]))
		}
	}
}

func TestMembersAdd(t *testing.T) {
	db := recordsIn(t)
	out := mustRun(t, "--db", db, "members", "add", "--name", "Bob Owusu", "--email", "bob@example.gov.uk",
		"--ward", "Castle", "--role", "co-opted", "--elected", "30/11/2021")
	number := regexp.MustCompile(`member (M[0-9A-Z]{8})\.`).FindStringSubmatch(out)
	if number == nil {
		t.Fatalf("add printed no member number:\n%s", out)
	}
	if got := listedMembers(t, db)[number[1]]; strings.Join(got, "|") != number[1]+"|Bob Owusu|bob@example.gov.uk|Castle|co-opted|2021-11-30" {
		t.Errorf("listed = %q", got)
	}

	_, err := execute(t, "--db", db, "members", "add", "--name", "Robert Owusu", "--email", "BOB@example.gov.uk")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, number[1]) || !strings.Contains(msg, "nobody was added") {
		t.Errorf("duplicate email: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "add", "--name", "bob owusu")
	wantExit(t, err, exitFailure)
	_, err = execute(t, "--db", db, "members", "add", "--email", "x@example.gov.uk")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "--name") {
		t.Errorf("no name: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "add", "--name", "Cal", "--elected", "31/02/2023")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, `"31/02/2023" is not a date`) {
		t.Errorf("bad date: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "add", "--name", "Cal", "--role", "mayor")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "role must be") {
		t.Errorf("bad role: %q", msg)
	}
	if rows := listedMembers(t, db); len(rows) != 1 {
		t.Errorf("%d members, want 1", len(rows))
	}
}

func TestMembersErase(t *testing.T) {
	const (
		name  = "Quillon Marchbanks"
		email = "q.marchbanks@example.gov.uk"
		ward  = "Wickersley Fenside"
	)
	db := recordsIn(t)
	writeRoster(t, "roster.csv", "name,email,ward\n"+name+","+email+","+ward+"\nAnn Lee,ann@example.gov.uk,Abbey\n")
	mustRun(t, "--db", db, "members", "import", "roster.csv")
	number := rowNamed(listedMembers(t, db), name)[0]

	// Some course activity, and a reading place, for the member.
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []record.Kind{record.ModuleOpened, record.ModuleRead} {
		if _, err := progresstest.Save(s, record.Event{Kind: kind, Member: number, Module: "intro"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPlace(number, "intro", 42); err != nil {
		t.Fatal(err)
	}
	_, events, _ := s.Head()
	s.Close()
	if data, _ := os.ReadFile(db); !bytes.Contains(data, []byte(name)) {
		t.Fatal("the name is not in the file to begin with")
	}

	_, err = execute(t, "--db", db, "members", "erase", name)
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "--reason") {
		t.Errorf("no reason: %q", msg)
	}
	out := mustRun(t, "--db", db, "members", "erase", name, "--reason", "left the council May 2025, request 2025/17", "--yes")
	for _, want := range []string{"Erased the personal details of member " + number, "backups"} {
		if !strings.Contains(out, want) {
			t.Errorf("erase output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, name) {
		t.Errorf("erase output repeats the name:\n%s", out)
	}

	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, personal := range []string{name, email, ward, "Quillon", "Marchbanks", "Wickersley"} {
		if bytes.Contains(data, []byte(personal)) {
			t.Errorf("the record file still holds %q", personal)
		}
	}
	rows := listedMembers(t, db)
	if got := rows[number]; strings.Join(got, "|") != number+"|(erased)|||councillor|" {
		t.Errorf("erased member listed as %q", got)
	}
	if rowNamed(rows, "Ann Lee") == nil {
		t.Error("the other member is gone")
	}
	out = mustRun(t, "--db", db, "verify")
	if want := "records intact: " + strconv.Itoa(events+1) + " events"; !strings.Contains(out, want) {
		t.Errorf("verify after erasure: %q, want %q", out, want)
	}

	_, err = execute(t, "--db", db, "members", "erase", number, "--reason", "again", "--yes")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "already erased") {
		t.Errorf("erasing twice: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "erase", "M00000000", "--reason", "unknown", "--yes")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "no member has the number M00000000") {
		t.Errorf("unknown number: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "erase", "Nobody Atall", "--reason", "unknown", "--yes")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, `no member is called "Nobody Atall"`) {
		t.Errorf("unknown name: %q", msg)
	}
}

// TestMemberNameWithoutItsApostrophe: a name that a shell's quotes took the
// apostrophe from names the member it was meant for, with their number.
func TestMemberNameWithoutItsApostrophe(t *testing.T) {
	db := recordsIn(t)
	number := addedMember(t, db, "Margaret O’Brien")
	_, err := execute(t, "--db", db, "members", "invite", "Margaret OBrien")
	msg := wantExit(t, err, exitFailure)
	if want := `no member is called "Margaret OBrien", but member ` + number + ` is called "Margaret O’Brien"`; !strings.Contains(msg, want) ||
		!strings.Contains(msg, "Give the member number instead") {
		t.Errorf("got %q, want %q and the number", msg, want)
	}
}

// TestMemberNameAsTyped: an officer may type a name without its capitals
// or accents; part of a name, or a misspelt one, names the members it may
// mean, and changes nothing.
func TestMemberNameAsTyped(t *testing.T) {
	db := recordsIn(t)
	sian := addedMember(t, db, "Siân Jones")
	evans := addedMember(t, db, "Siân Evans")
	out := mustRun(t, "--db", db, "members", "keys", "list", "sian  JONES")
	if !strings.Contains(out, "Member "+sian+" has no SSH key yet") {
		t.Errorf("a name without its capitals and accent: %q", out)
	}
	_, err := execute(t, "--db", db, "members", "erase", "sian", "--reason", "left", "--yes")
	msg := wantExit(t, err, exitFailure)
	if !strings.Contains(msg, `no member is called "sian". Names like it: member `) || !strings.Contains(msg, sian) || !strings.Contains(msg, evans) ||
		!strings.Contains(msg, "Give the member number") {
		t.Errorf("part of a name: %q", msg)
	}
	mustRun(t, "--db", db, "members", "add", "--name", "Sian Jones", "--ward", "North")
	_, err = execute(t, "--db", db, "members", "erase", "sian jones", "--reason", "left", "--yes")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, `2 members are called "sian jones"`) {
		t.Errorf("two members but for the accent: %q", msg)
	}
	// A name with an invisible character in it, as a roster may bring,
	// is named as it is shown.
	zero := addedMember(t, db, "Zero\u200bWidth")
	if out := mustRun(t, "--db", db, "members", "keys", "list", "ZeroWidth"); !strings.Contains(out, "Member "+zero+" has no SSH key yet") {
		t.Errorf("a name holding a zero-width space, named as shown: %q", out)
	}
	if out := mustRun(t, "--db", db, "members", "list"); strings.Count(out, "Jones") != 2 || !strings.Contains(out, "Siân Evans") {
		t.Errorf("a refused erasure changed the members:\n%s", out)
	}
}

func TestMembersEraseAmbiguousName(t *testing.T) {
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Sam Cole", "--ward", "North")
	mustRun(t, "--db", db, "members", "add", "--name", "Sam Cole", "--ward", "South")
	_, err := execute(t, "--db", db, "members", "erase", "Sam Cole", "--reason", "left", "--yes")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, `2 members are called "Sam Cole"`) {
		t.Errorf("ambiguous name: %q", msg)
	}
}

func TestMembersListWithoutRecords(t *testing.T) {
	db := recordsIn(t)
	_, err := execute(t, "--db", db, "members", "list")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "no record file") {
		t.Errorf("msg = %q", msg)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Error("listing created a record file")
	}
}

// bigRoster writes a roster of n members to name.
func bigRoster(t *testing.T, name string, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,email,ward\n")
	for i := range n {
		fmt.Fprintf(&b, "Member %d,member%d@example.gov.uk,Ward %d\n", i, i, i%20)
	}
	writeRoster(t, name, b.String())
}

func TestMembersImportShowsNoProgressWhenPiped(t *testing.T) {
	db := recordsIn(t)
	bigRoster(t, "roster.csv", progressRows+1000)
	out := mustRun(t, "--db", db, "members", "import", "roster.csv")
	if out != "6000 added, 0 updated, 0 unchanged\nRun 'course --db "+db+" members list' to see everyone on the record.\n" {
		t.Errorf("import said:\n%q", out)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 40_000: "40,000", 100_000: "100,000",
		1_234_567: "1,234,567", -1234: "-1,234", -999: "-999"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// Without a terminal to confirm on, erase needs --yes, and erases nothing;
// it first finds the member, so that a name that is no member's is said
// before --yes is asked for, and --yes is asked for naming whom it erases.
func TestMembersEraseWithoutATerminalNeedsYes(t *testing.T) {
	db := recordsIn(t)
	sam := addedMember(t, db, "Sam Cole")
	_, err := execute(t, "--db", db, "members", "erase", "Sam Cole", "--reason", "left")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "add --yes") || !strings.Contains(msg, "member "+sam+" (Sam Cole)") {
		t.Errorf("erase without a terminal or --yes: %q", msg)
	}
	_, err = execute(t, "--db", db, "members", "erase", "Sam", "--reason", "left")
	if msg := wantExit(t, err, exitFailure); strings.Contains(msg, "--yes") || !strings.Contains(msg, `no member is called "Sam"`) {
		t.Errorf("erase of part of a name without --yes: %q", msg)
	}
	if rowNamed(listedMembers(t, db), "Sam Cole") == nil {
		t.Error("the member was erased")
	}
}

// A roster with a column the course does not use is imported, the column
// named in one line; --strict-columns refuses it as before.
func TestMembersImportIgnoresOtherColumns(t *testing.T) {
	db := recordsIn(t)
	writeRoster(t, "roster.csv", "name,email,ward,phone\nAnn Lee,ann@example.gov.uk,Abbey,01234 567890\n")
	out, err := execute(t, "--db", db, "members", "import", "roster.csv", "--strict-columns")
	wantExit(t, err, exitFailure)
	if !strings.Contains(out, `the column "phone" is not one the course uses`) {
		t.Errorf("--strict-columns said:\n%s", out)
	}
	out = mustRun(t, "--db", db, "members", "import", "roster.csv")
	if !strings.Contains(out, `Ignored the column "phone": the course uses only name, email, ward, role and date elected.`+"\n1 added,") {
		t.Errorf("import said:\n%s", out)
	}
	if rowNamed(listedMembers(t, db), "Ann Lee") == nil {
		t.Error("Ann Lee was not imported")
	}
	if data, _ := os.ReadFile(db); bytes.Contains(data, []byte("01234 567890")) {
		t.Error("the ignored phone number is in the record file")
	}
}

// TestAddingAMemberTwice: a member already on the record is not added
// again, and the advice fits what matched: an email is one person's, a
// name may be shared by people in other wards.
func TestAddingAMemberTwice(t *testing.T) {
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Ann Lee", "--email", "ann@example.org", "--ward", "Abbey")
	_, err := execute(t, "--db", db, "members", "add", "--name", "Ann Leigh", "--email", "ann@example.org")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "already on the record with this email") || !strings.Contains(msg, "Two members cannot share an email address") {
		t.Errorf("the same email: %s", msg)
	}
	_, err = execute(t, "--db", db, "members", "add", "--name", "Ann Lee", "--ward", "Abbey")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "already on the record with this name and ward") || !strings.Contains(msg, "give their email or ward") {
		t.Errorf("the same name and ward: %s", msg)
	}
}
