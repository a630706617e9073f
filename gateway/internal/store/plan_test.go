package store

import (
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store/summaries"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store/writetx"
)

// Every query that touches check-ins finds its rows through an index: none walks a history or
// sorts one, so no lookup costs more with a longer or stranger history (a streak of a million
// CRITICAL reports costs the newest-OK lookup nothing, as it is a summary row). Start-up reads
// the summary table whole, which is one row per service, and the check-ins by primary key.
func TestQueriesAreBounded(t *testing.T) {
	s, _ := mustOpen(t)
	tests := []struct {
		name, query string
		want        string // the plan must contain this
	}{
		{"history", historyQuery, "SEARCH checkins USING INDEX checkins_service_at (service=? AND received_at<?)"},
		{"history cursor", cursorQuery, "SEARCH checkins USING INTEGER PRIMARY KEY"},
		{"summaries at start-up", summaries.LoadQuery, "SEARCH o USING INTEGER PRIMARY KEY"},
		{"open runs at start-up", summaries.LoadOpenRunsQuery, "open_runs"},
		{"check-ins after the summary checkpoint", sinceQuery, "SEARCH checkins USING INTEGER PRIMARY KEY (rowid>?)"},
		{"run to close", writetx.RunToCloseQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service"},
		{"run to close by id", writetx.RunToCloseByIDQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service_run"},
		{"later start", writetx.LaterStartQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service_run (service=? AND run_id=? AND started_at>?)"},
		{"newest open run", writetx.NewestOpenRunQuery, "SEARCH open_runs USING INDEX open_runs_service"},
		{"oldest open runs", writetx.DropOldestRuns, "SEARCH open_runs USING COVERING INDEX open_runs_service"},
		{"import duplicate", writetx.DupQuery, "SEARCH checkins USING INDEX checkins_service_at (service=? AND received_at=?)"},
		{"prune: next service", nextServiceQuery, "SEARCH service_summary USING PRIMARY KEY"},
		{"prune: keep from", keepFromQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service=?)"},
		{"prune: oldest", oldestQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service=? AND received_at>? AND received_at<?)"},
		{"prune: delete", deleteRangeQuery, "SEARCH checkins USING INDEX checkins_service_at (service=? AND received_at>? AND received_at<?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := queryPlan(t, s, tt.query)
			if !strings.Contains(plan, tt.want) {
				t.Errorf("plan = %s; want %s", plan, tt.want)
			}
			for _, step := range strings.Split(plan, "; ") {
				// l and o are check-ins joined to the summary rows
				if strings.HasPrefix(step, "SCAN checkins") || step == "SCAN l" || step == "SCAN o" || strings.Contains(step, "TEMP B-TREE") {
					t.Errorf("plan = %s; it must not %s", plan, step)
				}
			}
		})
	}
}

func queryPlan(t *testing.T, s *Store, query string) string {
	t.Helper()
	args := make([]any, strings.Count(query, "?"))
	for i := range args {
		args[i] = 1
	}
	rows, err := s.rdb.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}
