package checkin

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Day and Week are the two units ParseDuration knows beyond time.ParseDuration's.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

var durationUnits = map[byte]time.Duration{
	's': time.Second,
	'm': time.Minute,
	'h': time.Hour,
	'd': Day,
	'w': Week,
}

// maxSeconds keeps every duration inside time.Duration's range with room to add two of them.
const maxSeconds = int64(math.MaxInt64/time.Second) / 4

// ParseDuration reads a duration as services.json writes it: whole seconds ("3600"), or numbers
// with the units s, m, h, d and w, combinable ("1d12h", "90m", "2w"). Surrounding spaces are
// ignored; upper-case units are accepted.
func ParseDuration(text string) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(text))
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Seconds(n)
	}
	var total int64
	for rest := s; rest != ""; {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("invalid duration %q: want seconds or numbers with units s, m, h, d, w, like 1d12h", text)
		}
		unit, ok := durationUnits[rest[i]]
		if !ok {
			return 0, fmt.Errorf("invalid duration %q: unknown unit %q (use s, m, h, d or w)", text, rest[i])
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > maxSeconds/int64(unit/time.Second) {
			return 0, fmt.Errorf("invalid duration %q: too long", text)
		}
		total += n * int64(unit/time.Second)
		if total > maxSeconds {
			return 0, fmt.Errorf("invalid duration %q: too long", text)
		}
		rest = rest[i+1:]
	}
	return time.Duration(total) * time.Second, nil
}

// Seconds turns a count of seconds into a duration, refusing negative and absurdly long ones.
func Seconds(n int64) (time.Duration, error) {
	if n < 0 {
		return 0, fmt.Errorf("invalid duration %d: must not be negative", n)
	}
	if n > maxSeconds {
		return 0, fmt.Errorf("invalid duration %d: too long", n)
	}
	return time.Duration(n) * time.Second, nil
}

// FormatDuration writes a duration for people, with its two largest units: "2d 3h", "5m 10s",
// "42s". Anything under a second is "0s"; negative durations are written as their size.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	secs := int64(d / time.Second)
	if secs == 0 {
		return "0s"
	}
	parts := [...]struct {
		size int64
		unit byte
	}{{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}}
	var buf [24]byte
	out := buf[:0]
	written := 0
	for _, p := range parts {
		if written == 2 {
			break
		}
		n := secs / p.size
		if n == 0 {
			if written > 0 {
				break // "2d 3h", not "2d 0h 5m" and not "2d 5m" when hours are 0
			}
			continue
		}
		secs -= n * p.size
		if written > 0 {
			out = append(out, ' ')
		}
		out = strconv.AppendInt(out, n, 10)
		out = append(out, p.unit)
		written++
	}
	return string(out)
}
