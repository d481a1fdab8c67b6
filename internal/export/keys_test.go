package export

import (
	"bytes"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/record"
)

// Key and invitation events are part of the record but not learning: no
// export emits them, in any format.
func TestExportLeavesOutKeyEvents(t *testing.T) {
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Amy")
	key := progresstest.NewKey(t)
	progresstest.AddKey(t, s, m.Number, key, "amy@laptop")
	code, _, err := s.Invite(m.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	progresstest.Record(t, s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: "intro", ModuleVersion: "v1"})
	if _, err := s.RemoveKey(m.Number, record.Fingerprint(key)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeem(code, key, ""); err != nil {
		t.Fatal(err)
	}
	for _, format := range []Format{CSV, JSON, XAPI} {
		data, res := exportBytes(t, s, Options{Format: format, XAPI: exportCourse})
		if res.Records != 1 {
			t.Errorf("%s: %d records, want 1 (the module read)", format, res.Records)
		}
		for _, leak := range []string{"key-", "invite", "SHA256:", record.Fingerprint(key)[7:]} {
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("%s export holds %q", format, leak)
			}
		}
	}
}
