// Package schedule reads cron expressions in the five-field language of Debian's cron, plus L
// (last day, last weekday of the month) and # (n-th weekday), and finds the times they run at
// in a time zone, the way Debian's cron runs them across daylight-saving changes. It is pure: no clock, no
// I/O, no allocation in Next.
package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

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

// Parse reads a five-field cron expression or an @ shorthand for the zone loc (nil means UTC).
// Its errors name the field that is wrong. A schedule that can never run is an error too.
func Parse(expr string, loc *time.Location) (*Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := &Schedule{expr: expr, loc: loc}
	text := strings.TrimSpace(expr)
	if strings.HasPrefix(text, "@") {
		m, ok := macros[strings.ToLower(text)]
		if !ok {
			return nil, fmt.Errorf("unknown shorthand %q: use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly", text)
		}
		text = m
	}
	fields := strings.Fields(text)
	if len(fields) != 5 {
		return nil, fmt.Errorf("want five fields (minute hour day-of-month month day-of-week), got %d", len(fields))
	}
	copy(s.fields[:], fields)
	var err error
	if s.minute, err = minuteField.parseList(fields[0]); err != nil {
		return nil, fieldErr(minuteField, err)
	}
	hour, err := hourField.parseList(fields[1])
	if err != nil {
		return nil, fieldErr(hourField, err)
	}
	s.hour = uint32(hour)
	if err := parseDOM(fields[2], s); err != nil {
		return nil, fieldErr(domField, err)
	}
	month, err := monthField.parseList(fields[3])
	if err != nil {
		return nil, fieldErr(monthField, err)
	}
	s.month = uint16(month)
	if err := parseDOW(fields[4], s); err != nil {
		return nil, fieldErr(dowField, err)
	}
	s.dayAnd = strings.HasPrefix(fields[2], "*") || strings.HasPrefix(fields[4], "*")
	s.fixed = !strings.HasPrefix(fields[0], "*") && !strings.HasPrefix(fields[1], "*")
	if !s.firesEver() {
		return nil, errors.New("never runs: no date matches its day-of-month, month and day-of-week fields")
	}
	return s, nil
}

func fieldErr(f field, err error) error {
	return fmt.Errorf("%s field: %w", f.name, err)
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
