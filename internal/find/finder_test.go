package find

import (
	"slices"
	"testing"
)

func TestFinder(t *testing.T) {
	f := New([]string{"Huw Jones · Ward 4", "Huw Owusu · Castle", "Seán O'Neill · Abbey", "Eirlys Lloyd-Jones", "Ann Lee"})
	for typed, want := range map[string][]int{
		"":            {0, 1, 2, 3, 4},
		"o":           {1, 2},
		"huw o":       {1},
		"neill":       {2},
		"O’Neill":     {2},
		"jones":       {0, 3},
		"lloydjones":  {3},
		"lloyd-jones": {3},
		"ward 4":      {0},
		"  ANN  ":     {4},
		"nn":          nil,
	} {
		if got := f.Find(typed); !slices.Equal(got, want) {
			t.Errorf("Find(%q) = %v, want %v", typed, got, want)
		}
	}
}
