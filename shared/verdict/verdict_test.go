package verdict

import (
	"bytes"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"a\nb", "a / b"},
		{"a\r\nb\rc", "a / b / c"},
		{"  lead and trail  \n", "lead and trail"},
		{"a\n\n\n  \nb", "a / b"},
		{"a|b", "a/b"},
		{"x | y=1;2;3", "x / y=1;2;3"},
		{"tab\there", "tab here"},
		{"bell\x07nul\x00esc\x1b[31m", "bell nul esc [31m"},
		{"many     spaces", "many spaces"},
		{"nbsp\u00a0and\u2028sep", "nbsp and / sep"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"ünïcödé ✓", "ünïcödé ✓"},
		{"\u202EKO llA", `\u202EKO llA`},
		{"zero\u200Bwidth\uFEFF", `zero\u200Bwidth\uFEFF`},
	}
	for _, tt := range tests {
		if got := OneLine(tt.in); got != tt.want {
			t.Errorf("OneLine(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPerfString(t *testing.T) {
	tests := []struct {
		p    Perf
		want string
	}{
		{Perf{Label: "age", Value: 300, Unit: "s", Warn: "60", Crit: "120", Min: "0"}, "age=300s;60;120;0"},
		{Perf{Label: "age", Value: 5, Unit: "s", Min: "0"}, "age=5s;;;0"},
		{Perf{Label: "age", Value: 5, Unit: "s"}, "age=5s"},
		{Perf{Label: "age", Value: 5, Crit: "9"}, "age=5;;9"},
		{Perf{Label: "last age", Value: 1}, "'last age'=1"},
		{Perf{Label: "it's", Value: 1}, "'it''s'=1"},
		{Perf{Label: "a=b", Value: 1}, "'a=b'=1"},
		{Perf{Label: "a|b\nc", Value: 1}, "a_b_c=1"},
		{Perf{Label: "", Value: 1}, "''=1"},
		{Perf{Label: "neg", Value: -3}, "neg=-3"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v.String() = %q; want %q", tt.p, got, tt.want)
		}
	}
}

func TestResultWrite(t *testing.T) {
	tests := []struct {
		r        Result
		want     string
		wantCode int
	}{
		{Result{Status: checkin.OK, Summary: "fine"}, "X OK - fine\n", 0},
		{Result{Status: checkin.Warning, Summary: "two\nlines | pipe", Perf: []Perf{{Label: "a", Value: 1}, {Label: "b", Value: 2, Unit: "s"}}},
			"X WARNING - two / lines / pipe | a=1 b=2s\n", 1},
		{Result{Status: checkin.Critical, Summary: "bad"}, "X CRITICAL - bad\n", 2},
		{Result{Status: checkin.Unknown, Summary: ""}, "X UNKNOWN - \n", 3},
		{Result{Status: checkin.Status(42), Summary: "odd"}, "X UNKNOWN - odd\n", 3},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		code := tt.r.Write(&out, "X")
		if out.String() != tt.want || code != tt.wantCode {
			t.Errorf("%+v.Write() printed %q and returned %d; want %q and %d", tt.r, out.String(), code, tt.want, tt.wantCode)
		}
	}
}

// Text and PerfData are the two halves of Line, as the gateway pushes them to Icinga.
func TestResultTextAndPerfData(t *testing.T) {
	r := Result{Status: checkin.Warning, Summary: "late | pipe", Perf: []Perf{{Label: "age", Value: 7, Unit: "s", Min: "0"}, {Label: "b", Value: 2}}}
	if got, want := r.Text(Prefix), "CHECKIN WARNING - late / pipe"; got != want {
		t.Errorf("Text() = %q; want %q", got, want)
	}
	if got := r.PerfData(); len(got) != 2 || got[0] != "age=7s;;;0" || got[1] != "b=2" {
		t.Errorf("PerfData() = %q; want [age=7s;;;0 b=2]", got)
	}
	if got := (Result{Status: checkin.OK}).PerfData(); got != nil {
		t.Errorf("PerfData() without perfdata = %q; want nil", got)
	}
}
