package writetx_test

import (
	"context"
	"slices"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Run commits what fn stores; Newest is the highest id it inserted and Changed holds, for each
// service fn touched, the summary as the transaction leaves it. Run itself publishes nothing:
// the summaries it started from are unchanged until the caller sets them.
func TestRunCommits(t *testing.T) {
	tests := []struct {
		name string
		cs   []*storage.Checkin
		// the services Changed names, with the info of each one's newest report ("" for none)
		latest map[string]string
	}{
		{"nothing", nil, map[string]string{}},
		{"one report", []*storage.Checkin{report("a", checkin.OK, "", 1)}, map[string]string{"a": "report 1"}},
		{"reports of two services", []*storage.Checkin{report("a", checkin.OK, "", 1),
			report("b", checkin.Critical, "", 2), report("a", checkin.Warning, "", 3)},
			map[string]string{"a": "report 3", "b": "report 2"}},
		{"an older report after a newer one", []*storage.Checkin{report("a", checkin.OK, "", 5),
			report("a", checkin.Critical, "", 4)}, map[string]string{"a": "report 5"}},
		{"a log entry and a start are no report", []*storage.Checkin{logEntry("a", 1), start("b", "", 2)},
			map[string]string{"a": "", "b": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			w, err := writetx.Run(context.Background(), e.db, e.insert, e.sums, nil, applyAll(tt.cs...))
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			var ids []int64
			for _, c := range tt.cs {
				ids = append(ids, c.ID)
			}
			if got, want := column[int64](t, e, `SELECT id FROM checkins ORDER BY id`), ids; !slices.Equal(got, want) {
				t.Errorf("stored ids = %v; want the ids Apply set, %v", got, want)
			}
			if got, want := w.Newest(), slices.Max(append(ids, 0)); got != want {
				t.Errorf("Newest() = %d; want %d", got, want)
			}
			changed := w.Changed()
			if len(changed) != len(tt.latest) {
				t.Errorf("Changed() names %d services; want %v", len(changed), tt.latest)
			}
			for name, info := range tt.latest {
				sum, ok := changed[name]
				if !ok {
					t.Errorf("Changed() has no %q", name)
					continue
				}
				if sum.Latest.Info != info {
					t.Errorf("Changed()[%q].Latest.Info = %q; want %q", name, sum.Latest.Info, info)
				}
				if _, ok := e.sums.Get(name); ok {
					t.Errorf("summary of %q published by Run; the caller publishes it", name)
				}
			}
		})
	}
}

// Changed's summaries start from the ones the caller holds: a second transaction carries the
// first one's newest report on.
func TestRunStartsFromSummaries(t *testing.T) {
	e := mustEnv(t)
	first := report("a", checkin.OK, "", 1)
	e.mustApply(t, first)
	w := e.mustApply(t, logEntry("a", 2))
	sum := w.Changed()["a"]
	if sum == nil || sum.Latest.ID != first.ID || !sum.NewestAt.Equal(at(2)) {
		t.Errorf("Changed()[a] = %+v; want Latest id %d, NewestAt %v", sum, first.ID, at(2))
	}
	if w.Newest() <= first.ID {
		t.Errorf("Newest() = %d; want above the first transaction's %d", w.Newest(), first.ID)
	}
}
