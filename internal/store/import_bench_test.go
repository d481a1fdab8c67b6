package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"course/internal/record"
)

// Names, wards and dates for generated rosters: 60 first names × 26 middle
// initials × 70 surnames make 109,200 distinct names.
var (
	rosterFirstNames = strings.Fields(`Aaliyah Abdul Adele Alan Amara Amir Angela Anil Barbara Beatrice Bilal
		Bronwen Callum Carol Chidi Colin Dalia Darren Deborah Dev Eileen Emeka Farah Fiona Gareth Gillian
		Graham Hamza Helen Imran Isla Jacqueline James Jasmin Kamal Karen Kwame Leanne Lewis Mandeep Margaret
		Mohammed Nadia Neil Niamh Olu Patricia Priya Rhys Ruth Sanjay Sarah Siobhan Stuart Tariq Tracey
		Victoria Wayne Yusuf Zainab`)
	rosterSurnames = strings.Fields(`Adeyemi Ahmed Ali Allen Bailey Baker Begum Bell Bennett Brown Campbell
		Carter Chapman Clarke Collins Cooper Davies Edwards Evans Fisher Green Hall Harris Hill Hughes Hussain
		Jackson James Jenkins Johnson Jones Kaur Khan King Lewis Lloyd Marshall Martin Mills Mitchell Moore
		Morgan Morris Murphy Nwosu Okafor Owen Palmer Parker Patel Phillips Price Roberts Robinson Rogers Scott
		Shah Singh Smith Stewart Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson`)
	rosterElected = []time.Time{{}, rosterDate(2019, 5, 2), rosterDate(2021, 5, 6), rosterDate(2022, 5, 5),
		rosterDate(2023, 5, 4), rosterDate(2024, 5, 2)}
)

// generateRoster returns n rows, each a different member, shaped like a
// real roster: most rows have an email, a ward and the date elected; one
// in eight is co-opted.
func generateRoster(n int) []record.NewMember {
	rows := make([]record.NewMember, n)
	for i := range rows {
		// Step through the names by a stride prime to their number, so
		// that neighbouring rows differ in every part of the name.
		k := i * 7919 % (len(rosterFirstNames) * 26 * len(rosterSurnames))
		first := rosterFirstNames[k%len(rosterFirstNames)]
		k /= len(rosterFirstNames)
		initial := string(rune('A' + k%26))
		surname := rosterSurnames[k/26]
		nm := record.NewMember{
			Name:    first + " " + initial + ". " + surname,
			Email:   strings.ToLower(first+"."+initial+"."+surname) + "@northshire.gov.uk",
			Ward:    sampleWards[i%len(sampleWards)],
			Elected: rosterElected[i%len(rosterElected)],
		}
		switch {
		case i%20 == 3:
			nm.Email = ""
		case i%25 == 4:
			nm.Ward = ""
		}
		if i%8 == 5 {
			nm.Role = record.RoleCoopted
		}
		rows[i] = nm
	}
	return rows
}

func TestGenerateRosterIsDistinct(t *testing.T) {
	rows := generateRoster(100_000)
	names := make(map[string]bool, len(rows))
	for _, nm := range rows {
		if names[nm.Name] {
			t.Fatalf("%q is on two rows", nm.Name)
		}
		names[nm.Name] = true
	}
}

// BenchmarkImport imports a generated roster of 100,000 members into a
// new record file (Fresh), then the same roster into a file that already
// holds it, which finds every row unchanged (Again). Run it with
// -benchtime=1x:
//
//	go test ./internal/store -run '^$' -bench Import -benchtime=1x -benchmem
//
// and its peak memory with
//
//	go test -c -o store.test ./internal/store
//	/usr/bin/time -v ./store.test -test.run '^$' -test.bench Import/Fresh -test.benchtime=1x
func BenchmarkImport(b *testing.B) {
	const n = 100_000
	rows := generateRoster(n)
	b.Run(fmt.Sprintf("Fresh%d", n), func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := benchStore(b)
			b.StartTimer()
			res, err := s.ImportMembers(rows, nil)
			if err != nil || res != (ImportResult{Added: n}) {
				b.Fatalf("import = %+v, %v", res, err)
			}
		}
		b.ReportMetric(n, "rows/op")
	})
	b.Run(fmt.Sprintf("Again%d", n), func(b *testing.B) {
		s := benchStore(b)
		if _, err := s.ImportMembers(rows, nil); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			res, err := s.ImportMembers(rows, nil)
			if err != nil || res != (ImportResult{Unchanged: n}) {
				b.Fatalf("import = %+v, %v", res, err)
			}
		}
		b.ReportMetric(n, "rows/op")
	})
}
