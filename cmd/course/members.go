package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"course/internal/dates"
	"course/internal/find"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/roster"
	"course/internal/safetext"
	"course/internal/store"
)

func newMembersCmd(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "members",
		Annotations: overSSH(),
		Short:       "List, add, import and erase the members on the record, and their SSH keys",
		Long: `Work with the members on the record file: the monitoring officer's tools.

Import the council's roster from a spreadsheet so that everyone appears on
the record (as "not started" until they begin), list them, add one, or
erase a member's personal details when the law requires it. For the course
over SSH ('course serve'), bind members' SSH keys to them, or send them an
enrolment code to bind a key themselves.`,
		Example: `  course members import roster.csv
  course members list
  course members add --name "Ann Lee" --email ann.lee@example.gov.uk --ward Abbey
  course members erase M4K7Q2ZP9 --reason "left the council, request 2025/17"
  course members keys add M4K7Q2ZP9 ann.pub
  course members invite M4K7Q2ZP9 --server course.example.gov.uk:2222`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newMembersImportCmd(opts), newMembersListCmd(opts), newMembersAddCmd(opts), newMembersEraseCmd(opts),
		newMembersKeysCmd(opts), newMembersInviteCmd(opts))
	return cmd
}

func newMembersImportCmd(opts *options) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:         "import FILE.csv",
		Annotations: overSSH(),
		Short:       "Add or update members from a roster saved as CSV",
		Long: `Add the members listed in a roster (a spreadsheet saved as CSV), or update
the ones already on the record, so that everyone appears in reports, as
"not started" until they begin the course.

The first row names the columns, in any order: name (required), email,
ward, role and date elected (also "elected", "date elected or co-opted" or
"co-opted"). Save the spreadsheet as "CSV UTF-8"; commas or semicolons
both work. Dates are DD/MM/YYYY or YYYY-MM-DD; the role is councillor (the
default) or co-opted. Other columns (a phone number, say) are ignored, and
named when the import ends; --strict-columns refuses the roster instead.

A row is matched to a member already on the record by email, or failing
that by name and ward, so importing an updated roster again updates those
members and adds nobody twice. An empty cell never removes what is stored.
If any row has a problem, every problem is listed with its line number and
nothing is imported: fix the file and run the import again. On a terminal,
a roster of more than 5,000 members shows how far the import has got.`,
		Example: `  course members import roster.csv
  course members import --db ./records.db roster.csv`,
		Args: needs(1, 1, "the roster file (a spreadsheet saved as CSV)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMembersImport(cmd, opts, args[0], strict)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict-columns", false, "refuse a roster with a column the course does not use, rather than ignore it")
	return cmd
}

func runMembersImport(cmd *cobra.Command, opts *options, file string, strict bool) error {
	out := cmd.OutOrStdout()
	name := inputName(opts, file)
	f, err := openInput(cmd, opts, "members import", file)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return err
	case err != nil:
		return fmt.Errorf("the roster %s cannot be read: %w", name, errors.Unwrap(err))
	}
	defer f.Close()
	parsed := name
	if file == "-" {
		parsed = "" // its problems read "standard input: line 3: …"
	}
	rows, ignored, err := roster.ParseWith(f, parsed, roster.Options{StrictColumns: strict})
	if err != nil {
		return rosterFailure(out, name, err)
	}
	recs, err := openStore(opts, false)
	if err != nil {
		return err
	}
	defer recs.Close()
	if err := rememberContent(opts, recs); err != nil {
		return err
	}
	if opts.served == nil { // a server's memory is its own business
		limitImportMemory()
	}
	line := &statusLine{w: cmd.ErrOrStderr()}
	res, err := recs.ImportMembers(rows, importProgress(line, len(rows)))
	line.clear()
	if te := (*store.TamperedError)(nil); errors.As(err, &te) {
		// A member's details were changed from outside the course.
		return &exitError{code: exitFailure, msg: alteredMessage(opts, te)}
	}
	if err != nil {
		return rosterFailure(out, name, err)
	}
	if len(ignored) > 0 {
		quoted := make([]string, len(ignored))
		for i, h := range ignored {
			quoted[i] = fmt.Sprintf("%q", safetext.Inert(h))
		}
		printMessage(out, fmt.Sprintf("Ignored %s: the course uses only name, email, ward, role and date elected.", joinAnd(quoted, "the column ", "the columns ")))
	}
	fmt.Fprintf(out, "%d added, %d updated, %d unchanged\n", res.Added, res.Updated, res.Unchanged)
	fmt.Fprintf(out, "Run '%s' to see everyone on the record.\n", typed(opts, "members", "list"))
	return nil
}

