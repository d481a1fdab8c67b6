package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/keyfile"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
)

// The officer's commands for the SSH keys members sign in to 'course
// serve' with, and for the enrolment codes that let a member bind a key
// themselves.

func newMembersKeysCmd(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:         "keys",
		Annotations: overSSH(),
		Short:       "Add, list and remove the SSH keys members sign in with",
		Long: `Members taking the course over SSH ('course serve') are known by their SSH
key: each key is bound to one member. Add a member's key from the .pub file
they send you, list the keys, or remove one (a lost or replaced computer).
Members can also bind a key themselves with an enrolment code: see
'course members invite'.

A browser a member opened the course in with their code ('course serve
--web') is listed as a key of type browser: the record keeps only a hash of
the browser's secret. Remove it as any key (a lost iPad), and that browser
needs a new code to open the course again.`,
		Example: `  course members keys add M4K7Q2ZP9 ann.pub
  course members keys list
  course members keys remove M4K7Q2ZP9 SHA256:3q2+7w…`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newKeysAddCmd(opts), newKeysListCmd(opts), newKeysRemoveCmd(opts))
	return cmd
}

func newKeysAddCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "add MEMBER FILE.pub",
		Annotations: overSSH(),
		Short:       "Bind the SSH public keys in a file to a member",
		Long: `Bind the SSH public keys in a file to a member, so that they can sign in
to the course with them. MEMBER is their member number or exact name.

The file is the public key the member sends you: the .pub file beside
their key (id_ed25519.pub, made by ssh-keygen), a key saved by PuTTYgen,
or several keys, one a line. Give - to read the keys from standard input.
Never ask for or give the private key (the file without .pub): it is
refused. A key can belong to one member only.`,
		Example: `  course members keys add M4K7Q2ZP9 ann.pub
  course members keys add "Ann Lee" - < ann.pub`,
		Args: needs(2, 2, "the member's number (or exact name) and the .pub file of their key"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runKeysAdd(cmd, opts, args[0], args[1])
		},
	}
}

func runKeysAdd(cmd *cobra.Command, opts *options, who, file string) error {
	name := inputName(opts, file)
	var keys []keyfile.Key
	var err error
	f, err := openInput(cmd, opts, "members keys add NUMBER", file)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return err
	case err != nil:
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course: the key file %s cannot be read: %v.", name, safetext.Inert(errors.Unwrap(err).Error()))}
	}
	keys, err = keyfile.Read(f)
	f.Close()
	if err == nil {
		err = keyfile.WithoutOptions(keys)
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: keyFileProblem(name, err)}
	}
	store, m, err := openForMember(opts, false, who)
	if err != nil {
		return err
	}
	defer store.Close()
	newKeys := make([]record.NewKey, len(keys))
	for i, k := range keys {
		newKeys[i] = record.NewKey{Key: k.Key, Comment: k.Comment}
	}
	added, already, err := store.AddKeys(m.Number, newKeys)
	if err := keyFailure(opts, err, m.Number); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	for _, k := range added {
		fmt.Fprintf(out, "Added %s to member %s (%s).\n", describeKey(k), m.Number, safetext.Inert(m.Name))
	}
	for _, k := range already {
		fmt.Fprintf(out, "Member %s already has %s; it is left as it was.\n", m.Number, describeKey(k))
	}
	if len(added) > 0 {
		fmt.Fprintln(out, "They can now sign in to the course with it.")
	}
	return nil
}

// keyFileProblem says what is wrong with a file of keys, and that nothing
// was added. It never repeats the file's contents, which may be secret.
func keyFileProblem(name string, err error) string {
	var le *keyfile.LineError
	switch {
	case errors.Is(err, keyfile.ErrPrivateKey):
		return fmt.Sprintf("course: %s: that is a private key: give the .pub file (the one ending .pub beside it). "+
			"Nothing was added. The private key must stay on the member's computer: if it was sent to you, delete your copy and ask them to make a new key.", name)
	case errors.As(err, &le):
		return fmt.Sprintf("course: %s: %s. Nothing was added. Give the .pub file of the member's key, as ssh-keygen or PuTTYgen saved it.", name, le)
	case errors.Is(err, keyfile.ErrNoKeys), errors.Is(err, keyfile.ErrTooLarge), errors.Is(err, keyfile.ErrOptions):
		return fmt.Sprintf("course: %s: %s. Nothing was added. Give the .pub file of the member's key.", name, err)
	}
	return fmt.Sprintf("course: %s cannot be read: %s. Nothing was added.", name, safetext.Inert(err.Error()))
}

