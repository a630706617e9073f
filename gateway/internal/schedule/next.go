package schedule

import (
	"math/bits"
	"time"
)

// maxYears bounds the search for the next matching date; every schedule that Parse accepts
// matches within it (the calendar repeats every 400 years).
const maxYears = 400

// farAhead is more than any zone's offsets differ (they span -12h to +14h).
const farAhead = 2 * 86400

// Next returns the first time the schedule runs strictly after after, in the schedule's zone,
// or the zero Time when there is none within maxYears.
//
// Like Debian's cron, a schedule whose minute and hour fields both start with something other
// than * runs at local wall-clock times: a time that falls into a gap (the clocks go forward)
// runs at the first moment after the gap, and a time that occurs twice (the clocks go back)
// runs once, the first time. Any other schedule runs on elapsed time: it matches each real
// minute whose local reading matches, so a skipped hour never runs and a repeated hour runs
// twice.
func (s *Schedule) Next(after time.Time) time.Time {
	t := after.In(s.loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	// low is the earliest local wall-clock reading (seconds since 1970 as if it were UTC)
	// that can still match.
	low := floorMinute(t.Unix()+int64(off)) + 60
	if s.fixed && !start.IsZero() {
		// After the clocks went back, the readings up to the old offset's last one already ran.
		if _, prev := start.Add(-time.Nanosecond).Zone(); prev > off {
			low = max(low, ceilMinute(start.Unix()+int64(prev)))
		}
	}
	for range 4 * maxYears {
		w, ok := s.nextMatch(low)
		if !ok {
			return time.Time{}
		}
		c := w - int64(off)
		if end.IsZero() || c < end.Unix() {
			return time.Unix(c, 0).In(s.loc)
		}
		if c-end.Unix() > farAhead {
			// w lies well beyond this offset's time. Nothing before w matches, so skip the
			// offsets in between: go to farAhead before c, where every reading is still
			// below w whatever the offset, and search on from there.
			t = time.Unix(c-farAhead, 0).In(s.loc)
			_, off = t.Zone()
			_, end = t.ZoneBounds()
			low = w
			continue
		}
		// w lies beyond this offset's time: go on in the next one.
		_, nextOff := end.Zone()
		if s.fixed {
			if nextOff > off && w < end.Unix()+int64(nextOff) {
				return end // w fell into the gap
			}
			low = w // readings before w already ran (or did not match)
		} else {
			low = ceilMinute(end.Unix() + int64(nextOff))
		}
		off = nextOff
		_, end = end.ZoneBounds()
	}
	return time.Time{}
}

// nextMatch returns the first wall-clock reading at or after low (both in seconds since 1970 as
// if local time were UTC, low on a whole minute) that matches all five fields.
func (s *Schedule) nextMatch(low int64) (int64, bool) {
	days := floorDiv(low, 86400)
	y, m, d := civil(days)
	secs := int(low - days*86400)
	h, mi := secs/3600, secs%3600/60
	limit := y + maxYears
	for y <= limit {
		if s.month&(1<<m) == 0 {
			y, m, d, h, mi = nextMonth(y, m)
			continue
		}
		n := daysIn(y, m)
		if d > n {
			y, m, d, h, mi = nextMonth(y, m)
			continue
		}
		if !s.dayMatches(d, n, weekday(y, m, d)) {
			d, h, mi = d+1, 0, 0
			continue
		}
		nh := nextBit(uint64(s.hour), h)
		if nh < 0 {
			d, h, mi = d+1, 0, 0
			continue
		}
		if nh != h {
			h, mi = nh, 0
		}
		nm := nextBit(s.minute, mi)
		if nm < 0 {
			h, mi = h+1, 0
			if h > 23 {
				d, h = d+1, 0
			}
			continue
		}
		return daysFromCivil(y, m, d)*86400 + int64(h)*3600 + int64(nm)*60, true
	}
	return 0, false
}

func nextMonth(y, m int) (int, int, int, int, int) {
	if m == 12 {
		return y + 1, 1, 1, 0, 0
	}
	return y, m + 1, 1, 0, 0
}

// nextBit is the lowest set bit of set at or above from, or -1.
func nextBit(set uint64, from int) int {
	if from > 63 {
		return -1
	}
	rest := set &^ (1<<from - 1)
	if rest == 0 {
		return -1
	}
	return bits.TrailingZeros64(rest)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMinute(sec int64) int64 { return floorDiv(sec, 60) * 60 }

func ceilMinute(sec int64) int64 { return -floorMinute(-sec) }

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of daysFromCivil.
func civil(days int64) (y, m, d int) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// weekday of y-m-d; 1970-01-01 was a Thursday.
func weekday(y, m, d int) time.Weekday {
	n := daysFromCivil(y, m, d) + 4
	return time.Weekday(n - floorDiv(n, 7)*7)
}