// importMemoryLimit is the soft memory limit of an import. An import is
// one transaction (every row or none), and bbolt holds a transaction's
// changes in memory until it commits; left to itself, Go's collector lets
// the heap grow to about twice that (about 215 MB for 100,000 rows). The
// limit keeps it under 200 MB (167 MB measured) for about 0.6 s more.
const importMemoryLimit = 150 << 20

// limitImportMemory sets importMemoryLimit, unless GOMEMLIMIT already set
// one.
func limitImportMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}

// progressRows is the size of roster above which an import shows how far it
// has got: smaller ones take well under a second.
const progressRows = 5000

// importProgress returns what shows an import's progress on line, or nil
// for a small roster or when line is not on a terminal (so that a file or
// a pipe gets nothing).
func importProgress(line *statusLine, rows int) func(done, total int) {
	if rows <= progressRows || !isTerminal(line.w) {
		return nil
	}
	return func(done, total int) {
		line.show(fmt.Sprintf("Importing members: %s of %s…", thousands(done), thousands(total)))
	}
}

// rosterFailure prints a roster's problems and says that nothing was
// imported.
func rosterFailure(out io.Writer, name string, err error) error {
	var re *record.RosterError
	if !errors.As(err, &re) {
		return err
	}
	for _, p := range re.Problems {
		if re.File == "" {
			fmt.Fprintln(out, safetext.Inert(name+": "+p.String("")))
		} else {
			fmt.Fprintln(out, safetext.Inert(p.String(re.File)))
		}
	}
	what := "a problem"
	if len(re.Problems) > 1 {
		what = fmt.Sprintf("%d problems", len(re.Problems))
	}
	return &exitError{code: exitFailure, msg: fmt.Sprintf(
		"course: %s has %s, so nothing was imported. Fix the file and run the same command again.", name, what)}
}

func newMembersListCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "list",
		Annotations: overSSH(),
		Short:       "List the members on the record",
		Long: `List every member on the record file with their number, name, email,
ward, role and the date they were elected or co-opted. Members whose
details were erased are shown as "(erased)".

In a terminal the list is a table; sent to a file or another program it is
plain text, one member per line with the fields separated by tabs, after a
header line.`,
		Example: "  course members list\n  course members list > members.tsv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			recs, err := openStore(opts, true)
			if err != nil {
				return err
			}
			defer recs.Close()
			members, err := recs.Members()
			if err != nil {
				return err
			}
			return writeMembers(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts, members)
		},
	}
}

var memberColumns = []string{"number", "name", "email", "ward", "role", "elected"}

// writeMembers lists members: a table on a terminal, tab-separated text
// otherwise. Erased members come last.
func writeMembers(out, errOut io.Writer, opts *options, members []record.Member) error {
	members = slices.Clone(members)
	slices.SortStableFunc(members, func(a, b record.Member) int {
		switch {
		case a.Erased == b.Erased:
			return 0
		case a.Erased:
			return 1
		}
		return -1
	})
	terminal := terminalWidth(out) > 0 // this computer's terminal, or an officer's over ssh -t
	rows := make([][]string, len(members))
	for i, m := range members {
		name, elected := m.Name, ""
		if m.Erased {
			name = "(erased)"
		}
		if !m.Elected.IsZero() {
			elected = m.Elected.Format("2006-01-02")
			if terminal {
				elected = m.Elected.Format("2 Jan 2006")
			}
		}
		rows[i] = []string{m.Number, name, m.Email, m.Ward, m.Role, elected}
		for j := range rows[i] {
			rows[i][j] = safetext.Inert(rows[i][j])
		}
	}
	if !terminal {
		fmt.Fprintln(out, strings.Join(memberColumns, "\t"))
		for _, row := range rows {
			fmt.Fprintln(out, strings.Join(row, "\t"))
		}
		if len(members) == 0 {
			fmt.Fprintln(errOut, noMembersYet(opts))
		}
		return nil
	}
	if len(members) == 0 {
		fmt.Fprintln(out, noMembersYet(opts))
		return nil
	}
	_, err := lipgloss.Fprintln(dataWriter(out), memberTable(rows, terminalWidth(out)))
	if err == nil {
		_, err = fmt.Fprintln(out, count(len(members), "member", "members")+".")
	}
	return err
}

// noMembersYet says how to put the first members on the record.
func noMembersYet(opts *options) string {
	return fmt.Sprintf("There are no members on the record yet. Import them with '%s' or add one with '%s'.",
		typedImport(opts), typed(opts, "members", "add", "--name", "NAME"))
}

