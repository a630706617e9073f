package timeline

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestTimeline(t *testing.T) {
	const day = 24 * time.Hour
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(14 * day)
	at := func(d time.Duration, s checkin.Status) state.Report {
		return state.Report{Status: s, At: from.Add(d)}
	}
	// newest first, as the store returns them
	newest := func(cs ...state.Report) []state.Report {
		for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
			cs[i], cs[j] = cs[j], cs[i]
		}
		return cs
	}
	daily := &config.Service{Timeout: day, Grace: 12 * time.Hour}
	never := &config.Service{Timeout: 0}
	tolerant := &config.Service{Timeout: day, Grace: 12 * time.Hour, TolerateFailures: true}
	tests := []struct {
		name string
		svc  *config.Service
		hist []state.Report
		want string // state@start-day, ...
	}{
		{"no check-ins", daily, nil, "none@0h"},
		{"one OK, then silence", daily, newest(at(day, checkin.OK)), "none@0h OK@24h WARNING@48h CRITICAL@60h"},
		{"check-in before the window", daily, newest(at(-36*time.Hour, checkin.OK), at(2*day, checkin.Critical)),
			"CRITICAL@0h WARNING@72h CRITICAL@84h"},
		{"daily OKs stay OK", daily, newest(at(0, checkin.OK), at(day, checkin.OK), at(2*day, checkin.OK)),
			"OK@0h WARNING@72h CRITICAL@84h"},
		{"timeout 0 never turns", never, newest(at(day, checkin.Warning)), "none@0h WARNING@24h"},
		{"tolerated failure", tolerant, newest(at(0, checkin.OK), at(time.Hour, checkin.Critical)),
			"OK@0h CRITICAL@24h WARNING@25h CRITICAL@37h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Compute(tt.svc, tt.hist, from, to)
			var got []string
			for i, s := range spans {
				name := s.Status.String()
				if s.None {
					name = "none"
				}
				got = append(got, fmt.Sprintf("%s@%gh", name, s.From.Sub(from).Hours()))
				if i > 0 && !spans[i-1].To.Equal(s.From) {
					t.Errorf("span %d starts at %v, not where span %d ends (%v)", i, s.From, i-1, spans[i-1].To)
				}
			}
			if len(spans) == 0 || !spans[0].From.Equal(from) || !spans[len(spans)-1].To.Equal(to) {
				t.Errorf("spans do not cover the window: %+v", spans)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("timeline = %s; want %s", g, tt.want)
			}
		})
	}
}
