package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
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
// as record.MatchRoster says: by email, failing that by name and ward. A
// row that matches nobody is added.
//
// A matched member takes the row's name, and its email, ward, role and
// elected date where the row gives them: an empty cell never removes what
// is stored. Each addition or change is logged, as a member-added or
// member-updated event, without personal data. If a row is invalid, names
// a member another row already matched, or matches more than one member,
// the error is a *RosterError and nothing is stored; if it would change a
// member whose details fail their check (see VerifyHead), a *TamperedError.
//
// If report is not nil, it is told how many of the rows have been stored so
// far: 0 at the start, then after every importChunk rows, and all of them
// just before the transaction commits.
func (s *Store) ImportMembers(rows []record.NewMember, report func(done, total int)) (ImportResult, error) {
	if report == nil {
		report = func(int, int) {}
	}
	report(0, len(rows))
	roster, err := record.CheckRoster(rows, s.now())
	if err != nil {
		return ImportResult{}, err
	}
	cleaned := roster.Rows

	var result ImportResult
	err = s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		// New members' keys ascend (see below), so the pages they fill can
		// be nearly full rather than half full as usual: a large import
		// makes a smaller file, and sooner.
		members.FillPercent = 0.9
		var live []record.Member
		err := members.ForEach(func(k, v []byte) error {
			m, err := decodeMember(k, v)
			if err != nil {
				return err
			}
			if !m.Erased {
				live = append(live, m)
			}
			return nil
		})
		if err != nil {
			return err
		}
		match, err := record.MatchRoster(roster, live)
		if err != nil {
			return err
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
			var m record.Member
			var e record.Event
			changed := true
			if match[i] < 0 {
				m = record.Member{Number: numbers[0], Name: nm.Name, Email: nm.Email, Ward: nm.Ward, Role: nm.Role,
					Elected: nm.Elected, Added: now}
				numbers = numbers[1:]
				e = record.Event{Kind: record.MemberAdded, Role: nm.Role, Elected: record.ElectedDate(nm.Elected)}
				result.Added++
			} else {
				m, e = record.MergeRow(live[match[i]], nm, roster.RoleGiven[i])
				if changed = len(e.Fields) > 0; changed {
					result.Updated++
				} else {
					result.Unchanged++
				}
			}
			if changed {
				// A member's details changed from outside the course must
				// not be sealed again here, which would hide the change.
				if match[i] >= 0 {
					if r, _ := checkDetails(tx, m.Number); !r.OK {
						return &TamperedError{Path: s.path, Report: r}
					}
				}
				if e.DetailsDigest, err = putMember(members, m); err != nil {
					return err
				}
				e.Member = m.Number
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
