package chain

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"
	"time"

	"course/internal/record"
)

// TestSumOfIsTheHashOfTheSealedBytes: the check hashes a stored event's
// head and closing brace, which are the bytes Seal hashed.
func TestSumOfIsTheHashOfTheSealedBytes(t *testing.T) {
	e := record.Event{Seq: 3, Time: time.Date(2025, 5, 1, 9, 0, 1, 0, time.UTC), Kind: record.ModuleRead, Member: "M0A1B2C3D",
		Module: "intro", Prev: fmt.Sprintf("%064x", 2)}
	v, err := Seal(&e)
	if err != nil {
		t.Fatal(err)
	}
	head, hash, ok := Unseal(v)
	sum := sha256.Sum256(append(slices.Clip(head), '}'))
	if !ok || string(hash) != e.Hash || fmt.Sprintf("%x", sum) != e.Hash || sumOf(sha256.New(), head) != sum {
		t.Errorf("Unseal(%s) = %s, %v; sumOf = %x; want %s", v, hash, ok, sumOf(sha256.New(), head), e.Hash)
	}
}
