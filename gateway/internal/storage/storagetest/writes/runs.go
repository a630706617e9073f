package writes

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// step is one check-in of a run test: a kind (S start, R report, L log), a run id and a minute.
type step struct {
	kind  byte
	runID string
	min   int
}

func (s step) checkin(service string, i int) storage.Checkin {
	c := storage.Checkin{Service: service, Status: checkin.OK, Info: fmt.Sprint(i), RunID: s.runID,
		At: kit.T0.Add(time.Duration(s.min) * time.Minute)}
	switch s.kind {
	case 'S':
		c.Kind = checkin.KindStart
	case 'L':
		c.Kind = checkin.KindLog
	}
	return c
}

// runCase is a sequence of check-ins and what the store must make of it: the duration stored
// on each report (in minutes, in order), the last duration, and the newest open run.
type runCase struct {
	name         string
	steps        []step
	durations    []int // of the reports, in order
	lastDuration int
	runningSince int // minute of the newest open run's start; -1 for none
	runID        string
}

var runCases = []runCase{
	{"start then report", []step{{'S', "", 0}, {'R', "", 5}}, []int{5}, 5, -1, ""},
	{"report without start", []step{{'R', "", 5}}, []int{0}, 0, -1, ""},
	{"start only", []step{{'S', "a", 3}}, nil, 0, 3, "a"},
	{"log does not close", []step{{'S', "", 0}, {'L', "", 2}, {'R', "", 7}}, []int{7}, 7, -1, ""},
	{"a second start replaces the first", []step{{'S', "", 0}, {'S', "", 4}, {'R', "", 6}}, []int{2}, 2, -1, ""},
	{"a start with the same run id restarts it", []step{{'S', "x", 0}, {'S', "x", 4}, {'R', "x", 6}}, []int{2}, 2, -1, ""},
	{"only one report closes a run", []step{{'S', "", 0}, {'R', "", 3}, {'R', "", 8}}, []int{3, 0}, 3, -1, ""},
	{"overlapping runs with run ids", []step{{'S', "A", 0}, {'S', "B", 2}, {'R', "B", 5}, {'R', "A", 9}}, []int{3, 9}, 9, -1, ""},
	{"the other run stays open", []step{{'S', "A", 0}, {'S', "B", 2}, {'R', "B", 5}}, []int{3}, 3, 0, "A"},
	{"newest open run is shown", []step{{'S', "A", 0}, {'S', "B", 1}}, nil, 0, 1, "B"},
	{"unknown run id closes nothing", []step{{'S', "A", 0}, {'R', "Z", 4}}, []int{0}, 0, 0, "A"},
	{"report without run id closes the newest run", []step{{'S', "A", 0}, {'S', "B", 2}, {'R', "", 5}}, []int{3}, 3, 0, "A"},
	{"run id report ignores runs without one", []step{{'S', "", 0}, {'R', "A", 5}}, []int{0}, 0, 0, ""},
	{"last duration is the newest run's", []step{{'S', "", 0}, {'R', "", 5}, {'S', "", 10}, {'R', "", 11}}, []int{5, 1}, 1, -1, ""},
	{"a run of zero length", []step{{'S', "", 4}, {'R', "", 4}}, []int{0}, 0, -1, ""},
}

// Runs is a part of storagetest.Exercise.
func Runs(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	for i, tt := range runCases {
		t.Run(tt.name, func(t *testing.T) {
			service := fmt.Sprintf("runs-%d", i)
			for j, st := range tt.steps {
				kit.MustAdd(t, s, st.checkin(service, j))
			}
			checkRuns(t, s, service, tt)
		})
	}
}

