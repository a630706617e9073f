package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// macros are the @ shorthands Debian's cron accepts (except @reboot, which has no time).
var macros = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
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

// parseDOM reads the day-of-month field: a list, where one item may be L (the last day).
func parseDOM(s string, sc *Schedule) error {
	var rest []string
	for term := range strings.SplitSeq(s, ",") {
		if strings.EqualFold(term, "L") {
			sc.lastDOM = true
			continue
		}
		rest = append(rest, term)
	}
	if len(rest) == 0 {
		return nil
	}
	bits, err := domField.parseList(strings.Join(rest, ","))
	sc.dom = uint32(bits)
	return err
}

// parseDOW reads the day-of-week field: a list whose items may also be NL (the last weekday N
// of the month, N a number) and D#K (the K-th weekday D of the month, K from 1 to 5).
func parseDOW(s string, sc *Schedule) error {
	for term := range strings.SplitSeq(s, ",") {
		switch {
		case strings.Contains(term, "#"):
			day, nth, _ := strings.Cut(term, "#")
			d, err := dowField.value(day)
			if err != nil {
				return err
			}
			k, err := strconv.Atoi(nth)
			if err != nil || !isDigits(nth) || k < 1 || k > 5 {
				return fmt.Errorf("%q: the number after # must be 1 to 5", term)
			}
			sc.nth[d%7] |= 1 << k
		case len(term) > 1 && (term[len(term)-1] == 'L' || term[len(term)-1] == 'l'):
			num := term[:len(term)-1]
			if !isDigits(num) {
				return fmt.Errorf("%q: the last weekday of the month is written as a number and L, like 5L", term)
			}
			d, err := dowField.value(num)
			if err != nil {
				return err
			}
			sc.lastDOW |= 1 << (d % 7)
		default:
			bits, err := dowField.parseTerm(term)
			if err != nil {
				return err
			}
			if bits&(1<<7) != 0 {
				bits |= 1 // 7 is Sunday too
			}
			sc.dow |= uint8(bits & 0x7f)
		}
	}
	return nil
}
