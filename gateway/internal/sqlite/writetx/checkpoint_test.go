package writetx_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/summaries"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// summaryRow is one row of service_summary.
type summaryRow struct {
	LatestID, LatestOKID, LastDuration, DurationAt, DurationID, NewestAt int64
}

func (e *env) summaryRows(t *testing.T) map[string]summaryRow {
	t.Helper()
	rows, err := e.db.Query(`SELECT service, latest_id, latest_ok_id, last_duration_ns, duration_at,
		duration_id, newest_at FROM service_summary`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]summaryRow{}
	for rows.Next() {
		var name string
		var r summaryRow
		if err := rows.Scan(&name, &r.LatestID, &r.LatestOKID, &r.LastDuration, &r.DurationAt, &r.DurationID, &r.NewestAt); err != nil {
			t.Fatal(err)
		}
		out[name] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rowOf is the row a summary should be stored as.
func rowOf(s storage.Tracked) summaryRow {
	return summaryRow{s.Latest.ID, s.LatestOK.ID, int64(s.LastDuration), storage.Nanos(s.DurationAt),
		s.DurationID, storage.Nanos(s.NewestAt)}
}

// With a nil Checkpoint Run stores no summary row; with one it stores the summaries it changed
// and those the Checkpoint names dirty (as the caller holds them), and the mark: the highest
// check-in id stored, by it or before it. What it stores reads back (summaries.Load) as the
// summaries the caller published.
func TestRunCheckpoint(t *testing.T) {
	tests := []struct {
		name   string
		before []*storage.Checkin // committed first, without a checkpoint
		cs     []*storage.Checkin
		// ckpt builds the Checkpoint from the transaction that stored before; nil for none
		ckpt     func(before *writetx.Tx) *writetx.Checkpoint
		wantRows []string
		// wantMark is the mark from the ids of the two transactions
		wantMark func(before, w *writetx.Tx) int64
	}{
		{"no checkpoint stores no summary", nil,
			[]*storage.Checkin{report("a", checkin.OK, "", 1), report("b", checkin.Critical, "", 2)},
			nil, nil, func(_, _ *writetx.Tx) int64 { return 0 }},
		{"a checkpoint stores the changed summaries", nil,
			[]*storage.Checkin{start("a", "", 0), report("a", checkin.OK, "", 5), report("b", checkin.Critical, "", 2),
				report("b", checkin.OK, "", 1)},
			func(*writetx.Tx) *writetx.Checkpoint { return &writetx.Checkpoint{} },
			[]string{"a", "b"}, func(_, w *writetx.Tx) int64 { return w.Newest() }},
		{"dirty services are stored as the caller holds them", []*storage.Checkin{report("b", checkin.Warning, "", 1)},
			[]*storage.Checkin{report("a", checkin.OK, "", 2)},
			func(before *writetx.Tx) *writetx.Checkpoint {
				return &writetx.Checkpoint{Dirty: map[string]bool{"b": true}, Newest: before.Newest()}
			},
			[]string{"a", "b"}, func(_, w *writetx.Tx) int64 { return w.Newest() }},
		{"a dirty service changed again is stored as changed", []*storage.Checkin{report("a", checkin.OK, "", 1)},
			[]*storage.Checkin{report("a", checkin.Critical, "", 2)},
			func(before *writetx.Tx) *writetx.Checkpoint {
				return &writetx.Checkpoint{Dirty: map[string]bool{"a": true}, Newest: before.Newest()}
			},
			[]string{"a"}, func(_, w *writetx.Tx) int64 { return w.Newest() }},
		{"a checkpoint alone marks what was stored before",
			[]*storage.Checkin{report("a", checkin.OK, "", 1), start("b", "x", 2)}, nil,
			func(before *writetx.Tx) *writetx.Checkpoint {
				return &writetx.Checkpoint{Dirty: map[string]bool{"a": true, "b": true}, Newest: before.Newest()}
			},
			[]string{"a", "b"}, func(before, _ *writetx.Tx) int64 { return before.Newest() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			before := e.mustApply(t, tt.before...)
			var ckpt *writetx.Checkpoint
			if tt.ckpt != nil {
				ckpt = tt.ckpt(before)
			}
			w, err := e.run(context.Background(), ckpt, applyAll(tt.cs...))
			if err != nil {
				t.Fatalf("Run: %v", err)
			}

			want := map[string]summaryRow{}
			for _, name := range tt.wantRows {
				sum, _ := e.sums.Get(name)
				want[name] = rowOf(sum)
			}
			if diff := cmp.Diff(want, e.summaryRows(t)); diff != "" {
				t.Errorf("service_summary (-want +got):\n%s", diff)
			}
			if got, want := e.count(t, `SELECT checkin_id FROM summary_checkpoint`), tt.wantMark(before, w); got != want {
				t.Errorf("summary mark = %d; want %d", got, want)
			}

			loaded, err := summaries.Load(context.Background(), e.db)
			if err != nil {
				t.Fatalf("summaries.Load: %v", err)
			}
			for _, name := range tt.wantRows {
				got, _ := loaded.Get(name)
				published, _ := e.sums.Get(name)
				if diff := cmp.Diff(published, got); diff != "" {
					t.Errorf("summary of %s read back (-published +read):\n%s", name, diff)
				}
			}
		})
	}
}