// keyFailure turns the store's refusals about keys into sentences, or
// returns err as it is.
func keyFailure(opts *options, err error, member string) error {
	bound, isBound := errors.AsType[*record.KeyBoundError](err)
	switch {
	case err == nil:
		return nil
	case isBound:
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: the key %s belongs to member %s, and a key can sign in as one member only. Nothing was changed. "+
				"If it is really member %s's now, remove it first: %s",
			bound.Fingerprint, bound.Member, member, typed(opts, "members", "keys", "remove", bound.Member, bound.Fingerprint))}
	case errors.Is(err, record.ErrAlreadyErased):
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: member %s's details were erased, so they cannot sign in to the course. Nothing was changed.", member)}
	case errors.Is(err, record.ErrInvalid):
		return &exitError{code: exitUsage, msg: "course: " + record.Reason(err) + "."}
	}
	return err
}

// describeKey names a key for people: its type, fingerprint and comment.
func describeKey(k record.MemberKey) string {
	s := "the " + safetext.Inert(k.Type) + " key " + k.Fingerprint
	if k.Comment != "" {
		s += " (" + safetext.Inert(k.Comment) + ")"
	}
	return s
}

func newKeysListCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "list [MEMBER]",
		Annotations: overSSH(),
		Short:       "List the SSH keys members sign in with",
		Long: `List the SSH keys bound to members: everyone's, or one member's (by number
or exact name). Each key shows its member, type, fingerprint, the comment
that came with it (often who made it, on which computer), when it was added
and how: by an officer, or by the member with an enrolment code.

A member can check a key's fingerprint on their computer with
'ssh-keygen -lf id_ed25519.pub'. In a terminal the list is a table; sent to
a file or another program it is tab-separated text after a header line.`,
		Example: "  course members keys list\n  course members keys list M4K7Q2ZP9",
		Args:    needs(0, 1, "at most one member's number or exact name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := openStore(opts, true)
			if err != nil {
				return err
			}
			defer store.Close()
			number := ""
			if len(args) == 1 {
				m, err := findMember(opts, store, args[0])
				if err != nil {
					return err
				}
				number = m.Number
			}
			keys, err := store.Keys(number)
			if err != nil {
				return err
			}
			members, err := store.Members()
			if err != nil {
				return err
			}
			names := make(map[string]string, len(members))
			for _, m := range members {
				names[m.Number] = m.Name
			}
			return writeKeys(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts, keys, names, number)
		},
	}
}

var keyColumns = []string{"member", "name", "type", "fingerprint", "comment", "added", "how"}

