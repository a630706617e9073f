// Package schedule reads cron expressions in the five-field language of Debian's cron, plus L
// (last day, last weekday of the month) and # (n-th weekday), and finds the times they run at
// in a time zone, the way Debian's cron runs them across daylight-saving changes. It is pure: no clock, no
// I/O, no allocation in Next.
package schedule

import "time"

// Schedule is a parsed cron expression in a time zone.
type Schedule struct {
	expr string
	loc  *time.Location

	minute  uint64    // bit m: minute m
	hour    uint32    // bit h: hour h
	dom     uint32    // bit d: day d of the month
	lastDOM bool      // L: the last day of the month
	month   uint16    // bit m: month m (1 = January)
	dow     uint8     // bit d: weekday d (0 = Sunday)
	lastDOW uint8     // bit d: the last weekday d of the month (5L)
	nth     [7]uint8  // nth[d] bit k: the k-th weekday d of the month (MON#2)
	dayAnd  bool      // a day field starts with *: both day fields must match
	fixed   bool      // neither minute nor hour starts with *: wall-clock times
	fields  [5]string // the fields as written, after an @ shorthand is expanded
}

// String is the expression as written.
func (s *Schedule) String() string { return s.expr }

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// firesEver reports whether some date matches the day and month fields. The Gregorian calendar
// repeats every 400 years, so one cycle holds every combination of date, weekday and leap year.
func (s *Schedule) firesEver() bool {
	d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	wd := int(d.Weekday())
	for y := 2000; y < 2400; y++ {
		for m := 1; m <= 12; m++ {
			n := daysIn(y, m)
			if s.month&(1<<m) == 0 {
				wd = (wd + n) % 7
				continue
			}
			for day := 1; day <= n; day++ {
				if s.dayMatches(day, n, time.Weekday(wd)) {
					return true
				}
				wd = (wd + 1) % 7
			}
		}
	}
	return false
}

// dayMatches applies the day fields to day d of a month of n days that falls on weekday wd.
// Like Debian's cron, a match of either field is enough when both are restricted (neither
// starts with *), and both must match otherwise.
func (s *Schedule) dayMatches(d, n int, wd time.Weekday) bool {
	domOK := s.dom&(1<<d) != 0 || (s.lastDOM && d == n)
	dowOK := s.dow&(1<<wd) != 0 ||
		(s.lastDOW&(1<<wd) != 0 && d+7 > n) ||
		s.nth[wd]&(1<<((d+6)/7)) != 0
	if s.dayAnd {
		return domOK && dowOK
	}
	return domOK || dowOK
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
