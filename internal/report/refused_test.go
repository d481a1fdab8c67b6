package report

import (
	"testing"
	"time"

	"course/internal/record"
)

// The report's email refused is when the mail server last refused the
// member's address for good, until their details change: an import that
// corrects the address puts it behind them, as does a message sent to
// them after it, and a refusal after that counts again. A member erased
// has none.
func TestEmailRefused(t *testing.T) {
	mr := newMailedRecords(t)
	refuse := func(name string, d int) {
		t.Helper()
		mr.clock.set(mr.day(d))
		number := mr.numbers[name]
		if _, err := mr.s.Append(number, func(record.History) ([]record.Event, error) {
			return []record.Event{{Kind: record.EmailRefused, Member: number, Reason: "550 5.1.1"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	refuse("Ann", 10)
	refuse("Bea", 10)
	refuse("Cy", 10)
	hal, err := mr.s.AddMember(record.NewMember{Name: "Hal Jones", Ward: "Abbey", Email: "hal@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	mr.numbers["Hal"] = hal.Number
	refuse("Hal", 10)
	if err := mr.s.EraseMember(hal.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	mr.clock.set(mr.day(11))
	// Bea's and Cy's addresses are corrected in the roster; Ann's row is
	// the same as before, so nothing of hers changes.
	if _, err := mr.s.ImportMembers([]record.NewMember{
		{Name: "Ann Jones", Ward: "Abbey", Email: "Ann@example.org"},
		{Name: "Bea Jones", Ward: "Abbey", Email: "bea.jones@example.org"},
		{Name: "Cy Jones", Ward: "Abbey", Email: "cy.jones@example.org"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	refuse("Cy", 12) // the new address is refused too
	refuse("Di", 12)
	mr.remind(t, "Di", 13) // and Di's took a message after all
	_, rows := mr.rows(t)
	for name, want := range map[string]time.Time{"Ann": mr.day(10), "Bea": {}, "Cy": mr.day(12), "Di": {}, "Ed": {}, "Hal": {}} {
		if got := rows[name].EmailRefused; !got.Equal(want) {
			t.Errorf("%s: email refused %v; want %v", name, got, want)
		}
	}
}
