package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// decodeMember reads member number's value in the members bucket (the only
// place that holds personal data): the JSON of a record.Member.
func decodeMember(number, v []byte) (record.Member, error) {
	m := record.Member{Number: string(number)}
	if err := json.Unmarshal(v, &m); err != nil {
		return m, fmt.Errorf("member %s cannot be read: %w", number, err)
	}
	return m, nil
}

// AddMember stores a new member and logs a member-added event that carries
// the number, role and elected date but no personal data. A member who is
// already on the record (see SameMember) is refused with a
// *DuplicateMemberError. Checking reads every member, which is nothing for
// one registration in a council; add many at once with ImportMembers.
func (s *Store) AddMember(nm record.NewMember) (record.Member, error) {
	m, _, err := s.AddMemberWith(nm, "", nil)
	return m, err
}

// AddMemberWith is AddMember, numbering the member want if that is a
// member number no member has (else a new one), and appending, in the same
// transaction, the events then returns for the number: a member brought in
// with their records from another record file arrives whole or not at all.
// It returns the member and the events as stored.
func (s *Store) AddMemberWith(nm record.NewMember, want string, then func(number string) ([]record.Event, error)) (record.Member, []record.Event, error) {
	nm, err := nm.CheckAt(s.now())
	if err != nil {
		return record.Member{}, nil, err
	}
	var added record.Member
	var stored []record.Event
	err = s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		all, err := allMembers(members)
		if err != nil {
			return err
		}
		if m, byEmail, ok := record.SameMember(all, nm); ok {
			return &record.DuplicateMemberError{Existing: m, ByEmail: byEmail}
		}
		number := newMemberNumbers(members, 1)[0]
		if n, ok := record.ParseMemberNumber(want); ok && n == want && members.Get([]byte(n)) == nil {
			number = n
		}
		added = record.Member{Number: number, Name: nm.Name, Email: nm.Email, Ward: nm.Ward, Role: nm.Role,
			Elected: nm.Elected, Added: s.now().UTC()}
		digest, err := putMember(members, added)
		if err != nil {
			return err
		}
		events := []record.Event{{Kind: record.MemberAdded, Member: number, Role: nm.Role, Elected: record.ElectedDate(nm.Elected),
			DetailsDigest: digest}}
		if then != nil {
			more, err := then(number)
			if err != nil {
				return err
			}
			events = append(events, more...)
		}
		stored, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return record.Member{}, nil, fmt.Errorf("adding a member: %w", err)
	}
	return added, stored[1:], nil
}

// Member returns one member, or an error wrapping ErrNotFound.
func (s *Store) Member(number string) (record.Member, error) {
	var m record.Member
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		m, err = getMember(tx.Bucket(bucketMembers), number)
		return err
	})
	if err != nil {
		return record.Member{}, err
	}
	return m, nil
}

// Members returns every member, sorted by name (ignoring case), then number.
func (s *Store) Members() ([]record.Member, error) {
	var list []record.Member
	err := s.view(func(tx *bolt.Tx) (err error) {
		list, err = allMembers(tx.Bucket(bucketMembers))
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b record.Member) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.Number, b.Number))
	})
	return list, nil
}

// allMembers reads every member in the bucket, in number order.
func allMembers(members *bolt.Bucket) ([]record.Member, error) {
	var list []record.Member
	err := members.ForEach(func(k, v []byte) error {
		m, err := decodeMember(k, v)
		if err != nil {
			return err
		}
		list = append(list, m)
		return nil
	})
	return list, err
}

// getMember reads member number from the members bucket.
func getMember(members *bolt.Bucket, number string) (record.Member, error) {
	v := members.Get([]byte(number))
	if v == nil {
		return record.Member{Number: number}, fmt.Errorf("member %s %w", number, record.ErrNotFound)
	}
	return decodeMember([]byte(number), v)
}

// putMember stores m in the members bucket, under its number, and returns
// the digest that the event storing it must carry (see chain.StoreMember).
func putMember(members *bolt.Bucket, m record.Member) (digest string, err error) {
	v, digest, err := chain.StoreMember(m)
	if err != nil {
		return "", err
	}
	return digest, members.Put([]byte(m.Number), v)
}

// newMemberNumbers returns n numbers that no member in the bucket has, in
// ascending order.
func newMemberNumbers(members *bolt.Bucket, n int) []string {
	numbers := make([]string, 0, n)
	chosen := make(map[string]bool, n)
	for len(numbers) < n {
		number := record.NewMemberNumber()
		if !chosen[number] && members.Get([]byte(number)) == nil {
			chosen[number] = true
			numbers = append(numbers, number)
		}
	}
	slices.Sort(numbers)
	return numbers
}
