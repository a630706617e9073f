package writetx_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var errBoom = errors.New("boom")

// A Run that fails stores nothing: no check-in, no open-run change, no summary row or mark even
// with a Checkpoint asked for; the summaries it started from are untouched; and the connection
// is free for the next write. That holds for an error from fn, from the database, and for a
// context canceled before or during the transaction.
func TestRunFailsWithoutStoring(t *testing.T) {
	tests := []struct {
		name   string
		before []*storage.Checkin // committed first
		// do is fn's work; cancel ends Run's context
		do       func(w *writetx.Tx, cancel context.CancelFunc) error
		cancel   bool  // cancel the context before Run
		wantErr  error // nil: any error
		noCalled bool  // fn must not run
	}{
		{"fn fails after a report", nil, func(w *writetx.Tx, _ context.CancelFunc) error {
			if err := w.Apply(context.Background(), report("a", checkin.OK, "", 1)); err != nil {
				return err
			}
			return errBoom
		}, false, errBoom, false},
		{"fn fails after a start", nil, func(w *writetx.Tx, _ context.CancelFunc) error {
			if err := w.Apply(context.Background(), start("a", "r", 1)); err != nil {
				return err
			}
			return errBoom
		}, false, errBoom, false},
		{"fn fails after a report closed a stored run", []*storage.Checkin{start("a", "r", 0)},
			func(w *writetx.Tx, _ context.CancelFunc) error {
				if err := w.Apply(context.Background(), report("a", checkin.OK, "r", 5)); err != nil {
					return err
				}
				return errBoom
			}, false, errBoom, false},
		{"the database refuses a row after a good one", nil, func(w *writetx.Tx, _ context.CancelFunc) error {
			if err := w.Apply(context.Background(), report("a", checkin.OK, "", 1)); err != nil {
				return err
			}
			return w.Apply(context.Background(), report("a", checkin.Status(9), "", 2)) // fails the status CHECK
		}, false, nil, false},
		{"context canceled before Run", nil, func(w *writetx.Tx, _ context.CancelFunc) error {
			return w.Apply(context.Background(), report("a", checkin.OK, "", 1))
		}, true, context.Canceled, true},
		{"context canceled after a report", []*storage.Checkin{report("a", checkin.OK, "", 0)},
			func(w *writetx.Tx, cancel context.CancelFunc) error {
				if err := w.Apply(context.Background(), report("a", checkin.Critical, "", 1)); err != nil {
					return err
				}
				cancel()
				return nil
			}, false, context.Canceled, false},
		{"context canceled after a start", nil, func(w *writetx.Tx, cancel context.CancelFunc) error {
			if err := w.Apply(context.Background(), start("a", "", 1)); err != nil {
				return err
			}
			cancel()
			return nil
		}, false, context.Canceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			if len(tt.before) > 0 {
				e.mustApply(t, tt.before...)
			}
			checkins := e.count(t, `SELECT count(*) FROM checkins`)
			runs := e.openRuns(t, "a")
			sum, _ := e.sums.Get("a")

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			called := false
			ckpt := &writetx.Checkpoint{Dirty: map[string]bool{"a": true}, Newest: 1}
			_, err := e.run(ctx, ckpt, func(w *writetx.Tx) error {
				called = true
				return tt.do(w, cancel)
			})
			switch {
			case err == nil:
				t.Fatal("Run succeeded; want an error")
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Run = %v; want %v", err, tt.wantErr)
			}
			if called && tt.noCalled {
				t.Error("fn ran with a canceled context")
			}

			if got := e.count(t, `SELECT count(*) FROM checkins`); got != checkins {
				t.Errorf("%d check-ins stored after the failed Run; want %d as before", got, checkins)
			}
			if got := e.openRuns(t, "a"); !cmp.Equal(got, runs) {
				t.Errorf("open runs = %v after the failed Run; want %v as before", got, runs)
			}
			if got := e.count(t, `SELECT count(*) FROM service_summary`); got != 0 {
				t.Errorf("%d summary rows stored by the failed Run; want none", got)
			}
			if got := e.count(t, `SELECT checkin_id FROM summary_checkpoint`); got != 0 {
				t.Errorf("summary mark = %d after the failed Run; want 0 as before", got)
			}
			after, _ := e.sums.Get("a")
			if diff := cmp.Diff(sum, after); diff != "" {
				t.Errorf("summary changed by the failed Run (-before +after):\n%s", diff)
			}

			e.mustApply(t, report("b", checkin.OK, "", 9))
			if got := e.count(t, `SELECT count(*) FROM checkins`); got != checkins+1 {
				t.Errorf("%d check-ins after the next Run; want %d", got, checkins+1)
			}
		})
	}
}
