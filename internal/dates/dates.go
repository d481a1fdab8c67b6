// Package dates reads the dates people type or spreadsheets write: one
// parser, one set of accepted forms, used by registration, rosters and the
// officer's commands alike. It imports nothing of the course.
//
// Accepted, with or without leading zeros:
//
//	04/05/2023, 4/5/2023    day/month/year, as in England and Wales
//	2023-05-04              year-month-day (ISO 8601), as spreadsheets export
//	4 May 2023, 4 Jan 2024  day, month name or its first three letters, year
//
// Years have four digits and are 1900 or later.
package dates

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	yearMonthDay = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayNameYear  = regexp.MustCompile(`^(\d{1,2}) ([A-Za-z]+) (\d{4})$`)
)

var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	for mo := time.January; mo <= time.December; mo++ {
		name := strings.ToLower(mo.String())
		m[name], m[name[:3]] = mo, mo
	}
	m["sept"] = time.September
	return m
}()

// Example is a date written as the messages suggest.
const Example = "04/05/2023"

// Parse reads a date in one of the accepted forms, as midnight UTC on that
// day. The error says what is wrong in words for a person.
func Parse(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	var y, d int
	var mo time.Month
	switch {
	case dayMonthYear.MatchString(s):
		p := dayMonthYear.FindStringSubmatch(s)
		d, mo, y = atoi(p[1]), time.Month(atoi(p[2])), atoi(p[3])
	case yearMonthDay.MatchString(s):
		p := yearMonthDay.FindStringSubmatch(s)
		y, mo, d = atoi(p[1]), time.Month(atoi(p[2])), atoi(p[3])
	case dayNameYear.MatchString(s):
		p := dayNameYear.FindStringSubmatch(s)
		m, ok := months[strings.ToLower(p[2])]
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a date: %q is not the name of a month", s, p[2])
		}
		d, mo, y = atoi(p[1]), m, atoi(p[3])
	default:
		return time.Time{}, fmt.Errorf("%q is not a date: write it as day/month/year, for example %s", s, Example)
	}
	if mo < time.January || mo > time.December {
		return time.Time{}, fmt.Errorf("%q is not a date: there is no month %d", s, int(mo))
	}
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a date: %s %d has no day %d", s, mo, y, d)
	}
	if y < 1900 {
		return time.Time{}, fmt.Errorf("%q is not a date: the year must be 1900 or later", s)
	}
	return t, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// AddMonths is t plus n calendar months, on the same day of the month, or
// the month's last day when it has no such day: 30 November plus three
// months is 28 (or 29) February, not 2 March as time.AddDate makes it.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}
