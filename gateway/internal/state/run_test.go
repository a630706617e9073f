package state

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// TestEvaluateRuns checks a service with timeout 1d, grace 12h and max_runtime 2h whose run
// started at 10:00 UTC: on time until 12:00, WARNING until 00:00, CRITICAL after.
func TestEvaluateRuns(t *testing.T) {
	const h = time.Hour
	svc := &config.Service{Name: "r", Timeout: 24 * h, Grace: 12 * h, MaxRuntime: 2 * h}
	noLimit := &config.Service{Name: "n", Timeout: 24 * h, Grace: 12 * h}
	tolerant := &config.Service{Name: "t", Timeout: 24 * h, Grace: 12 * h, MaxRuntime: 2 * h, TolerateFailures: true}
	scheduled := &config.Service{Name: "s", Timeout: h, Grace: 12 * h, MaxRuntime: h,
		Schedule: mustSchedule(t, "0 2 1 * *", "Europe/Berlin")}
	const (
		start = "2026-11-25T10:00:00Z"
		limit = "2026-11-25T12:00:00Z"
	)
	fresh := report(t, checkin.OK, "a", "2026-11-25T09:00:00Z")
	ancient := report(t, checkin.OK, "old", "2026-10-01T00:00:00Z")
	tooLong := "run started at 2026-11-25 10:00 UTC has not finished after "
	runEvalCases(t, []evalCase{
		{name: "running", svc: svc, latest: fresh, runningSince: start, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "a", wantNext: limit},
		{name: "at start + max_runtime", svc: svc, latest: fresh, runningSince: start, now: limit,
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "a", wantNext: limit},
		{name: "start + max_runtime + 1ns", svc: svc, latest: fresh, runningSince: start, now: "2026-11-25T12:00:00.000000001Z",
			wantStatus: checkin.Warning, wantReason: RunTooLong, wantLate: 1,
			wantInfo: tooLong + "2h (max_runtime 2h, grace 12h); last report OK: a", wantNext: limit},
		{name: "start + max_runtime + grace", svc: svc, latest: fresh, runningSince: start, now: "2026-11-26T00:00:00Z",
			wantStatus: checkin.Warning, wantReason: RunTooLong, wantLate: 12 * h,
			wantInfo: tooLong + "14h (max_runtime 2h, grace 12h); last report OK: a", wantNext: limit},
		{name: "start + max_runtime + grace + 1ns", svc: svc, latest: fresh, runningSince: start, now: "2026-11-26T00:00:00.000000001Z",
			wantStatus: checkin.Critical, wantReason: RunTooLong, wantLate: 12*h + 1,
			wantInfo: tooLong + "14h (max_runtime 2h, grace 12h); last report OK: a", wantNext: limit},
		{name: "a started run holds off an old report's overdue", svc: svc, latest: ancient, runningSince: start, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "old", wantNext: limit},
		{name: "without the run the old report is overdue", svc: svc, latest: ancient, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.Critical, wantReason: Expired, wantLate: 1307 * h,
			wantInfo: "overdue by 7w 5d (timeout 1d, grace 12h); last report OK: old", wantNext: "2026-10-02T00:00:00Z"},
		{name: "running, never reported", svc: svc, runningSince: start, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.Unknown, wantReason: NeverReported, wantInfo: "run started at 2026-11-25 10:00 UTC, not finished yet; never reported in", wantNext: limit},
		{name: "too long, never reported", svc: svc, runningSince: start, now: "2026-11-25T13:00:00Z",
			wantStatus: checkin.Warning, wantReason: RunTooLong, wantLate: h,
			wantInfo: tooLong + "3h (max_runtime 2h, grace 12h); never reported in", wantNext: limit},
		{name: "max_runtime 0 ignores runs", svc: noLimit, latest: fresh, runningSince: "2026-11-01T00:00:00Z", now: "2026-11-25T13:00:00Z",
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "a", wantNext: "2026-11-26T09:00:00Z"},
		{name: "tolerant while running", svc: tolerant, latest: report(t, checkin.Critical, "c", "2026-11-25T09:30:00Z"),
			latestOK: fresh, runningSince: start, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.OK, wantReason: Tolerated, wantInfo: "a (tolerating a newer CRITICAL report: c)", wantNext: limit},
		{name: "scheduled: the start shows in the schedule's zone", svc: scheduled,
			latest: report(t, checkin.OK, "", "2026-11-01T02:30:00+01:00"), runningSince: "2026-12-01T01:00:00Z", now: "2026-12-01T04:00:00Z",
			wantStatus: checkin.Warning, wantReason: RunTooLong, wantLate: 2 * h,
			wantInfo:  "run started at 2026-12-01 02:00 CET has not finished after 3h (max_runtime 1h, grace 12h); last report OK",
			wantDueAt: "2026-12-01T02:00:00+01:00", wantNext: "2026-12-01T02:00:00Z"},
	})
}

