package timeline

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// computeBySorting is Compute as it was before moments were merged and reports found by a
// cursor: every moment sorted, each report found by binary search.
func computeBySorting(svc *config.Service, hist []state.Report, from, to time.Time) []Span {
	asc := slices.Clone(hist)
	slices.Reverse(asc)
	lastOK := make([]int, len(asc))
	for i, c := range asc {
		lastOK[i] = -1
		if c.Status == checkin.OK {
			lastOK[i] = i
		} else if i > 0 {
			lastOK[i] = lastOK[i-1]
		}
	}
	ms := []time.Time{from}
	for _, c := range asc {
		ms = append(ms, c.At)
		if svc.Timeout > 0 {
			ms = append(ms, c.At.Add(svc.Timeout), c.At.Add(svc.Timeout+svc.Grace))
		}
	}
	slices.SortFunc(ms, time.Time.Compare)
	var out []Span
	for _, m := range ms {
		if m.Before(from) || !m.Before(to) {
			continue
		}
		after := m.Add(time.Nanosecond)
		i := sort.Search(len(asc), func(i int) bool { return asc[i].At.After(after) }) - 1
		s := Span{Status: checkin.Unknown, None: true}
		if i >= 0 {
			var ok state.Report
			if j := lastOK[i]; j >= 0 {
				ok = asc[j]
			}
			s = Span{Status: state.Evaluate(svc, state.History{Latest: asc[i], LatestOK: ok}, after).Status}
		}
		out = addSpan(out, s, m)
	}
	if n := len(out); n > 0 {
		out[n-1].To = to
	}
	return out
}

// Compute gives what sorting every moment gave, on random histories: reports at the same
// time, before the window, after it, with and without a timeout.
func TestComputeAsBySorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(14 * 24 * time.Hour)
	svcs := []*config.Service{
		{Timeout: 0},
		{Timeout: time.Hour, Grace: 30 * time.Minute},
		{Timeout: 24 * time.Hour, Grace: 12 * time.Hour, TolerateFailures: true},
		{Timeout: 10 * time.Minute},
		{Timeout: 2 * time.Hour, TolerateFailures: true},
	}
	for round := range 3000 {
		n := rng.IntN(60)
		asc := make([]state.Report, n)
		at := from.Add(-time.Duration(rng.IntN(48)) * time.Hour)
		for i := range asc {
			if rng.IntN(4) > 0 { // else the same time as the one before
				at = at.Add(time.Duration(rng.IntN(int(20 * time.Hour))))
			}
			asc[i] = state.Report{Status: checkin.Status(rng.IntN(4)), At: at}
		}
		hist := slices.Clone(asc)
		slices.Reverse(hist)
		svc := svcs[round%len(svcs)]
		if got, want := Compute(svc, hist, from, to), computeBySorting(svc, hist, from, to); !slices.Equal(got, want) {
			t.Fatalf("round %d: Compute = %v; want %v", round, got, want)
		}
	}
}
