package writetx_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// step is one check-in of an Apply case: a kind (S start, R report, L log), a run id, a minute.
type step struct {
	kind  byte
	runID string
	min   int
}

// checkin builds the step's check-in, with its time in another zone than UTC: Apply stores and
// returns it in UTC.
func (s step) checkin() *storage.Checkin {
	var c *storage.Checkin
	switch s.kind {
	case 'S':
		c = start("svc", s.runID, s.min)
	case 'L':
		c = logEntry("svc", s.min)
	default:
		c = report("svc", checkin.OK, s.runID, s.min)
	}
	c.At = c.At.In(time.FixedZone("CEST", 2*60*60))
	return c
}

// Apply keeps the open runs as storage.Apply says: a start opens a run (replacing an open one
// with its run id), a report closes the newest open run that started at or before it (with its
// run id, when it has one) and gets the run's length, a log entry is only stored. It holds in
// one transaction and across transactions that start from the published summaries.
func TestApplyOpenRuns(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		// durations is each check-in's Duration in minutes, in order
		durations []int
		open      []string // open runs, "run id@minute", oldest first
		running   int      // minute the summary's newest open run started; -1 for none
		runID     string   // the summary's run id
		last      int      // the summary's LastDuration in minutes
		oneTx     bool     // holds only when every step is in one transaction (an import)
	}{
		{"a start opens a run", []step{{'S', "", 0}}, []int{0}, []string{"@0"}, 0, "", 0, false},
		{"a start with a run id", []step{{'S', "a", 3}}, []int{0}, []string{"a@3"}, 3, "a", 0, false},
		{"a report closes the run and gets its length", []step{{'S', "", 0}, {'R', "", 5}},
			[]int{0, 5}, nil, -1, "", 5, false},
		{"a report without an open run", []step{{'R', "", 5}}, []int{0}, nil, -1, "", 0, false},
		{"a log entry is stored and closes nothing", []step{{'S', "", 0}, {'L', "", 2}},
			[]int{0, 0}, []string{"@0"}, 0, "", 0, false},
		{"a log entry alone opens nothing", []step{{'L', "", 2}}, []int{0}, nil, -1, "", 0, false},
		{"a report closes the newest open run", []step{{'S', "A", 0}, {'S', "B", 2}, {'R', "", 5}},
			[]int{0, 0, 3}, []string{"A@0"}, 0, "A", 3, false},
		{"a run id pairs the report with its start", []step{{'S', "A", 0}, {'S', "B", 2}, {'R', "A", 6}},
			[]int{0, 0, 6}, []string{"B@2"}, 2, "B", 6, false},
		{"an unknown run id closes nothing", []step{{'S', "A", 0}, {'R', "Z", 4}},
			[]int{0, 0}, []string{"A@0"}, 0, "A", 0, false},
		{"a report with a run id leaves runs without one", []step{{'S', "", 0}, {'R', "A", 5}},
			[]int{0, 0}, []string{"@0"}, 0, "", 0, false},
		{"a start with the same run id replaces the open one", []step{{'S', "x", 0}, {'S', "x", 4}, {'R', "x", 6}},
			[]int{0, 0, 2}, nil, -1, "", 2, false},
		{"a report closes no run that started after it", []step{{'S', "", 5}, {'R', "", 3}},
			[]int{0, 0}, []string{"@5"}, 5, "", 0, false},
		{"only one report closes a run", []step{{'S', "", 0}, {'R', "", 3}, {'R', "", 8}},
			[]int{0, 3, 0}, nil, -1, "", 3, false},
		{"a start older than the newest report is history", []step{{'R', "", 10}, {'S', "", 5}},
			[]int{0, 0}, nil, -1, "", 0, false},
		{"an old start meets a later open run with its id", []step{{'S', "x", 10}, {'S', "x", 5}},
			[]int{0, 0}, []string{"x@10"}, 10, "x", 0, false},
		{"an imported old run is closed by the import's own report", []step{{'R', "", 10}, {'S', "", 5}, {'R', "", 7}},
			[]int{0, 0, 2}, nil, -1, "", 2, true},
	}
	for _, tt := range tests {
		for _, oneTx := range []bool{true, false} {
			if tt.oneTx && !oneTx {
				continue
			}
			mode := map[bool]string{true: "one transaction", false: "a transaction each"}[oneTx]
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				e := mustEnv(t)
				var cs []*storage.Checkin
				for _, s := range tt.steps {
					cs = append(cs, s.checkin())
				}
				if oneTx {
					e.mustApply(t, cs...)
				} else {
					for _, c := range cs {
						e.mustApply(t, c)
					}
				}
				checkApplied(t, e, cs, tt.durations)
				if got := e.openRuns(t, "svc"); !slices.Equal(got, tt.open) {
					t.Errorf("open runs = %q; want %q", got, tt.open)
				}
				sum, _ := e.sums.Get("svc")
				want := time.Time{}
				if tt.running >= 0 {
					want = at(tt.running)
				}
				if !sum.RunningSince.Equal(want) || sum.RunID != tt.runID || sum.LastDuration != time.Duration(tt.last)*time.Minute {
					t.Errorf("summary: running since %v (%q), last %v; want %v (%q), %v min",
						sum.RunningSince, sum.RunID, sum.LastDuration, want, tt.runID, tt.last)
				}
			})
		}
	}
}

// checkApplied checks what Apply set on each check-in and what it stored: every row, its kind,
// run id and duration.
func checkApplied(t *testing.T, e *env, cs []*storage.Checkin, durations []int) {
	t.Helper()
	var want, got []string
	for i, c := range cs {
		if c.ID == 0 || c.At.Location() != time.UTC {
			t.Errorf("check-in %d: ID %d, At %v; want an ID and UTC", i, c.ID, c.At)
		}
		if c.Duration != time.Duration(durations[i])*time.Minute {
			t.Errorf("check-in %d: Duration = %v; want %d min", i, c.Duration, durations[i])
		}
		want = append(want, fmt.Sprintf("%d %s %q %dmin", c.ID, c.Kind, c.RunID, durations[i]))
	}
	rows, err := e.db.Query(`SELECT id, kind, run_id, duration_ns FROM checkins ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, ns int64
		var kind, runID string
		if err := rows.Scan(&id, &kind, &runID, &ns); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s %q %dmin", id, kind, runID, time.Duration(ns)/time.Minute))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("stored check-ins:\n%q\nwant\n%q", got, want)
	}
}

// A service keeps at most storage.MaxOpenRuns open runs; the oldest go first.
func TestApplyCapsOpenRuns(t *testing.T) {
	e := mustEnv(t)
	var cs []*storage.Checkin
	for i := range storage.MaxOpenRuns + 1 {
		cs = append(cs, start("svc", fmt.Sprintf("r%d", i), i))
	}
	e.mustApply(t, cs...)
	open := e.openRuns(t, "svc")
	if len(open) != storage.MaxOpenRuns || open[0] != "r1@1" {
		t.Errorf("%d open runs, the oldest %q; want %d, the oldest r1@1", len(open), open[0], storage.MaxOpenRuns)
	}
	sum, _ := e.sums.Get("svc")
	if want := at(storage.MaxOpenRuns); !sum.RunningSince.Equal(want) || sum.RunID != fmt.Sprintf("r%d", storage.MaxOpenRuns) {
		t.Errorf("summary running since %v (%q); want %v (r%d)", sum.RunningSince, sum.RunID, want, storage.MaxOpenRuns)
	}
}