func TestEvaluateScheduledRunDoesNotAllocate(t *testing.T) {
	svc := &config.Service{Name: "s", Timeout: time.Hour, Grace: time.Hour, MaxRuntime: time.Hour, TolerateFailures: true,
		Schedule: mustSchedule(t, "30 2 * * 1-5", "Europe/Berlin")}
	h := History{Latest: rep(checkin.Critical, "c", time.Minute), LatestOK: rep(checkin.OK, "ok", 30*time.Hour),
		RunningSince: ago(2 * time.Hour)}
	for _, running := range []bool{false, true} {
		if !running {
			h.RunningSince = time.Time{}
		}
		if allocs := testing.AllocsPerRun(100, func() { _ = Evaluate(svc, h, now) }); allocs != 0 {
			t.Errorf("Evaluate (running %v) allocates %v times per call; want 0", running, allocs)
		}
	}
}

func BenchmarkEvaluateScheduled(b *testing.B) {
	svc := &config.Service{Name: "s", Timeout: time.Hour, Grace: time.Hour, MaxRuntime: time.Hour, TolerateFailures: true,
		Schedule: mustSchedule(b, "30 2 * * 1-5", "Europe/Berlin")}
	h := History{Latest: rep(checkin.Critical, "c", time.Minute), LatestOK: rep(checkin.OK, "ok", 30*time.Hour)}
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(svc, h, now)
	}
}

// TestEvaluateOvertakenRun: a run whose start is older than the start of the newest finished
// run (a later run started and finished meanwhile) was left behind, killed or cut short by a
// reboot: it is no longer watched, so one crash does not keep the service CRITICAL while the
// runs after it succeed. A longer run that a shorter, later-started one did not overtake is
// still watched.
func TestEvaluateOvertakenRun(t *testing.T) {
	const h = time.Hour
	svc := &config.Service{Name: "r", Timeout: 24 * h, Grace: 12 * h, MaxRuntime: 2 * h}
	const crashed = "2026-11-24T10:00:00Z" // its start; it never finished
	nextRun := report(t, checkin.OK, "next run", "2026-11-25T10:05:00Z")
	runEvalCases(t, []evalCase{
		{name: "overtaken by the next run", svc: svc, latest: nextRun, lastDuration: 5 * time.Minute,
			runningSince: crashed, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "next run", wantNext: "2026-11-26T10:05:00Z"},
		{name: "a run that started earlier and finished does not overtake", svc: svc, latest: nextRun, lastDuration: 2 * h,
			runningSince: "2026-11-25T09:00:00Z", now: "2026-11-25T11:30:00Z",
			wantStatus: checkin.Warning, wantReason: RunTooLong, wantLate: 30 * time.Minute,
			wantInfo: "run started at 2026-11-25 09:00 UTC has not finished after 2h 30m (max_runtime 2h, grace 12h); last report OK: next run",
			wantNext: "2026-11-25T11:00:00Z"},
		{name: "a report that closed no run overtakes nothing", svc: svc, latest: nextRun,
			runningSince: crashed, now: "2026-11-25T11:00:00Z",
			wantStatus: checkin.Critical, wantReason: RunTooLong, wantLate: 23 * h,
			wantInfo: "run started at 2026-11-24 10:00 UTC has not finished after 1d 1h (max_runtime 2h, grace 12h); last report OK: next run",
			wantNext: "2026-11-24T12:00:00Z"},
	})
	got := Evaluate(svc, History{Latest: nextRun, RunningSince: at(t, crashed), LastDuration: 5 * time.Minute}, at(t, "2026-11-25T11:00:00Z"))
	if !got.RunningSince.IsZero() {
		t.Errorf("Evaluate().RunningSince = %v; want none: the run was overtaken", got.RunningSince)
	}
}
