package ratelimit

import (
	"testing"
	"time"
)

// A service without a rate of its own takes the default; one with its own takes that; only
// refusals are heard, by service.
func TestServicesTake(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var refused []string
	s := NewServices(Rate{Every: time.Minute, Burst: 2}, func() time.Time { return now }, func(svc string) { refused = append(refused, svc) })
	own := &Rate{Every: time.Second, Burst: 3}
	steps := []struct {
		service  string
		own      *Rate
		wantWait bool
		wantRate Rate
	}{
		{"a", nil, false, s.def},
		{"a", nil, false, s.def},
		{"a", nil, true, s.def},
		{"b", own, false, *own},
		{"b", own, false, *own},
		{"b", own, false, *own},
		{"b", own, true, *own},
	}
	for i, st := range steps {
		wait, limit := s.Take(st.service, st.own)
		if (wait > 0) != st.wantWait || limit != st.wantRate {
			t.Errorf("step %d: Take(%s) = %v, %v; want waiting %v, %v", i, st.service, wait, limit, st.wantWait, st.wantRate)
		}
	}
	if len(refused) != 2 || refused[0] != "a" || refused[1] != "b" {
		t.Errorf("refusals heard = %v; want [a b]", refused)
	}
}
