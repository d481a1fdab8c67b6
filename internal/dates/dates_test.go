package dates

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	may4 := time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"04/05/2023", "4/5/2023", " 4/5/2023 ", "2023-05-04", "2023-5-4", "4 May 2023", "4 may 2023", "04  May 2023", "4 MAY 2023"} {
		if got, err := Parse(s); err != nil || !got.Equal(may4) {
			t.Errorf("Parse(%q) = %v, %v; want 4 May 2023", s, got, err)
		}
	}
	if got, err := Parse("29/02/2024"); err != nil || got.Day() != 29 {
		t.Errorf("29/02/2024 (a leap year) = %v, %v", got, err)
	}
	if got, err := Parse("1 Sept 2024"); err != nil || got.Month() != time.September {
		t.Errorf("1 Sept 2024 = %v, %v", got, err)
	}
	for s, want := range map[string]string{
		"31/02/2023": "February 2023 has no day 31",
		"29/02/2023": "February 2023 has no day 29",
		"00/05/2023": "has no day 0",
		"04/13/2023": "there is no month 13",
		"2/3/23":     "write it as day/month/year",
		"May 4 2023": "write it as day/month/year",
		"4 Mai 2023": `"Mai" is not the name of a month`,
		"01/01/1850": "1900 or later",
		"":           "write it as day/month/year",
		"2023/05/04": "write it as day/month/year",
	} {
		if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to say %q", s, err, want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{day(2021, 11, 30), 3, day(2022, 2, 28)},
		{day(2023, 11, 30), 3, day(2024, 2, 29)},
		{day(2023, 1, 31), 1, day(2023, 2, 28)},
		{day(2024, 2, 29), 12, day(2025, 2, 28)},
		{day(2023, 5, 4), 3, day(2023, 8, 4)},
		{day(2023, 10, 31), 2, day(2023, 12, 31)},
		{day(2023, 12, 15), 14, day(2025, 2, 15)},
	} {
		if got := AddMonths(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from.Format(time.DateOnly), tt.n, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}
