package chain

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"course/internal/record"
)

func TestSummaryRoundTrip(t *testing.T) {
	e := record.Event{Seq: 7, Member: "M1", Time: time.Date(2025, 1, 6, 9, 0, 0, 123456789, time.UTC), Kind: record.QuizFinished,
		Module: "intro", ModuleVersion: "abc", Score: 7, Total: 8, Passed: true}
	got, err := Unsummarise("M1", 7, Summary(e), map[string]string{})
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Errorf("round trip = %+v, %v; want %+v", got, err, e)
	}
	b := Summary(e)
	for i := range b {
		if _, err := Unsummarise("M1", 7, b[:i], map[string]string{}); err == nil {
			t.Errorf("a summary cut to %d bytes was accepted", i)
		}
	}
}

// TestIndexEntry: an entry is read back from its key and summary, and a
// key or summary that is not whole is damage.
func TestIndexEntry(t *testing.T) {
	e := record.Event{Seq: 258, Member: "M1", Time: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), Kind: record.ModuleRead, Module: "intro"}
	k := IndexKey("M1", 258)
	if string(k) != "M1\x00\x00\x00\x00\x00\x00\x00\x01\x02" || string(IndexPrefix("M1")) != string(k[:3]) {
		t.Errorf("IndexKey = %q, IndexPrefix = %q", k, IndexPrefix("M1"))
	}
	got, err := IndexEntry("M1", k, Summary(e), map[string]string{})
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Errorf("IndexEntry = %+v, %v; want %+v", got, err, e)
	}
	if _, err := IndexEntry("M1", k[:len(k)-1], Summary(e), map[string]string{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("a short key: %v", err)
	}
	if _, err := IndexEntry("M1", k, Summary(e)[:3], map[string]string{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("a short summary: %v", err)
	}
}
