package servicefile

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// The older gateway reads timeout with pytimeparse, which takes far more forms than
// checkin.ParseDuration: units with spaces, commas and long names ("1h 30m", "2 days",
// "5 hrs, 34 mins"), clock forms ("1:30:00", "4:13" for minutes and seconds, "2:04:13:02" with
// days, "2 days, 4:13:02") and fractions ("1.5h"). These patterns accept the same set.
var (
	unitPart = func(group, units string) string {
		return `(?:(?P<` + group + `>[0-9.]+)\s*(?:` + units + `)\s*(?:[,/]\s*)?)?`
	}
	weeks = unitPart("weeks", `weeks?|wks?|w`)
	days  = unitPart("days", `days?|dys?|d`)

	pyDurationForms = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^\s*` + weeks + `\s*` + days + `\s*` +
			unitPart("hours", `hours?|hrs?|h`) + `\s*` +
			unitPart("mins", `minutes?|mins?|m`) + `\s*` +
			`(?:(?P<secs>[0-9.]+)\s*(?:seconds?|secs?|s))?\s*$`),
		regexp.MustCompile(`^\s*(?P<mins>[0-9]{1,2}):(?P<secs>[0-9]{2}(?:\.[0-9]+)?)\s*$`),
		regexp.MustCompile(`(?i)^\s*` + weeks + `\s*` + days + `\s*` +
			`(?P<hours>[0-9]+):(?P<mins>[0-9]{2}):(?P<secs>[0-9]{2}(?:\.[0-9]+)?)\s*$`),
		regexp.MustCompile(`^\s*(?P<days>[0-9]+):(?P<hours>[0-9]{2}):(?P<mins>[0-9]{2}):(?P<secs>[0-9]{2}(?:\.[0-9]+)?)\s*$`),
		regexp.MustCompile(`^\s*:(?P<secs>[0-9]{2}(?:\.[0-9]+)?)\s*$`),
	}

	unitSeconds = map[string]int64{"weeks": 7 * 86400, "days": 86400, "hours": 3600, "mins": 60, "secs": 1}
)

// ParseDuration reads a timeout as the older gateway's services.json may hold it: any form
// pytimeparse accepts, or a plain number of seconds ("3600", "3600.0"). The result must be a
// whole, non-negative number of seconds that checkin.Seconds accepts.
func ParseDuration(text string) (time.Duration, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, errors.New("empty duration")
	}
	switch s[0] {
	case '-':
		return 0, fmt.Errorf("negative duration %q", text)
	case '+':
		s = s[1:]
	}
	total, err := sumParts(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", text, err)
	}
	return wholeSeconds(total, text)
}

// sumParts adds up the parts of the first form that matches s, in seconds, exactly.
func sumParts(s string) (*big.Rat, error) {
	if r, ok := new(big.Rat).SetString(s); ok && isPlainNumber(s) {
		return r, nil
	}
	for _, form := range pyDurationForms {
		m := form.FindStringSubmatch(s)
		if m == nil || strings.TrimSpace(m[0]) == "" {
			continue
		}
		total := new(big.Rat)
		for i, name := range form.SubexpNames() {
			if name == "" || m[i] == "" {
				continue
			}
			v, ok := new(big.Rat).SetString(m[i])
			if !ok || strings.Count(m[i], ".") > 1 {
				return nil, fmt.Errorf("%q is not a number", m[i])
			}
			total.Add(total, v.Mul(v, new(big.Rat).SetInt64(unitSeconds[name])))
		}
		return total, nil
	}
	return nil, errors.New("not a duration the older gateway understood (like 30d, 1h 30m, 2 days, 1:30:00 or 3600)")
}

// isPlainNumber reports whether s is digits with at most one decimal point (no exponent, no
// fraction like 1/2, which big.Rat would take).
func isPlainNumber(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots <= 1 && s != "."
}

func wholeSeconds(total *big.Rat, text string) (time.Duration, error) {
	if !total.IsInt() {
		return 0, fmt.Errorf("duration %q is %s seconds: not a whole number of seconds", text, total.FloatString(3))
	}
	if !total.Num().IsInt64() {
		return 0, fmt.Errorf("duration %q is too long", text)
	}
	d, err := checkin.Seconds(total.Num().Int64())
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", text, err)
	}
	return d, nil
}

// SecondsValue turns a timeout the older gateway stored as a number (INTEGER, or REAL such as
// 2592000.0 from its web form) into a duration.
func SecondsValue(v float64) (time.Duration, error) {
	text := strconv.FormatFloat(v, 'f', -1, 64)
	if v < 0 {
		return 0, fmt.Errorf("negative duration %s", text)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return 0, fmt.Errorf("invalid duration %s", text)
	}
	return wholeSeconds(r, text)
}

// FormatDuration writes d in services.json's form, which checkin.ParseDuration reads back:
// "0", or the days, hours, minutes and seconds that are not zero, run together ("30d", "1h30m",
// "1d5s"). Fractions of a second are dropped.
func FormatDuration(d time.Duration) string {
	secs := int64(d / time.Second)
	if secs <= 0 {
		return "0"
	}
	var b strings.Builder
	for _, u := range []struct {
		size int64
		unit byte
	}{{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}} {
		if n := secs / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(n, 10))
			b.WriteByte(u.unit)
			secs -= n * u.size
		}
	}
	return b.String()
}