// typedImport is the command that imports a roster, as typed where the
// person is: over SSH the roster comes from standard input.
func typedImport(opts *options) string {
	if opts != nil && opts.served != nil {
		return typed(opts, "members", "import", "-") + " < FILE.csv"
	}
	return typed(opts, "members", "import", "FILE.csv")
}

// memberTable lays the rows out as a table. If it would be wider than width
// (when that is known), the date elected and then the role are left out
// (saying so), and then the name, email and ward columns are narrowed and
// their cells wrapped.
func memberTable(rows [][]string, width int) string {
	headers := make([]string, len(memberColumns))
	for i, c := range memberColumns {
		headers[i] = strings.ToUpper(c[:1]) + c[1:]
	}
	t := termTable{headers: headers, rows: rows, flexible: []string{"Name", "Email", "Ward"}, optional: []string{"Elected", "Role"}, leaveOutFirst: true}
	return t.render(width)
}

func newMembersAddCmd(opts *options) *cobra.Command {
	var nm record.NewMember
	var elected string
	cmd := &cobra.Command{
		Use:         "add --name NAME [--email EMAIL] [--ward WARD] [--role ROLE] [--elected DATE]",
		Annotations: overSSH(),
		Short:       "Add one member to the record",
		Long: `Add one member to the record and print their member number. Only the
name is required. The role is councillor (the default) or co-opted; the
date they were first elected or co-opted is DD/MM/YYYY or YYYY-MM-DD.

A member who is already on the record (the same email, or the same name in
the same ward) is not added again. To add many members at once, use
'course members import'.`,
		Example: `  course members add --name "Ann Lee"
  course members add --name "Bob Owusu" --email bob.owusu@example.gov.uk --ward Castle --role co-opted --elected 04/05/2023`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(nm.Name) == "" {
				return &exitError{code: exitUsage, msg: "course: give the member's name with --name, for example: " + typed(opts, "members", "add", "--name", "Ann Lee")}
			}
			if elected != "" {
				d, err := dates.Parse(elected)
				if err != nil {
					return &exitError{code: exitUsage, msg: "course: --elected " + err.Error()}
				}
				nm.Elected = d
			}
			return runMembersAdd(cmd, opts, nm)
		},
	}
	f := cmd.Flags()
	f.StringVar(&nm.Name, "name", "", "the member's name, as it should appear in reports (required)")
	f.StringVar(&nm.Email, "email", "", "their email address")
	f.StringVar(&nm.Ward, "ward", "", "their ward or electoral division")
	f.StringVar(&nm.Role, "role", "", `"councillor" (the default) or "co-opted"`)
	f.StringVar(&elected, "elected", "", "the date they were first elected or co-opted, DD/MM/YYYY")
	return cmd
}

