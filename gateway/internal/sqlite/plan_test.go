package sqlite

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/checkpoint"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/oldrows"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/summaries"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
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
		{"history", reads.HistoryQuery, "SEARCH checkins USING INDEX checkins_service_at (service=? AND received_at<?)"},
		{"history cursor", reads.CursorQuery, "SEARCH checkins USING INTEGER PRIMARY KEY"},
		{"summaries at start-up", summaries.LoadQuery, "SEARCH o USING INTEGER PRIMARY KEY"},
		{"open runs at start-up", summaries.LoadOpenRunsQuery, "open_runs"},
		{"check-ins after the summary checkpoint", checkpoint.SinceQuery, "SEARCH checkins USING INTEGER PRIMARY KEY (rowid>?)"},
		{"run to close", writetx.RunToCloseQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service"},
		{"run to close by id", writetx.RunToCloseByIDQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service_run"},
		{"later start", writetx.LaterStartQuery, "SEARCH open_runs USING COVERING INDEX open_runs_service_run (service=? AND run_id=? AND started_at>?)"},
		{"newest open run", writetx.NewestOpenRunQuery, "SEARCH open_runs USING INDEX open_runs_service"},
		{"oldest open runs", writetx.DropOldestRuns, "SEARCH open_runs USING COVERING INDEX open_runs_service"},
		{"import duplicate", writetx.DupQuery, "SEARCH checkins USING INDEX checkins_service_at (service=? AND received_at=?)"},
		{"prune: next service", oldrows.NextServiceQuery, "SEARCH service_summary USING PRIMARY KEY"},
		{"prune: keep from", oldrows.KeepFromQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service=?)"},
		{"prune: oldest", oldrows.OldestQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service=? AND received_at>? AND received_at<?)"},
		{"timeline marks", reads.MarksQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service=?)"},
		{"history cap: sizes", oldrows.SizesQuery, "SEARCH checkins USING INDEX checkins_service_at (service=?)"},
		{"services held", reads.NextHeldServiceQuery, "SEARCH checkins USING COVERING INDEX checkins_service_at (service>?)"},
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

// The writer's insert runs no CHECK constraint: their IN lists built two temporary b-trees in
// every insert, a quarter of the writer's CPU. The constraints stay in the schema, so another
// tool writing the file is still held to them.
func TestInsertBuildsNoTemporaryTable(t *testing.T) {
	s, path := mustOpen(t)
	var ops []string
	rows, err := s.wdb.Query(`EXPLAIN `+writetx.InsertQuery, "svc", "OK", "", 1, "report", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(any)
	}
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			t.Fatal(err)
		}
		ops = append(ops, fmt.Sprint(*vals[1].(*any)))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ops) == 0 || slices.Contains(ops, "OpenEphemeral") {
		t.Errorf("the writer's insert program = %v; want no OpenEphemeral", ops)
	}

	other, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Exec(writetx.InsertQuery, "svc", "FINE", "", 1, "report", "", 0)
	if err == nil || !strings.Contains(err.Error(), "CHECK constraint failed") {
		t.Errorf("another connection's insert of status FINE: %v; want a CHECK constraint failure", err)
	}
}