// writeKeys lists keys: a table on a terminal, tab-separated text
// otherwise.
func writeKeys(out, errOut io.Writer, opts *options, keys []record.MemberKey, names map[string]string, member string) error {
	terminal := terminalWidth(out) > 0 // this computer's terminal, or an officer's over ssh -t
	rows := make([][]string, len(keys))
	for i, k := range keys {
		added := k.Added.Local().Format("2006-01-02")
		if terminal {
			added = k.Added.Local().Format("2 Jan 2006")
		}
		how := "officer"
		if k.How == record.HowInvite {
			how = "enrolment code"
		}
		rows[i] = []string{k.Member, names[k.Member], k.Type, k.Fingerprint, k.Comment, added, how}
		for j := range rows[i] {
			rows[i][j] = safetext.Inert(rows[i][j])
		}
	}
	none := fmt.Sprintf("No member has an SSH key yet. Add one with '%s', or send an enrolment code with '%s'.",
		typedKeysAdd(opts, "MEMBER"), typed(opts, "members", "invite", "MEMBER"))
	if member != "" {
		none = fmt.Sprintf("Member %s has no SSH key yet. Add one with '%s', or send them an enrolment code with '%s'.",
			member, typedKeysAdd(opts, member), typed(opts, "members", "invite", member))
	}
	if !terminal {
		fmt.Fprintln(out, strings.Join(keyColumns, "\t"))
		for _, row := range rows {
			fmt.Fprintln(out, strings.Join(row, "\t"))
		}
		if len(keys) == 0 {
			fmt.Fprintln(errOut, none)
		}
		return nil
	}
	if len(keys) == 0 {
		printMessage(out, none)
		return nil
	}
	_, err := lipgloss.Fprintln(dataWriter(out), keyTable(rows, terminalWidth(out)))
	if err == nil {
		_, err = fmt.Fprintln(out, count(len(keys), "key", "keys")+".")
	}
	return err
}

// keyTable lays the rows out as a table. The fingerprint is never cut:
// it is what a person compares and copies. Too wide, the table narrows
// the name and comment, then leaves out how, the type, the date added and
// the comment.
func keyTable(rows [][]string, width int) string {
	headers := make([]string, len(keyColumns))
	for i, c := range keyColumns {
		headers[i] = strings.ToUpper(c[:1]) + c[1:]
	}
	t := termTable{headers: headers, rows: rows, flexible: []string{"Name", "Comment"},
		optional: []string{"How", "Type", "Added", "Comment"}}
	return t.render(width)
}

func newKeysRemoveCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "remove MEMBER FINGERPRINT",
		Annotations: overSSH(),
		Short:       "Remove a member's SSH key, so that it can no longer sign in",
		Long: `Remove one of a member's SSH keys, for example from a computer that was
lost or replaced: it can no longer sign in to the course. MEMBER is their
member number or exact name; FINGERPRINT is the key's, as
'course members keys list' shows it (SHA256:…). The removal is recorded.`,
		Example: "  course members keys remove M4K7Q2ZP9 SHA256:3q2+7wXbJ0ZcQw1R8yT5uVvA9kLmN4oP6sDfGhJkL0E",
		Args:    needs(2, 2, "the member's number (or exact name) and the key's fingerprint"),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, m, err := openForMember(opts, false, args[0])
			if err != nil {
				return err
			}
			defer store.Close()
			k, err := store.RemoveKey(m.Number, args[1])
			if errors.Is(err, record.ErrKeyNotFound) {
				return &exitError{code: exitFailure, msg: fmt.Sprintf(
					"course: member %s has no key %s. Run '%s' to see their keys' fingerprints.",
					m.Number, safetext.Inert(record.NormalFingerprint(args[1])), typed(opts, "members", "keys", "list", m.Number))}
			}
			if bound, ok := errors.AsType[*record.KeyBoundError](err); ok {
				return &exitError{code: exitFailure, msg: fmt.Sprintf(
					"course: the key %s is member %s's, not member %s's. Nothing was removed.", bound.Fingerprint, bound.Member, m.Number)}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed %s from member %s. It can no longer sign in to the course.\n", describeKey(k), m.Number)
			return nil
		},
	}
}

// defaultInviteTTL is how long an enrolment code lasts unless the officer
// says otherwise: time for a letter to arrive and be acted on.
const defaultInviteTTL = 14 * 24 * time.Hour

// defaultExpires is defaultInviteTTL as --expires takes it.
var defaultExpires = fmt.Sprintf("%dd", defaultInviteTTL/(24*time.Hour))

type inviteOptions struct {
	expires, server, hostKey, webURL string
	send, allNew, dryRun             bool
}

// sendExample is the command that emails invitations, as the usage
// errors about --send give it, and inviteHelp the line that ends them.
// Over SSH the server fills in its own address.
func sendExample(opts *options) string {
	if opts.served != nil {
		return typed(opts, "members", "invite", "--all-new", "--send", "--dry-run")
	}
	return typed(opts, "members", "invite", "--all-new", "--send", "--server", "course.example.gov.uk:2222", "--dry-run")
}

