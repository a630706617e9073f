package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "want five fields"},
		{"* * * *", "want five fields (minute hour day-of-month month day-of-week), got 4"},
		{"* * * * * *", "got 6"},
		{"@reboot", `unknown shorthand "@reboot"`},
		{"@every 5m", "unknown shorthand"},
		{"60 * * * *", "minute field: 60 is out of range 0 to 59"},
		{"a * * * *", `minute field: "a" is not a number from 0 to 59`},
		{"-1 * * * *", `minute field: "" is not a number`},
		{"1-1_0 * * * *", "minute field"},
		{"*/0 * * * *", `minute field: step "0"`},
		{"*/x * * * *", `minute field: step "x"`},
		{"1,,2 * * * *", "minute field: empty list item"},
		{"* 24 * * *", "hour field: 24 is out of range 0 to 23"},
		{"* * 0 * *", "day of month field: 0 is out of range 1 to 31"},
		{"* * 32 * *", "day of month field"},
		{"* * 5-1 * *", `day of month field: range "5-1" runs backwards`},
		{"* * LW * *", "day of month field"},
		{"* * L-2 * *", "day of month field"},
		{"* * * 13 *", "month field: 13 is out of range 1 to 12"},
		{"* * * jun-jan *", "month field: range"},
		{"* * * foo *", `month field: "foo" is neither a number from 1 to 12 nor a name like FEB`},
		{"* * * * 8", "day of week field: 8 is out of range 0 to 7"},
		{"* * * * MONDAY", "day of week field"},
		{"* * * * MON#6", `day of week field: "MON#6": the number after # must be 1 to 5`},
		{"* * * * MON#0", "day of week field"},
		{"* * * * MONL", `day of week field: "MONL": the last weekday of the month is written as a number and L`},
		{"* * * * 5L-6", "day of week field"},
		{"* * * * 8L", "day of week field"},
		{"0 0 30 2 *", "never runs"},
		{"0 0 31 4,6,9,11 *", "never runs"},
		{"1 1 */100 * MON#4", "never runs"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s, err := Parse(tt.expr, time.UTC)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, %v; want an error containing %q", tt.expr, s, err, tt.want)
			}
		})
	}
}

func TestParseKeepsExpressionAndZone(t *testing.T) {
	loc := mustLoad(t, "Europe/Berlin")
	s, err := Parse(" 0 2 1 * * ", loc)
	if err != nil {
		t.Fatal(err)
	}
	if s.String() != " 0 2 1 * * " || s.Location() != loc {
		t.Errorf("Parse() = %q in %v; want the expression as written in Europe/Berlin", s.String(), s.Location())
	}
	if s, err = Parse("@daily", nil); err != nil || s.Location() != time.UTC {
		t.Errorf("Parse(@daily, nil) = %v, %v; want UTC", s, err)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"0 2 1 * *", "at 02:00 on day 1 of the month"},
		{"@monthly", "at 00:00 on day 1 of the month"},
		{"0 2 * * *", "at 02:00 every day"},
		{"30 18 * * 1-5", "at 18:30 on Monday to Friday"},
		{"30 18 * * mon-fri", "at 18:30 on Monday to Friday"},
		{"0 9 * * 6,0", "at 09:00 on Saturday and Sunday"},
		{"0 9 * * 1,3,5", "at 09:00 on Monday, Wednesday and Friday"},
		{"0 9 * * 5-7", "at 09:00 on Friday to Sunday"},
		{"0 23 L * *", "at 23:00 on the last day of the month"},
		{"0 3 * * 5L", "at 03:00 on the last Friday of the month"},
		{"0 3 * * MON#2", "at 03:00 on the second Monday of the month"},
		{"0 0 1 1 *", "at 00:00 on day 1 of the month in January"},
		{"15 4 * jan,jul *", "at 04:15 every day in January and July"},
		{"5 * * * *", "at minute 5 of every hour"},
		{"@hourly", "at minute 0 of every hour"},
		{"*/15 * * * *", "every 15 minutes"},
		{"* * * * *", "every minute"},
		{"0 2 1 * MON", "0 2 1 * MON"},
		{"0 2,14 * * *", "0 2,14 * * *"},
		{"0 2 1-7 * *", "0 2 1-7 * *"},
		{"0 3 * * MON#2,FRI#1", "0 3 * * MON#2,FRI#1"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			s, err := Parse(tt.expr, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Describe(); got != tt.want {
				t.Errorf("Parse(%q).Describe() = %q; want %q", tt.expr, got, tt.want)
			}
		})
	}
}
