package statuspage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/timeline"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestFold(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := func(min int, s checkin.Status, info string) store.Checkin {
		return store.Checkin{Status: s, Info: info, At: t0.Add(time.Duration(min) * time.Minute)}
	}
	got := fold([]store.Checkin{c(5, checkin.OK, "a"), c(4, checkin.OK, "a"), c(3, checkin.OK, "b"),
		c(2, checkin.Warning, "b"), c(1, checkin.OK, "a"), c(0, checkin.OK, "a")})
	want := []foldedReport{
		{checkin.OK, "a", t0.Add(4 * time.Minute), t0.Add(5 * time.Minute), 2},
		{checkin.OK, "b", t0.Add(3 * time.Minute), t0.Add(3 * time.Minute), 1},
		{checkin.Warning, "b", t0.Add(2 * time.Minute), t0.Add(2 * time.Minute), 1},
		{checkin.OK, "a", t0, t0.Add(time.Minute), 2},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fold = %v; want %v", got, want)
	}
	if fold(nil) != nil {
		t.Errorf("fold(nil) is not empty")
	}
}

func TestDurationWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 seconds"}, {time.Second, "1 second"}, {90 * time.Second, "1 minute 30 seconds"},
		{time.Hour, "1 hour"}, {13 * time.Hour, "13 hours"}, {48 * time.Hour, "2 days"},
		{36 * time.Hour, "1 day 12 hours"}, {24*time.Hour + 5*time.Minute, "1 day"}, {14 * 24 * time.Hour, "14 days"},
	}
	for _, tt := range tests {
		if got := durationWords(tt.d); got != tt.want {
			t.Errorf("durationWords(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
}

func TestRules(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		svc  config.Service
		want string
	}{
		{config.Service{Timeout: 2 * day, Grace: 2 * day}, "WARNING after 2 days, CRITICAL after 4 days without a check-in."},
		{config.Service{Timeout: time.Hour, Grace: 0}, "CRITICAL after 1 hour without a check-in."},
		{config.Service{Timeout: 0, Grace: day}, "Never overdue: the newest check-in stands however old it is."},
		{config.Service{Timeout: day, Grace: day, TolerateFailures: true},
			"WARNING after 1 day, CRITICAL after 2 days without a check-in.|A WARNING or CRITICAL check-in shows as OK while an OK one is no older than 1 day."},
	}
	for _, tt := range tests {
		if got := strings.Join(rules(&tt.svc), "|"); got != tt.want {
			t.Errorf("rules(%+v) = %q; want %q", tt.svc, got, tt.want)
		}
	}
}

func TestBars(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(14 * 24 * time.Hour)
	t.Run("few spans, one bar each", func(t *testing.T) {
		half := from.Add(7 * 24 * time.Hour)
		got := bars([]timeline.Span{{From: from, To: half, None: true}, {From: half, To: to, Status: checkin.Warning}}, from, to)
		want := []bar{{X: 0, W: 500, Class: "none", Title: "no check-in yet from 2026-11-01 00:00 UTC to 2026-11-08 00:00 UTC"},
			{X: 500, W: 500, Class: "warning", Title: "WARNING from 2026-11-08 00:00 UTC to 2026-11-15 00:00 UTC"}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("bars = %v; want %v", got, want)
		}
	})
	t.Run("many spans, worst per slot", func(t *testing.T) {
		// OK and UNKNOWN alternating every minute for 14 days, and one CRITICAL minute.
		var spans []timeline.Span
		for m := from; m.Before(to); m = m.Add(time.Minute) {
			st := checkin.OK
			if len(spans)%2 == 1 {
				st = checkin.Unknown
			}
			if len(spans) == 10001 {
				st = checkin.Critical
			}
			spans = append(spans, timeline.Span{From: m, To: m.Add(time.Minute), Status: st})
		}
		got := bars(spans, from, to)
		if len(got) > barSlots {
			t.Errorf("%d spans drew %d bars; want at most %d", len(spans), len(got), barSlots)
		}
		var classes []string
		width := 0.0
		for _, b := range got {
			classes = append(classes, b.Class)
			width += b.W
		}
		if c := strings.Join(classes, " "); c != "unknown critical unknown" {
			t.Errorf("bars = %s; want the CRITICAL minute between UNKNOWN (worse than OK) stretches", c)
		}
		if width < 999 || width > 1003 {
			t.Errorf("bars are %v wide in all; want 1000", width)
		}
	})
}