func inviteHelp(opts *options) string {
	return fmt.Sprintf("Run '%s' for more.", typed(opts, "members", "invite", "--help"))
}

// typedKeysAdd is the command that adds member's SSH key from a .pub
// file, as typed where the person is: over SSH the key comes from
// standard input.
func typedKeysAdd(opts *options, member string) string {
	if opts != nil && opts.served != nil {
		return typed(opts, "members", "keys", "add", member, "-") + " < FILE.pub"
	}
	return typed(opts, "members", "keys", "add", member, "FILE.pub")
}

func newMembersInviteCmd(opts *options) *cobra.Command {
	iv := &inviteOptions{}
	cmd := &cobra.Command{
		Use:         "invite MEMBER [--send] | invite MEMBER… --send | invite --all-new --send",
		Annotations: overSSH(),
		Short:       "Issue a one-time enrolment code for a member, printed or emailed",
		Long: `Issue an enrolment code for a member and print it in a short text to put in
a letter or an email, or email it to them (--send). The first time the
member connects to the course over SSH ('course serve'), they type the
code, and the key they connected with is bound to them; after that, the
key alone signs them in.

A code works once and expires (after 14 days unless --expires says
otherwise: for example 7d, 36h or 2w; at most 90 days). It is shown only
now: the record keeps only a hash of it. Issuing a new code for the same
member replaces the one before. Give --server with the course's address,
as members should type it, to print the exact command to connect.

Give --web-url with the address of the course in a browser ('course serve
--web') to print a link that opens it with the code filled in: the member
types the code once, and the same browser opens the course after that.
Over SSH, a server that gives the course in browsers prints its link.

With --send, each member named is emailed their own new code from the
council's mail server (course.yaml's mail: section; the password from
COURSE_MAIL_PASSWORD or mail: password_file:), in the words of mail:
invitation:. --all-new --send emails everyone who cannot sign in yet, has
not completed the course and has not been emailed a code that still
works (a printed letter's code is replaced): after an election, import
the roster and run it once; if it stops part way, run it again, and
nobody is emailed twice. --dry-run shows the messages and issues nothing.

The text also gives the fingerprint of the server's host key, which members
check the first time they connect: over SSH, the server's own; otherwise
that of the key 'course serve' keeps beside the record file, or of the key
--host-key names (the private key serve uses, or its .pub file). Where
there is no key yet, the text leaves the fingerprint out and says so.`,
		Example: `  course members invite M4K7Q2ZP9 --server course.example.gov.uk:2222
  course members invite "Ann Lee" --expires 7d > ann-letter.txt
  course members invite --all-new --send --server course.example.gov.uk:2222 --dry-run
  course members invite M4K7Q2ZP9 --host-key /var/lib/course/ssh_host_ed25519_key`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case iv.allNew && len(args) > 0:
				return usageError(cmd, "give members' numbers or --all-new, not both.")
			// The first example prints a letter: these show the emailing one.
			case iv.allNew && !iv.send:
				return flagError("members invite", "--all-new emails the codes, so it needs --send (and a mail: section in course.yaml). For example: %s\n%s", sendExample(opts), inviteHelp(opts))
			case iv.dryRun && !iv.send:
				return flagError("members invite", "--dry-run shows the emails --send would send: give it with --send. For example: %s\n%s", sendExample(opts), inviteHelp(opts))
			case iv.send || iv.allNew:
				if len(args) == 0 && !iv.allNew {
					return usageError(cmd, "say whom to email: members' numbers or exact names, or --all-new for everyone not yet invited.")
				}
				return nil
			}
			return needs(1, 1, "the member's number or exact name (to email several, give --send)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ttl, err := parseTTL(iv.expires)
			if err != nil {
				return usageError(cmd, "--expires %s.", err)
			}
			if iv.hostKey != "" && opts.served != nil {
				return usageError(cmd, "--host-key cannot be given over SSH: the text gives the fingerprint of the server you are connected to.")
			}
			connect, webURL, err := courseLinks(cmd, opts, iv.server, iv.webURL)
			if err != nil {
				return err
			}
			if iv.send {
				return runInviteSend(cmd, opts, iv, args, ttl, connect, webURL)
			}
			return runMembersInvite(cmd, opts, args[0], ttl, connect, iv.hostKey, webURL)
		},
	}
	cmd.Flags().StringVar(&iv.expires, "expires", defaultExpires, "how long the code lasts: days (14d), hours (36h) or weeks (2w)")
	cmd.Flags().StringVar(&iv.server, "server", "", "the course's SSH address, HOST or HOST:PORT, to print the command members type")
	cmd.Flags().StringVar(&iv.webURL, "web-url", "", "the course's address in a browser, such as https://course.example.gov.uk, to print a link that fills in the code")
	cmd.Flags().StringVar(&iv.hostKey, "host-key", "", "the server's host key or its .pub file, for the fingerprint members check (default: "+hostKeyFile+" beside the record file)")
	cmd.Flags().BoolVar(&iv.send, "send", false, "email each member their code from the council's mail server (course.yaml's mail:)")
	cmd.Flags().BoolVar(&iv.allNew, "all-new", false, "with --send: everyone who cannot sign in yet and has not been emailed a code that still works")
	cmd.Flags().BoolVar(&iv.dryRun, "dry-run", false, "with --send: print every email that would be sent, and issue no code")
	return cmd
}

