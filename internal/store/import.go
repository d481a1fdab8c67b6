package store

import (
	"course/internal/record"

	"encoding/json"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// importChunk is how many rows ImportMembers stores between reports of its
// progress, logging their events together.
const importChunk = 1000

// ImportResult counts what ImportMembers did.
type ImportResult struct {
	Added, Updated, Unchanged int
}

// ImportMembers adds or updates a list of members (usually from
// roster.Parse) in one transaction: every row is stored, or none is.
//
// A row is the same person as a member already stored (and not erased)
// when it has that member's email (ignoring case); failing that, when it has
// the member's name (ignoring case and extra spaces) and their wards agree
// (are the same, or one is not known). A row that matches nobody is added.
// The email comes first so that a new ward does not make a new member, and
// the name second so that a roster that gains an email column, or a member
// whose email has changed, does not either.
//
// A matched member takes the row's name, and its email, ward, role and
// elected date where the row gives them: an empty cell never removes what
// is stored. Each addition or change is logged, as a member-added or
// member-updated event, without personal data. If a row is invalid, names
// a member another row already matched, or matches more than one member,
// the error is a *RosterError and nothing is stored.
//
// If report is not nil, it is told how many of the rows have been stored so
// far: 0 at the start, then after every importChunk rows, and all of them
// just before the transaction commits.
func (s *Store) ImportMembers(rows []record.NewMember, report func(done, total int)) (ImportResult, error) {
	if report == nil {
		report = func(int, int) {}
	}
	report(0, len(rows))
	var problems []record.RowProblem
	problem := func(i int, nm record.NewMember, format string, args ...any) {
		problems = append(problems, record.RowProblem{Message: fmt.Sprintf("row %d (%q): ", i+1, nm.Name) + fmt.Sprintf(format, args...)})
	}
	cleaned := make([]record.NewMember, len(rows))
	roleGiven := make([]bool, len(rows))
	seen := record.NewMatcher(len(rows))
	for i, nm := range rows {
		roleGiven[i] = strings.TrimSpace(nm.Role) != ""
		c, err := s.check(nm)
		if err != nil {
			problem(i, nm, "%s", record.Reason(err))
		} else if j, byEmail := seen.Match(c); j >= 0 {
			problem(i, nm, "%s", record.DuplicateMessage(c, byEmail, fmt.Sprintf("row %d", j+1)))
		}
		seen.Add(i, c)
		cleaned[i] = c
	}
	if len(problems) > 0 {
		return ImportResult{}, &record.RosterError{Problems: problems}
	}

	var result ImportResult
	err := s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		// New members' keys ascend (see below), so the pages they fill can
		// be nearly full rather than half full as usual: a large import
		// makes a smaller file, and sooner.
		members.FillPercent = 0.9
		type stored struct {
			number string
			rec    memberRecord
		}
		var live []stored
		index := record.NewMemberIndex(len(cleaned)) // A roster is usually about as long as the list stored.
		err := members.ForEach(func(k, v []byte) error {
			var rec memberRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("member %s cannot be read: %w", k, err)
			}
			if !rec.Erased {
				index.Add(len(live), rec.Name, rec.Email, rec.Ward)
				live = append(live, stored{string(k), rec})
			}
			return nil
		})
		if err != nil {
			return err
		}

		// Match by email first, for every row, so that a member found by
		// email is not also offered to another row by name.
		match := make([]int, len(cleaned)) // Index into live, or -1 to add.
		claimedBy := make(map[int]int)     // Index into live → row.
		claim := func(row, m int) {
			if other, taken := claimedBy[m]; taken {
				problem(row, cleaned[row], "it is the same member as row %d (%q): each member must be on one row",
					other+1, cleaned[other].Name)
				return
			}
			claimedBy[m], match[row] = row, m
		}
		resolve := func(i int, candidates []int, hint string) {
			switch len(candidates) {
			case 0:
			case 1:
				claim(i, candidates[0])
			default:
				numbers := make([]string, len(candidates))
				for j, m := range candidates {
					numbers[j] = live[m].number
				}
				problem(i, cleaned[i], "it could be any of members %s: %s", strings.Join(numbers, ", "), hint)
				match[i] = -2 // Reported: not to be matched again.
			}
		}
		for i, nm := range cleaned {
			match[i] = -1
			resolve(i, index.SameEmail(nm.Email), "they share this email, so leave it out of this row")
		}
		unclaimed := func(m int) bool { _, taken := claimedBy[m]; return !taken }
		for i, nm := range cleaned {
			if match[i] == -1 {
				resolve(i, index.WithName(nm.Name, nm.Ward, unclaimed), "give the row the email or ward of the right one")
			}
		}
		if len(problems) > 0 {
			return &record.RosterError{Problems: problems}
		}

		// Store the rows in order, logging the events of each chunk of them.
		// New members get their numbers in ascending order (which tells no
		// more than the order of their events in the log), so that every
		// key an import writes to a new record file goes at the end of its
		// bucket: bbolt splits a node only when the transaction commits, so
		// a key put anywhere else moves along all those after it, and a large
		// import would take time growing with the square of its size.
		toAdd := 0
		for _, m := range match {
			if m < 0 {
				toAdd++
			}
		}
		numbers := newMemberNumbers(members, toAdd)
		events := make([]record.Event, 0, importChunk)
		now := s.now().UTC()
		for i, nm := range cleaned {
			var number string
			var rec memberRecord
			var e record.Event
			changed := true
			if match[i] < 0 {
				number, numbers = numbers[0], numbers[1:]
				rec = memberRecord{Name: nm.Name, Email: nm.Email, Ward: nm.Ward, Role: nm.Role,
					Elected: nm.Elected, Added: now}
				e = record.Event{Kind: record.MemberAdded, Role: nm.Role, Elected: record.ElectedDate(nm.Elected)}
				result.Added++
			} else {
				st := live[match[i]]
				number = st.number
				rec, e = mergeRow(st.rec, nm, roleGiven[i])
				if changed = len(e.Fields) > 0; changed {
					result.Updated++
				} else {
					result.Unchanged++
				}
			}
			if changed {
				if err := putMember(members, number, rec); err != nil {
					return err
				}
				e.Member = number
				events = append(events, e)
			}
			if done := i + 1; done%importChunk == 0 || done == len(cleaned) {
				if len(events) > 0 {
					if _, err := s.appendEvents(tx, events); err != nil {
						return err
					}
					events = events[:0]
				}
				report(done, len(cleaned))
			}
		}
		return nil
	})
	if err != nil {
		if re := (*record.RosterError)(nil); errors.As(err, &re) {
			return ImportResult{}, err
		}
		return ImportResult{}, fmt.Errorf("importing members: %w", err)
	}
	return result, nil
}

// mergeRow applies a roster row to a stored member and returns the new
// record and the member-updated event describing the change (no Fields if
// nothing changed). Like every member-updated event, it names the personal fields
// that changed but not their values.
func mergeRow(rec memberRecord, nm record.NewMember, roleGiven bool) (memberRecord, record.Event) {
	e := record.Event{Kind: record.MemberUpdated}
	if rec.Name != nm.Name {
		e.Fields = append(e.Fields, "name")
		rec.Name = nm.Name
	}
	if nm.Email != "" && rec.Email != nm.Email {
		e.Fields = append(e.Fields, "email")
		rec.Email = nm.Email
	}
	if nm.Ward != "" && rec.Ward != nm.Ward {
		e.Fields = append(e.Fields, "ward")
		rec.Ward = nm.Ward
	}
	if roleGiven && rec.Role != nm.Role {
		e.Fields = append(e.Fields, "role")
		e.Role, rec.Role = nm.Role, nm.Role
	}
	if !nm.Elected.IsZero() && !rec.Elected.Equal(nm.Elected) {
		e.Fields = append(e.Fields, "elected")
		e.Elected, rec.Elected = record.ElectedDate(nm.Elected), nm.Elected
	}
	return rec, e
}
