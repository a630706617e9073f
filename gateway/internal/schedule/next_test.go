package schedule

import (
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q) = %v", name, err)
	}
	return loc
}

// TestNext checks run times, each strictly after the one before. The expected times around
// daylight-saving changes are those of Debian's cron: wall-clock times for a fixed minute and
// hour (a skipped time runs when the gap ends, a repeated time runs once), elapsed time
// otherwise.
func TestNext(t *testing.T) {
	tests := []struct {
		name, expr, tz, from string
		want                 []string
	}{
		// The language, in UTC.
		{"every minute, from a time with seconds", "* * * * *", "UTC", "2020-01-01T00:00:30Z",
			[]string{"2020-01-01T00:01:00Z", "2020-01-01T00:02:00Z"}},
		{"strictly after a run time", "0 2 * * *", "UTC", "2020-01-01T02:00:00Z",
			[]string{"2020-01-02T02:00:00Z"}},
		{"steps", "*/15 * * * *", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-01T00:15:00Z", "2020-01-01T00:30:00Z", "2020-01-01T00:45:00Z", "2020-01-01T01:00:00Z"}},
		{"start with a step", "5/15 * * * *", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-01T00:05:00Z", "2020-01-01T00:20:00Z", "2020-01-01T00:35:00Z", "2020-01-01T00:50:00Z", "2020-01-01T01:05:00Z"}},
		{"range with a step, and a list", "0 1-9/4,22 * * *", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-01T01:00:00Z", "2020-01-01T05:00:00Z", "2020-01-01T09:00:00Z", "2020-01-01T22:00:00Z", "2020-01-02T01:00:00Z"}},
		{"month names any case", "0 12 1 jan,Jul *", "UTC", "2020-01-02T00:00:00Z",
			[]string{"2020-07-01T12:00:00Z", "2021-01-01T12:00:00Z"}},
		{"day names and a range of them", "30 18 * * mon-FRI", "UTC", "2020-01-03T19:00:00Z", // a Friday
			[]string{"2020-01-06T18:30:00Z", "2020-01-07T18:30:00Z"}},
		{"0 is Sunday", "0 0 * * 0", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-05T00:00:00Z"}},
		{"7 is Sunday", "0 0 * * 7", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-05T00:00:00Z"}},
		{"5-7 is Friday to Sunday", "0 0 * * 5-7", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-03T00:00:00Z", "2020-01-04T00:00:00Z", "2020-01-05T00:00:00Z", "2020-01-10T00:00:00Z"}},
		{"both day fields restricted: either matches", "0 0 13 * 5", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-03T00:00:00Z", "2020-01-10T00:00:00Z", "2020-01-13T00:00:00Z", "2020-01-17T00:00:00Z"}},
		{"day of week starts with *: both must match", "1 1 1-7 * */7", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-05T01:01:00Z", "2020-02-02T01:01:00Z", "2020-03-01T01:01:00Z"}},
		{"day of month starts with *: both must match", "1 1 */100,1-7 * MON", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-06T01:01:00Z", "2020-02-03T01:01:00Z", "2020-03-02T01:01:00Z"}},
		{"every third weekday from Sunday", "1 1 * * */3", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-01T01:01:00Z", "2020-01-04T01:01:00Z", "2020-01-05T01:01:00Z", "2020-01-08T01:01:00Z"}},
		{"L: last day of the month", "1 1 L * *", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-31T01:01:00Z", "2020-02-29T01:01:00Z", "2020-03-31T01:01:00Z", "2020-04-30T01:01:00Z"}},
		{"l in a list", "0 0 15,l 2 *", "UTC", "2021-01-01T00:00:00Z",
			[]string{"2021-02-15T00:00:00Z", "2021-02-28T00:00:00Z", "2022-02-15T00:00:00Z"}},
		{"5L: last Friday", "1 1 * * 5L", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-31T01:01:00Z", "2020-02-28T01:01:00Z", "2020-03-27T01:01:00Z", "2020-04-24T01:01:00Z"}},
		{"0L: last Sunday", "1 1 * * 0L", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-26T01:01:00Z"}},
		{"7L: last Sunday", "1 1 * * 7L", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-26T01:01:00Z"}},
		{"1#2: second Monday", "1 1 * * 1#2", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-01-13T01:01:00Z", "2020-02-10T01:01:00Z"}},
		{"MON#2 in lower case", "1 1 * * mon#2", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-13T01:01:00Z"}},
		{"fifth Monday skips short months", "0 0 * * MON#5", "UTC", "2020-01-01T00:00:00Z",
			[]string{"2020-03-30T00:00:00Z", "2020-06-29T00:00:00Z"}},
		{"29 February", "0 0 29 2 *", "UTC", "2021-01-01T00:00:00Z",
			[]string{"2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"}},
		{"@yearly", "@yearly", "UTC", "2020-06-01T00:00:00Z", []string{"2021-01-01T00:00:00Z"}},
		{"@annually", "@annually", "UTC", "2020-06-01T00:00:00Z", []string{"2021-01-01T00:00:00Z"}},
		{"@monthly", "@monthly", "UTC", "2020-06-15T00:00:00Z", []string{"2020-07-01T00:00:00Z"}},
		{"@weekly", "@weekly", "UTC", "2020-01-01T00:00:00Z", []string{"2020-01-05T00:00:00Z"}},
		{"@daily", "@daily", "UTC", "2020-01-01T12:00:00Z", []string{"2020-01-02T00:00:00Z"}},
		{"@midnight", "@MIDNIGHT", "UTC", "2020-01-01T12:00:00Z", []string{"2020-01-02T00:00:00Z"}},
		{"@hourly", "@hourly", "UTC", "2020-01-01T12:00:00Z", []string{"2020-01-01T13:00:00Z"}},
		{"year end", "59 23 31 12 *", "UTC", "2020-12-31T23:59:00Z", []string{"2021-12-31T23:59:00Z"}},
		{"in a zone without daylight saving", "0 2 1 * *", "Asia/Kolkata", "2026-01-15T00:00:00Z",
			[]string{"2026-02-01T02:00:00+05:30"}},

		// Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST.
		{"Berlin spring, fixed time in the gap", "30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00+01:00",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"}},
		{"Berlin spring, fixed time at the gap's start", "0 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00+01:00",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"}},
		{"Berlin spring, two fixed times in the gap run once", "0,30 2 * * *", "Europe/Berlin", "2026-03-29T01:00:00+01:00",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"}},
		{"Berlin spring, fixed times around the gap", "0 1-4 * * *", "Europe/Berlin", "2026-03-29T00:30:00+01:00",
			[]string{"2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00", "2026-03-30T01:00:00+02:00"}},
		{"Berlin spring, every 30 minutes skips the gap", "*/30 * * * *", "Europe/Berlin", "2026-03-29T01:15:00+01:00",
			[]string{"2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"}},
		{"Berlin spring, hourly skips the gap", "30 * * * *", "Europe/Berlin", "2026-03-29T01:00:00+01:00",
			[]string{"2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00"}},
		{"Berlin spring, every minute of hour 2 does not run", "* 2 * * *", "Europe/Berlin", "2026-03-29T01:59:00+01:00",
			[]string{"2026-03-30T02:00:00+02:00", "2026-03-30T02:01:00+02:00"}},
		// Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET.
		{"Berlin autumn, repeated fixed time runs once", "30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00+02:00",
			[]string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"}},
		{"Berlin autumn, fixed time from the second pass", "45 2 * * *", "Europe/Berlin", "2026-10-25T02:30:00+01:00",
			[]string{"2026-10-26T02:45:00+01:00"}},
		{"Berlin autumn, fixed time after the repeat", "15 3 * * *", "Europe/Berlin", "2026-10-25T02:30:00+01:00",
			[]string{"2026-10-25T03:15:00+01:00"}},
		{"Berlin autumn, fixed hours run once each", "0 1-4 * * *", "Europe/Berlin", "2026-10-25T00:30:00+02:00",
			[]string{"2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T03:00:00+01:00", "2026-10-25T04:00:00+01:00"}},
		{"Berlin autumn, hourly runs in both passes", "0 * * * *", "Europe/Berlin", "2026-10-25T01:30:00+02:00",
			[]string{"2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"}},
		{"Berlin autumn, minute step in hour 2 runs twice", "*/20 2 * * *", "Europe/Berlin", "2026-10-25T01:00:00+02:00",
			[]string{"2026-10-25T02:00:00+02:00", "2026-10-25T02:20:00+02:00", "2026-10-25T02:40:00+02:00",
				"2026-10-25T02:00:00+01:00", "2026-10-25T02:20:00+01:00", "2026-10-25T02:40:00+01:00", "2026-10-26T02:00:00+01:00"}},

		// America/New_York, 2026-03-08: 02:00 EST becomes 03:00 EDT.
		{"New York spring, fixed time in the gap", "30 2 * * *", "America/New_York", "2026-03-07T12:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
		{"New York spring, weekly on Sunday in the gap", "15 2 * * SUN", "America/New_York", "2026-03-01T12:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-15T02:15:00-04:00"}},
		{"New York spring, every 30 minutes", "*/30 * * * *", "America/New_York", "2026-03-08T01:15:00-05:00",
			[]string{"2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00"}},
		{"New York, due every year in the gap", "30 2 * 3 SUN#2", "America/New_York", "2026-01-01T00:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2027-03-14T03:00:00-04:00", "2028-03-12T03:00:00-04:00"}},
		{"Berlin, years apart across many changes", "0 2 29 2 *", "Europe/Berlin", "2026-06-01T00:00:00+02:00",
			[]string{"2028-02-29T02:00:00+01:00", "2032-02-29T02:00:00+01:00"}},
		{"Berlin, rare elapsed-time schedule", "*/30 0 */29 2 MON", "Europe/Berlin", "2026-06-01T00:00:00+02:00",
			[]string{"2027-02-01T00:00:00+01:00", "2027-02-01T00:30:00+01:00", "2038-02-01T00:00:00+01:00"}},
		// America/New_York, 2026-11-01: 02:00 EDT becomes 01:00 EST.
		{"New York autumn, repeated fixed time runs once", "30 1 * * *", "America/New_York", "2026-10-31T12:00:00-04:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"New York autumn, hourly runs in both passes", "30 * * * *", "America/New_York", "2026-11-01T00:45:00-04:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00"}},
		{"New York autumn, minute step in hour 1 runs twice", "*/30 1 * * *", "America/New_York", "2026-11-01T00:00:00-04:00",
			[]string{"2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00",
				"2026-11-02T01:00:00-05:00"}},

		// Australia/Lord_Howe moves by 30 minutes. 2026-10-04: 02:00 (+10:30) becomes 02:30 (+11).
		{"Lord Howe spring, fixed time in the gap", "15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30",
			[]string{"2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"}},
		{"Lord Howe spring, fixed time after the gap", "45 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30",
			[]string{"2026-10-04T02:45:00+11:00", "2026-10-05T02:45:00+11:00"}},
		{"Lord Howe spring, every 15 minutes", "*/15 * * * *", "Australia/Lord_Howe", "2026-10-04T01:50:00+10:30",
			[]string{"2026-10-04T02:30:00+11:00", "2026-10-04T02:45:00+11:00"}},
		// 2026-04-05: 02:00 (+11) becomes 01:30 (+10:30).
		{"Lord Howe autumn, repeated fixed time runs once", "45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00+11:00",
			[]string{"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"}},
		{"Lord Howe autumn, fixed time from the second pass", "50 1 * * *", "Australia/Lord_Howe", "2026-04-05T01:40:00+10:30",
			[]string{"2026-04-06T01:50:00+10:30"}},
		{"Lord Howe autumn, every 15 minutes", "*/15 * * * *", "Australia/Lord_Howe", "2026-04-05T01:40:00+11:00",
			[]string{"2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30", "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.expr, mustLoad(t, tt.tz))
			if err != nil {
				t.Fatalf("Parse(%q) = %v", tt.expr, err)
			}
			from, err := time.Parse(time.RFC3339, tt.from)
			if err != nil {
				t.Fatal(err)
			}
			at := from
			for i, want := range tt.want {
				next := s.Next(at)
				if got := next.Format(time.RFC3339); got != want {
					t.Fatalf("run %d: Next(%s) = %s; want %s", i+1, at.Format(time.RFC3339), got, want)
				}
				if !next.After(at) {
					t.Fatalf("Next(%s) = %s; not after it", at, next)
				}
				at = next
			}
		})
	}
}

// TestNextAgreesWithBruteForce walks every minute from March to November, across both
// daylight-saving changes of each zone, and checks Next against a direct test of each minute.
func TestNextAgreesWithBruteForce(t *testing.T) {
	for _, tz := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe"} {
		for _, expr := range []string{"*/7 * * * *", "13 */5 * * *", "* 2 * * *", "0 0 L * *", "0 12 * * 5L"} {
			t.Run(tz+" "+expr, func(t *testing.T) {
				loc := mustLoad(t, tz)
				s, err := Parse(expr, loc)
				if err != nil {
					t.Fatal(err)
				}
				// Only elapsed-time schedules can be checked minute by minute.
				if s.fixed && expr != "0 0 L * *" && expr != "0 12 * * 5L" {
					t.Fatalf("%q unexpectedly fixed", expr)
				}
				start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
				end := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
				next := s.Next(start)
				for m := start.Add(time.Minute); m.Before(end); m = m.Add(time.Minute) {
					if !s.matchesAt(m.In(loc)) {
						continue
					}
					if !next.Equal(m) {
						t.Fatalf("Next gave %s; the next matching minute is %s", next, m.In(loc))
					}
					next = s.Next(m)
				}
			})
		}
	}
}

// matchesAt reports whether the local reading of t (a whole minute) matches every field.
func (s *Schedule) matchesAt(t time.Time) bool {
	y, mo, d := t.Date()
	return s.minute&(1<<t.Minute()) != 0 && s.hour&(1<<t.Hour()) != 0 && s.month&(1<<mo) != 0 &&
		s.dayMatches(d, daysIn(y, int(mo)), t.Weekday())
}

func TestNextDoesNotAllocate(t *testing.T) {
	s, err := Parse("30 2 * * 1-5", mustLoad(t, "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC)
	if allocs := testing.AllocsPerRun(100, func() { _ = s.Next(from) }); allocs != 0 {
		t.Errorf("Next allocates %v times per call; want 0", allocs)
	}
}

func BenchmarkNext(b *testing.B) {
	for _, expr := range []string{"0 2 1 * *", "*/15 * * * *", "30 18 * * MON-FRI", "0 3 * * 5L"} {
		b.Run(expr, func(b *testing.B) {
			s, err := Parse(expr, mustLoad(b, "Europe/Berlin"))
			if err != nil {
				b.Fatal(err)
			}
			from := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
			b.ReportAllocs()
			for b.Loop() {
				_ = s.Next(from)
			}
		})
	}
}