func runMembersInvite(cmd *cobra.Command, opts *options, who string, ttl time.Duration, connect, hostKey, webURL string) error {
	store, m, err := openForMember(opts, false, who)
	if err != nil {
		return err
	}
	defer store.Close()
	c, err := courseFor(opts, store)
	if err != nil {
		return err
	}
	// Before the code, so that a wrong --host-key replaces no code.
	fingerprint, missing, err := serverFingerprint(opts, store.Path(), hostKey)
	if err != nil {
		return err
	}
	code, expires, err := store.Invite(m.Number, ttl)
	if err := keyFailure(opts, err, m.Number); err != nil {
		return err
	}
	_, text := c.InvitationText(invitation(m, code, expires, connect, webURL, fingerprint))
	out := cmd.OutOrStdout()
	fmt.Fprint(out, safetext.InertLines(text))
	errOut := cmd.ErrOrStderr()
	fmt.Fprintf(errOut, "course: the code above, for member %s (%s), is shown only now: the record keeps only its hash. "+
		"A new code for the same member replaces it.\n", m.Number, safetext.Inert(m.Name))
	if connect == "" && webURL == "" {
		fmt.Fprintln(errOut, "course: the text does not say how to connect to the course: give --server with its address, as members type it (and --web-url if it runs in browsers).")
	}
	if missing != "" {
		fmt.Fprintln(errOut, missing)
	}
	return nil
}

// invitation is what member m's invitation says.
func invitation(m record.Member, code string, expires time.Time, connect, webURL, fingerprint string) modules.Invitation {
	in := modules.Invitation{Name: m.Name, Number: m.Number, Code: code, Expires: expires.Local(), Connect: connect, Fingerprint: fingerprint}
	if webURL != "" {
		in.Link = inviteLink(webURL, code)
	}
	return in
}

// hostKeyFile is the name of the host key 'course serve' makes beside the
// record file when --host-key names none.
const hostKeyFile = "ssh_host_ed25519_key"