func runMembersAdd(cmd *cobra.Command, opts *options, nm record.NewMember) error {
	recs, err := openStore(opts, false)
	if err != nil {
		return err
	}
	defer recs.Close()
	if err := rememberContent(opts, recs); err != nil {
		return err
	}
	m, err := recs.AddMember(nm)
	if dup, ok := errors.AsType[*record.DuplicateMemberError](err); ok {
		// Two people may share a name, in other wards; never an email.
		advice := "If this is a different person, give their email or ward."
		if dup.ByEmail {
			advice = "Two members cannot share an email address: if this is a different person, give their own address, or none."
		}
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: member %s is already on the record with this %s, so nobody was added. %s", dup.Existing.Number, dup.How(), advice)}
	}
	if errors.Is(err, record.ErrInvalid) {
		return &exitError{code: exitUsage, msg: "course: " + record.Reason(err) + "; nobody was added"}
	}
	if err != nil {
		return err
	}
	next := "They can now choose their name when they start the course."
	if opts.served != nil { // members of a server are known by their key
		next = fmt.Sprintf("To let them in, send them an enrolment code ('members invite %[1]s') or add their key ('members keys add %[1]s -' with their .pub file as input).", m.Number)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Added %s as member %s. %s\n", safetext.Inert(m.Name), m.Number, next)
	return nil
}

func newMembersEraseCmd(opts *options) *cobra.Command {
	var reason string
	var yes bool
	cmd := &cobra.Command{
		Use:         "erase MEMBER --reason TEXT",
		Annotations: overSSH(),
		Short:       "Erase a member's personal details from the record file",
		Long: `Erase a member's personal details (name, email and ward, and the places
they had reached in the lessons) from the record file, for example when
they have left the council and the details must no longer be kept.
MEMBER is their member number (see 'course members list') or their exact
name, if no other member has it.

What they did in the course stays on the record under their number only, so
reports and the record's hash chain stay right. The erasure itself is
recorded with the reason you give. The reason is kept for good and cannot
be erased: do NOT put the member's name or other personal details in it;
write, for example, "left the council May 2025, request 2025/17".

The whole record file is rewritten so that no trace of the details is left
in it; if anything fails, the file stays exactly as it was. Backups and
exports made before the erasure still hold the details: delete or replace
them too. This cannot be undone.

On a terminal it shows whose details will be erased and asks you to type
their member number to confirm. Scripts, and commands over 'course serve',
have no one to ask: they must add --yes.`,
		Example: `  course members erase M4K7Q2ZP9 --reason "left the council May 2025, request 2025/17"
  course members erase "Ann Lee" --reason "erasure request 2025/18" --yes`,
		Args: needs(1, 1, "the member's number or exact name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return &exitError{code: exitUsage, msg: `course: give the reason for the erasure with --reason, without the member's name, for example: --reason "left the council May 2025"`}
			}
			return runMembersErase(cmd, opts, args[0], reason, yes)
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the details are erased (required; kept for good, so no names or personal details)")
	cmd.Flags().BoolVar(&yes, "yes", false, "erase without asking to confirm (for scripts and 'course serve')")
	return cmd
}

func runMembersErase(cmd *cobra.Command, opts *options, who, reason string, yes bool) error {
	in, interactive := cmd.InOrStdin().(*os.File)
	interactive = interactive && term.IsTerminal(in.Fd()) && isTerminal(cmd.OutOrStdout())
	if !yes {
		// Found, and asked, with the record file read and let go, so that
		// the course is not kept waiting on the answer.
		recs, m, err := openForMember(opts, true, who)
		if err != nil {
			return err
		}
		recs.Close()
		if !interactive && !m.Erased {
			return flagError("members erase", "erasing cannot be undone and there is no terminal to confirm it on: check that member %s (%s) is the one to erase, then add --yes",
				m.Number, safetext.Inert(m.Name))
		}
		if !m.Erased && interactive && !confirmErase(in, cmd.OutOrStdout(), m) {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("course: nothing was erased: what was typed is not %s. To erase them, run the command again.", m.Number)}
		}
		who = m.Number
	}
	recs, m, err := openForMember(opts, false, who)
	if err != nil {
		return err
	}
	defer recs.Close()
	err = recs.EraseMember(m.Number, reason)
	te := (*store.TamperedError)(nil)
	switch {
	case errors.As(err, &te): // Their details were changed from outside the course.
		return &exitError{code: exitFailure, msg: alteredMessage(opts, te)}
	case errors.Is(err, record.ErrAlreadyErased):
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course: the details of member %s were already erased; there is nothing more to erase.", m.Number)}
	case errors.Is(err, record.ErrInvalid):
		return &exitError{code: exitUsage, msg: "course: " + record.Reason(err)}
	case err != nil:
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), `Erased the personal details of member %s: name, email, ward and places in the lessons.
What they did in the course stays on the record under the number only, and the erasure is recorded with your reason.
The record file was rewritten, so no copy of the details is left in it.
Next: delete or replace any backups or exports made before now, which still hold the details.
`, m.Number)
	return nil
}

// confirmErase shows whose details will be erased and asks for their
// member number, and says whether it was typed. Typing the number, rather
// than y, makes the person look at whom they are erasing.
func confirmErase(in io.Reader, out io.Writer, m record.Member) bool {
	fmt.Fprintf(out, "This erases for good the personal details of member %s:\n", m.Number)
	for _, f := range [][2]string{{"Name", m.Name}, {"Email", m.Email}, {"Ward", m.Ward}} {
		if f[1] != "" {
			fmt.Fprintf(out, "  %-6s %s\n", f[0]+":", safetext.Inert(f[1]))
		}
	}
	fmt.Fprintf(out, "To erase them, type their number (%s); to stop, press enter: ", m.Number)
	line, err := bufio.NewReader(in).ReadString('\n')
	answered(out)
	if err != nil {
		fmt.Fprintln(out)
	}
	typed, ok := record.ParseMemberNumber(line)
	return ok && typed == m.Number
}

// openForMember opens the record file and finds the member a person named
// on the command line (see findMember). The caller closes the store.
func openForMember(opts *options, readOnly bool, who string) (*store.Store, record.Member, error) {
	recs, err := openStore(opts, readOnly)
	if err != nil {
		return nil, record.Member{}, err
	}
	m, err := findMember(opts, recs, who)
	if err != nil {
		recs.Close()
		return nil, record.Member{}, err
	}
	return recs, m, nil
}

