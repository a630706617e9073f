package schedule

import (
	"fmt"
	"math/bits"
	"strings"
)

var (
	monthNames = [...]string{1: "January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	dayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	ordinals = [...]string{1: "first", "second", "third", "fourth", "fifth"}
)

// Describe says in words when the schedule runs, like "at 02:00 on day 1 of the month", where
// that is easy; otherwise it returns the expression as written.
func (s *Schedule) Describe() string {
	when, ok := s.describeTime()
	if !ok {
		return s.expr
	}
	days, ok := s.describeDays()
	if !ok {
		return s.expr
	}
	months, ok := s.describeMonths()
	if !ok {
		return s.expr
	}
	if days == "" && !strings.Contains(when, "every") {
		days = "every day"
	}
	return strings.Join(nonEmpty(when, days, months), " ")
}

func (s *Schedule) describeTime() (string, bool) {
	minute, hour := s.fields[0], s.fields[1]
	m, oneMinute := single(s.minute)
	h, oneHour := single(uint64(s.hour))
	switch {
	case oneMinute && oneHour:
		return fmt.Sprintf("at %02d:%02d", h, m), true
	case oneMinute && hour == "*":
		return fmt.Sprintf("at minute %d of every hour", m), true
	case minute == "*" && hour == "*":
		return "every minute", true
	case strings.HasPrefix(minute, "*/") && hour == "*":
		return fmt.Sprintf("every %s minutes", minute[2:]), true
	}
	return "", false
}

func (s *Schedule) describeDays() (string, bool) {
	dom, dow := s.fields[2], s.fields[4]
	switch {
	case dom == "*" && dow == "*":
		return "", true
	case dow == "*" && strings.EqualFold(dom, "L"):
		return "on the last day of the month", true
	case dow == "*":
		if d, ok := single(uint64(s.dom)); ok && !s.lastDOM {
			return fmt.Sprintf("on day %d of the month", d), true
		}
		return "", false
	case dom != "*":
		return "", false
	case s.lastDOW == 0 && s.nth == [7]uint8{}:
		return "on " + weekdays(s.dow), true
	case s.dow == 0 && bits.OnesCount8(s.lastDOW) == 1 && s.nth == [7]uint8{}:
		return fmt.Sprintf("on the last %s of the month", dayNames[bits.TrailingZeros8(s.lastDOW)]), true
	case s.dow == 0 && s.lastDOW == 0:
		for d, k := range s.nth {
			if k == 0 {
				continue
			}
			n, ok := single(uint64(k))
			if !ok || s.nth != nthOnly(d, k) {
				return "", false
			}
			return fmt.Sprintf("on the %s %s of the month", ordinals[n], dayNames[d]), true
		}
	}
	return "", false
}

func nthOnly(d int, k uint8) [7]uint8 {
	var n [7]uint8
	n[d] = k
	return n
}

func (s *Schedule) describeMonths() (string, bool) {
	if s.fields[3] == "*" {
		return "", true
	}
	var names []string
	for m := 1; m <= 12; m++ {
		if s.month&(1<<m) != 0 {
			names = append(names, monthNames[m])
		}
	}
	return "in " + join(names), true
}

// weekdays names a set of weekdays, Monday first: "Monday to Friday", "Saturday and Sunday".
func weekdays(set uint8) string {
	var names []string
	for i := 1; i <= 7; i++ {
		if set&(1<<(i%7)) != 0 {
			names = append(names, dayNames[i%7])
		}
	}
	if len(names) >= 3 {
		// A run of days without holes reads as a range.
		first := -1
		for i := 1; i <= 7; i++ {
			if set&(1<<(i%7)) != 0 {
				first = i
				break
			}
		}
		run := uint8(0)
		for i := first; i < first+len(names) && i <= 7; i++ {
			run |= 1 << (i % 7)
		}
		if run == set {
			return names[0] + " to " + names[len(names)-1]
		}
	}
	return join(names)
}

func join(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// single returns the one value in set, if it holds exactly one.
func single(set uint64) (int, bool) {
	if bits.OnesCount64(set) != 1 {
		return 0, false
	}
	return bits.TrailingZeros64(set), true
}

func nonEmpty(parts ...string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