// serverFingerprint is the fingerprint of the host key of the server
// members connect to, which an invitation gives them to check: over SSH
// the running server's; otherwise the key at path, or, when path is "",
// the one 'course serve' keeps beside recordFile. Where there is no key,
// fingerprint is "" and missing tells the officer why and how to get it;
// a path given that is not a key is an error.
func serverFingerprint(opts *options, recordFile, path string) (fingerprint, missing string, err error) {
	if opts.served != nil {
		if opts.served.hostKey == nil {
			return "", "", nil
		}
		return gossh.FingerprintSHA256(opts.served.hostKey), "", nil
	}
	given := path != ""
	if !given {
		path = filepath.Join(filepath.Dir(recordFile), hostKeyFile)
	}
	key, err := readHostKey(path)
	name := safetext.Inert(path)
	switch {
	case err == nil:
		return gossh.FingerprintSHA256(key), "", nil
	case given:
		return "", "", &exitError{code: exitFailure, msg: fmt.Sprintf("course members invite: --host-key %s %s. No code was issued.", name, err)}
	case errors.Is(err, errNoHostKey):
		return "", fmt.Sprintf("course: the text leaves out the server's fingerprint, which members check the first time they connect: "+
			"there is no host key at %s yet. Start '%s' once to make it there, or give --host-key with the server's key.", name, typed(opts, "serve")), nil
	}
	return "", fmt.Sprintf("course: the text leaves out the server's fingerprint, which members check the first time they connect: "+
		"the host key %s %s. Give --host-key with the server's key.", name, err), nil
}

// errNoHostKey means there is no file where the host key should be.
var errNoHostKey = errors.New("does not exist")

// readHostKey reads the public half of a server's host key from its
// private key (as 'course serve' keeps it) or its .pub file. Its errors
// follow the file's name and never repeat what the file holds.
func readHostKey(path string) (gossh.PublicKey, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNoHostKey
		}
		return nil, fmt.Errorf("cannot be read (%v)", safetext.Inert(errors.Unwrap(err).Error()))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, keyfile.MaxSize))
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v)", safetext.Inert(err.Error()))
	}
	keys, err := keyfile.Parse(data)
	switch {
	case errors.Is(err, keyfile.ErrPrivateKey):
		signer, err := gossh.ParsePrivateKey(data)
		if missing, ok := errors.AsType[*gossh.PassphraseMissingError](err); ok && missing.PublicKey != nil {
			return missing.PublicKey, nil
		}
		if err != nil {
			return nil, errors.New("is a private key that cannot be read")
		}
		return signer.PublicKey(), nil
	case err == nil && len(keys) == 1:
		return keys[0].Key, nil
	case err == nil:
		return nil, errors.New("holds more than one key: give the server's own")
	}
	return nil, errors.New("is not an SSH host key: give the private key 'course serve' uses, or its .pub file")
}

// parseTTL reads how long a code lasts: a whole number of days (14d, or
// 14), hours (36h) or weeks (2w).
func parseTTL(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	unit := 24 * time.Hour
	switch {
	case strings.HasSuffix(s, "d"):
		s = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "h"):
		s, unit = strings.TrimSuffix(s, "h"), time.Hour
	case strings.HasSuffix(s, "w"):
		s, unit = strings.TrimSuffix(s, "w"), 7*24*time.Hour
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n <= 0:
		return 0, errors.New("must be a whole number of days, hours or weeks, such as 14d, 36h or 2w")
	case time.Duration(n) > record.MaxInviteTTL/unit:
		return 0, fmt.Errorf("can be at most %d days", record.MaxInviteTTL/(24*time.Hour))
	}
	return time.Duration(n) * unit, nil
}

// sshCommand is the command a member types to connect to server (HOST or
// HOST:PORT).
func sshCommand(server string) (string, error) {
	host, port := strings.TrimSpace(server), ""
	if h, p, err := net.SplitHostPort(host); err == nil {
		host, port = h, p
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("has the port %q, which is not a number from 1 to 65535", safetext.Inert(p))
		}
	}
	if host == "" || strings.HasPrefix(host, "-") || strings.ContainsFunc(host, func(r rune) bool {
		return r <= ' ' || strings.ContainsRune(`"'\;&|<>$`+"`", r) || r > '~'
	}) {
		return "", fmt.Errorf("must be the server's name or address, such as course.example.gov.uk or course.example.gov.uk:2222, not %q", safetext.Inert(server))
	}
	if port == "" || port == "22" {
		return "ssh " + host, nil
	}
	return "ssh -p " + port + " " + host, nil
}