// findMember finds the member a person named on the command line: by
// number, or by a whole name that no other member has, exactly or else
// but for capitals and accents.
func findMember(opts *options, recs *store.Store, who string) (record.Member, error) {
	who = strings.TrimSpace(who)
	if number, ok := record.ParseMemberNumber(who); ok {
		m, err := recs.Member(number)
		if errors.Is(err, record.ErrNotFound) {
			return m, &exitError{code: exitFailure, msg: fmt.Sprintf(
				"course: no member has the number %s. Run '%s' to see the numbers.", number, typed(opts, "members", "list"))}
		}
		return m, err
	}
	members, err := recs.Members()
	if err != nil {
		return record.Member{}, err
	}
	var found []record.Member
	for _, m := range members {
		if !m.Erased && m.Name == who {
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		// The name as written but for capitals and accents ("sian jones"
		// for Siân Jones) is the member's, when it is one member's.
		found = sameButCase(members, who)
	}
	switch len(found) {
	case 0:
		msg := fmt.Sprintf("course: no member is called %q. Give the exact name or the member number: run '%s' to see them.", safetext.Inert(who), typed(opts, "members", "list"))
		if like := describeMembers(nameStarts(members, who)); like != "" {
			msg = fmt.Sprintf("course: no member is called %q. Names like it: %s. Give the member number, or the whole name.", safetext.Inert(who), like)
		}
		if like := describeMembers(sameButQuotes(members, who)); like != "" {
			msg = fmt.Sprintf("course: no member is called %q, but %s: quotes typed around a name can take its apostrophe. Give the member number instead.",
				safetext.Inert(who), like)
		}
		return record.Member{}, &exitError{code: exitFailure, msg: msg}
	case 1:
		return found[0], nil
	}
	numbers := make([]string, len(found))
	for i, m := range found {
		numbers[i] = m.Number
	}
	return record.Member{}, &exitError{code: exitFailure, msg: fmt.Sprintf(
		"course: %d members are called %q (%s): give the member number instead. Run '%s' to see who is who.",
		len(found), safetext.Inert(who), strings.Join(numbers, ", "), typed(opts, "members", "list"))}
}

// quoteMarks are the marks a shell may take as quotes, and the apostrophes
// a name may be written with.
const quoteMarks = "'\"`‘’“”"

// sameButQuotes finds the members whose names are who's but for quotes and
// apostrophes, as when a shell took a name's apostrophe.
func sameButQuotes(members []record.Member, who string) []record.Member {
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if strings.ContainsRune(quoteMarks, r) {
				return -1
			}
			return r
		}, s)
	}
	who = strip(who)
	var found []record.Member
	for _, m := range members {
		if !m.Erased && strip(m.Name) == who {
			found = append(found, m)
		}
	}
	return found
}

// sameButCase are the members, not erased, whose name is who but for
// capitals, accents, spaces and invisible characters, as the course folds
// names.
func sameButCase(members []record.Member, who string) []record.Member {
	// Invisible characters are left out too: names are shown without them.
	key := func(s string) string { return strings.Join(strings.Fields(modules.Fold(safetext.Visible(s))), " ") }
	want := key(who)
	var out []record.Member
	for _, m := range members {
		if !m.Erased && key(m.Name) == want {
			out = append(out, m)
		}
	}
	return out
}

// nameStarts are at most five members, not erased, with a word of their
// name starting with each word of who, as the course finds names ("sian"
// finds Siân Jones): the ones an officer may have meant.
func nameStarts(members []record.Member, who string) []record.Member {
	var live []record.Member
	for _, m := range members {
		if !m.Erased {
			live = append(live, m)
		}
	}
	names := make([]string, len(live))
	for i, m := range live {
		names[i] = m.Name
	}
	var out []record.Member
	for _, i := range find.New(names).Find(who) {
		if len(out) == 5 {
			break
		}
		out = append(out, live[i])
	}
	return out
}

// describeMembers says who members are, by number and name: "member
// M4K7Q2ZP9 is called "Ann O'Lee"", or "" for none.
func describeMembers(members []record.Member) string {
	if len(members) == 0 {
		return ""
	}
	said := make([]string, len(members))
	for i, m := range members {
		said[i] = fmt.Sprintf("member %s is called %q", m.Number, safetext.Inert(m.Name))
	}
	return strings.Join(said, " and ")
}

// joinAnd joins words as a sentence does, "a, b and c", after one or many.
func joinAnd(words []string, one, many string) string {
	if len(words) == 1 {
		return one + words[0]
	}
	return many + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
