package statuspage

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/timeline"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

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
			status := checkin.OK
			if len(spans)%2 == 1 {
				status = checkin.Unknown
			}
			if len(spans) == 10001 {
				status = checkin.Critical
			}
			spans = append(spans, timeline.Span{From: m, To: m.Add(time.Minute), Status: status})
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