// checkRuns compares a service's history and summary with what tt wants.
func checkRuns(t *testing.T, s kit.Store, service string, tt runCase) {
	t.Helper()
	hist := kit.MustHistory(t, s, service, 100)
	if len(hist) != len(tt.steps) {
		t.Fatalf("history has %d check-ins; want %d", len(hist), len(tt.steps))
	}
	var got []int
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		if want := tt.steps[len(hist)-1-i]; h.RunID != want.runID || h.Kind != want.checkin(service, 0).Kind {
			t.Errorf("history[%d] = %+v; want kind %c, run id %q", i, h, want.kind, want.runID)
		}
		if h.Kind == checkin.KindReport {
			got = append(got, int(h.Duration/time.Minute))
		} else if h.Duration != 0 {
			t.Errorf("%v has duration %v; want 0", h.Kind, h.Duration)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(tt.durations) && len(got)+len(tt.durations) > 0 {
		t.Errorf("report durations = %v min; want %v", got, tt.durations)
	}
	sum := kit.MustSummary(t, s, service)
	want := storage.Summary{LastDuration: time.Duration(tt.lastDuration) * time.Minute, RunID: tt.runID}
	if tt.runningSince >= 0 {
		want.RunningSince = kit.T0.Add(time.Duration(tt.runningSince) * time.Minute)
	}
	if sum.LastDuration != want.LastDuration || !sum.RunningSince.Equal(want.RunningSince) || sum.RunID != want.RunID {
		t.Errorf("Summary = last %v, running since %v (%q); want %v, %v (%q)",
			sum.LastDuration, sum.RunningSince, sum.RunID, want.LastDuration, want.RunningSince, want.RunID)
	}
}

// LogAndStartNeverNewest is a part of storagetest.Exercise.
func LogAndStartNeverNewest(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	kit.MustAdd(t, s,
		storage.Checkin{Service: "a", Kind: checkin.KindLog, Status: checkin.OK, Info: "log only", At: kit.T0})
	if sum := kit.MustSummary(t, s, "a"); !sum.Latest.At.IsZero() || !sum.LatestOK.At.IsZero() {
		t.Errorf("after a log entry only, Summary = %+v; want no report", sum)
	}
	kit.MustAdd(t, s,
		kit.Report("a", checkin.Critical, "failed", 1),
		storage.Checkin{Service: "a", Kind: checkin.KindLog, Status: checkin.OK, Info: "log", At: kit.T0.Add(2 * time.Minute)},
		storage.Checkin{Service: "a", Kind: checkin.KindStart, Status: checkin.OK, Info: "start", At: kit.T0.Add(3 * time.Minute)},
	)
	sum := kit.MustSummary(t, s, "a")
	if sum.Latest.Info != "failed" || !sum.LatestOK.At.IsZero() {
		t.Errorf("Summary = %+v; want the CRITICAL report newest and no OK", sum)
	}
	if got := kit.Infos(kit.MustHistory(t, s, "a", 10)); fmt.Sprint(got) != "[start log failed log only]" {
		t.Errorf("history = %v; want every entry, newest first", got)
	}
}

// OpenRunsCapped is a part of storagetest.Exercise.
func OpenRunsCapped(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	const starts = 150 // more than any store keeps open
	for i := range starts {
		kit.MustAdd(t, s, storage.Checkin{Service: "a", Kind: checkin.KindStart, RunID: fmt.Sprint("r", i), At: kit.T0.Add(time.Duration(i) * time.Second)})
	}
	// The newest runs are still open and close with their durations.
	kit.MustAdd(t, s, storage.Checkin{Service: "a", RunID: fmt.Sprint("r", starts-1), At: kit.T0.Add(starts * time.Second)})
	if sum := kit.MustSummary(t, s, "a"); sum.LastDuration != time.Second || sum.RunID != fmt.Sprint("r", starts-2) {
		t.Errorf("Summary = %+v; want the newest run closed after 1s and the one before it open", sum)
	}
	// The oldest is no longer tracked: its report closes nothing.
	if err := s.Add(ctx, storage.Checkin{Service: "a", RunID: "r0", At: kit.T0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if h := kit.MustHistory(t, s, "a", 1); h[0].Duration != 0 {
		t.Errorf("report for the oldest run has duration %v; want 0 (that run was dropped)", h[0].Duration)
	}
}
