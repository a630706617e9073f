package state

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/schedule"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func mustSchedule(t testing.TB, expr, zone string) *schedule.Schedule {
	t.Helper()
	s, err := config.ParseSchedule(expr, zone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func at(t testing.TB, rfc3339 string) time.Time {
	t.Helper()
	if rfc3339 == "" {
		return time.Time{}
	}
	v, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type evalCase struct {
	name                string
	svc                 *config.Service
	latest, latestOK    Report
	runningSince, now   string
	lastDuration        time.Duration
	wantStatus          checkin.Status
	wantReason          Reason
	wantLate            time.Duration
	wantInfo            string
	wantDueAt, wantNext string // RFC 3339 in the zone they are shown in; "" for zero
}

func runEvalCases(t *testing.T, tests []evalCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := History{Latest: tt.latest, LatestOK: tt.latestOK, RunningSince: at(t, tt.runningSince), LastDuration: tt.lastDuration}
			got := Evaluate(tt.svc, h, at(t, tt.now))
			if got.Status != tt.wantStatus || got.Reason != tt.wantReason || got.Late != tt.wantLate {
				t.Errorf("Evaluate() = status %v reason %v late %v; want %v %v %v", got.Status, got.Reason, got.Late, tt.wantStatus, tt.wantReason, tt.wantLate)
			}
			if info := got.Info(); info != tt.wantInfo {
				t.Errorf("Evaluate().Info() = %q; want %q", info, tt.wantInfo)
			}
			if s := stamp(got.DueAt); s != tt.wantDueAt {
				t.Errorf("Evaluate().DueAt = %s; want %s", s, tt.wantDueAt)
			}
			if s := stamp(got.NextDue); s != tt.wantNext {
				t.Errorf("Evaluate().NextDue = %s; want %s", s, tt.wantNext)
			}
			if got.IsOverdue() != (tt.wantReason == Overdue || tt.wantReason == Expired || tt.wantReason == RunTooLong) {
				t.Errorf("Evaluate().IsOverdue() = %v for reason %v", got.IsOverdue(), got.Reason)
			}
		})
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func report(t testing.TB, s checkin.Status, info, when string) Report {
	return Report{Status: s, Info: info, At: at(t, when)}
}

// TestEvaluateScheduled checks a monthly backup due at 02:00 Berlin time on the 1st, with
// timeout 1h and grace 12h: on time until 03:00, WARNING until 15:00, CRITICAL after.
func TestEvaluateScheduled(t *testing.T) {
	const h = time.Hour
	monthly := &config.Service{Name: "backup", Timeout: h, Grace: 12 * h, MaxRuntime: h,
		Schedule: mustSchedule(t, "0 2 1 * *", "Europe/Berlin")}
	tolerant := &config.Service{Name: "t", Timeout: h, Grace: 12 * h, MaxRuntime: h, TolerateFailures: true,
		Schedule: mustSchedule(t, "0 2 1 * *", "Europe/Berlin")}
	daily := &config.Service{Name: "daily", Timeout: h, Grace: 12 * h, MaxRuntime: h,
		Schedule: mustSchedule(t, "30 2 * * *", "Europe/Berlin")}
	weekdays := &config.Service{Name: "report", Timeout: h, Grace: 12 * h, MaxRuntime: h,
		Schedule: mustSchedule(t, "30 18 * * 1-5", "America/New_York")}
	lordHowe := &config.Service{Name: "lh", Timeout: 30 * time.Minute, Grace: 12 * h, MaxRuntime: h,
		Schedule: mustSchedule(t, "15 2 * * *", "Australia/Lord_Howe")}
	done := report(t, checkin.OK, "backup done", "2026-11-01T02:10:00+01:00")
	const (
		due      = "2026-12-01T02:00:00+01:00"
		deadline = "2026-12-01T03:00:00+01:00"
		missed   = "missed the run due at 2026-12-01 02:00 CET: overdue by "
	)
	runEvalCases(t, []evalCase{
		{name: "never reported", svc: monthly, now: "2026-11-15T00:00:00Z", wantStatus: checkin.Unknown,
			wantReason: NeverReported, wantInfo: NeverReportedInfo},
		{name: "between runs", svc: monthly, latest: done, now: "2026-11-15T00:00:00Z", wantStatus: checkin.OK,
			wantReason: Fresh, wantInfo: "backup done", wantDueAt: due, wantNext: deadline},
		{name: "at the due time", svc: monthly, latest: done, now: due, wantStatus: checkin.OK,
			wantReason: Fresh, wantInfo: "backup done", wantDueAt: due, wantNext: deadline},
		{name: "at due + timeout", svc: monthly, latest: done, now: deadline, wantStatus: checkin.OK,
			wantReason: Fresh, wantInfo: "backup done", wantDueAt: due, wantNext: deadline},
		{name: "due + timeout + 1ns", svc: monthly, latest: done, now: "2026-12-01T03:00:00.000000001+01:00",
			wantStatus: checkin.Warning, wantReason: Overdue, wantLate: 1,
			wantInfo: missed + "0s (timeout 1h, grace 12h); last report OK: backup done", wantDueAt: due, wantNext: deadline},
		{name: "due + timeout + grace", svc: monthly, latest: done, now: "2026-12-01T15:00:00+01:00",
			wantStatus: checkin.Warning, wantReason: Overdue, wantLate: 12 * h,
			wantInfo: missed + "12h (timeout 1h, grace 12h); last report OK: backup done", wantDueAt: due, wantNext: deadline},
		{name: "due + timeout + grace + 1ns", svc: monthly, latest: done, now: "2026-12-01T15:00:00.000000001+01:00",
			wantStatus: checkin.Critical, wantReason: Expired, wantLate: 12*h + 1,
			wantInfo: missed + "12h (timeout 1h, grace 12h); last report OK: backup done", wantDueAt: due, wantNext: deadline},
		{name: "the run reported: the next month is due", svc: monthly,
			latest: report(t, checkin.Warning, "slow disk", "2026-12-01T02:40:00+01:00"), now: "2026-12-20T00:00:00Z",
			wantStatus: checkin.Warning, wantReason: Fresh, wantInfo: "slow disk",
			wantDueAt: "2027-01-01T02:00:00+01:00", wantNext: "2027-01-01T03:00:00+01:00"},
		{name: "a report at the scheduled time awaits the next one", svc: monthly,
			latest: report(t, checkin.OK, "", "2026-12-01T02:00:00+01:00"), now: "2026-12-01T04:00:00+01:00",
			wantStatus: checkin.OK, wantReason: Fresh, wantDueAt: "2027-01-01T02:00:00+01:00", wantNext: "2027-01-01T03:00:00+01:00"},
		{name: "tolerant: failure after an OK still on time", svc: tolerant,
			latest: report(t, checkin.Critical, "c", "2026-12-01T02:10:00+01:00"), latestOK: done, now: deadline,
			wantStatus: checkin.OK, wantReason: Tolerated, wantInfo: "backup done (tolerating a newer CRITICAL report: c)",
			wantDueAt: "2027-01-01T02:00:00+01:00", wantNext: "2027-01-01T03:00:00+01:00"},
		{name: "tolerant: the OK report is past its due time + timeout", svc: tolerant,
			latest: report(t, checkin.Critical, "c", "2026-12-01T02:10:00+01:00"), latestOK: done,
			now: "2026-12-01T03:00:00.000000001+01:00", wantStatus: checkin.Critical, wantReason: Fresh, wantInfo: "c",
			wantDueAt: "2027-01-01T02:00:00+01:00", wantNext: "2027-01-01T03:00:00+01:00"},
		// Berlin, 2026-03-29: 02:30 does not exist, so the run is due when the gap ends, 03:00 CEST.
		{name: "due in the spring gap: on time", svc: daily, latest: report(t, checkin.OK, "", "2026-03-28T02:35:00+01:00"),
			now: "2026-03-29T04:00:00+02:00", wantStatus: checkin.OK, wantReason: Fresh,
			wantDueAt: "2026-03-29T03:00:00+02:00", wantNext: "2026-03-29T04:00:00+02:00"},
		{name: "due in the spring gap: missed", svc: daily, latest: report(t, checkin.OK, "", "2026-03-28T02:35:00+01:00"),
			now: "2026-03-29T04:00:00.000000001+02:00", wantStatus: checkin.Warning, wantReason: Overdue, wantLate: 1,
			wantInfo:  "missed the run due at 2026-03-29 03:00 CEST: overdue by 0s (timeout 1h, grace 12h); last report OK",
			wantDueAt: "2026-03-29T03:00:00+02:00", wantNext: "2026-03-29T04:00:00+02:00"},
		// Berlin, 2026-10-25: 02:30 happens twice; the run is due at the first, and the timeout
		// is elapsed time, so an hour later is 02:30 again (CET).
		{name: "due in the repeated hour: first pass", svc: daily, latest: report(t, checkin.OK, "", "2026-10-24T02:35:00+02:00"),
			now: "2026-10-25T03:30:00+02:00", wantStatus: checkin.OK, wantReason: Fresh,
			wantDueAt: "2026-10-25T02:30:00+02:00", wantNext: "2026-10-25T02:30:00+01:00"},
		{name: "due in the repeated hour: missed in the second pass", svc: daily, latest: report(t, checkin.OK, "", "2026-10-24T02:35:00+02:00"),
			now: "2026-10-25T02:31:00+01:00", wantStatus: checkin.Warning, wantReason: Overdue, wantLate: time.Minute,
			wantInfo:  "missed the run due at 2026-10-25 02:30 CEST: overdue by 1m (timeout 1h, grace 12h); last report OK",
			wantDueAt: "2026-10-25T02:30:00+02:00", wantNext: "2026-10-25T02:30:00+01:00"},
		// New York, 2026-11-01: a Friday report awaits Monday 18:30, which is EST by then.
		{name: "weekday job over the weekend and a DST change", svc: weekdays,
			latest: report(t, checkin.OK, "sent", "2026-10-30T18:40:00-04:00"), now: "2026-11-02T19:30:00-05:00",
			wantStatus: checkin.OK, wantReason: Fresh, wantInfo: "sent",
			wantDueAt: "2026-11-02T18:30:00-05:00", wantNext: "2026-11-02T19:30:00-05:00"},
		{name: "weekday job missed on Monday", svc: weekdays,
			latest: report(t, checkin.OK, "sent", "2026-10-30T18:40:00-04:00"), now: "2026-11-02T19:31:00-05:00",
			wantStatus: checkin.Warning, wantReason: Overdue, wantLate: time.Minute,
			wantInfo:  "missed the run due at 2026-11-02 18:30 EST: overdue by 1m (timeout 1h, grace 12h); last report OK: sent",
			wantDueAt: "2026-11-02T18:30:00-05:00", wantNext: "2026-11-02T19:30:00-05:00"},
		// Lord Howe, 2026-10-04: 02:00 becomes 02:30, so 02:15 is due at 02:30.
		{name: "half-hour gap: on time", svc: lordHowe, latest: report(t, checkin.OK, "", "2026-10-03T02:20:00+10:30"),
			now: "2026-10-04T03:00:00+11:00", wantStatus: checkin.OK, wantReason: Fresh,
			wantDueAt: "2026-10-04T02:30:00+11:00", wantNext: "2026-10-04T03:00:00+11:00"},
		{name: "half-hour gap: missed", svc: lordHowe, latest: report(t, checkin.OK, "", "2026-10-03T02:20:00+10:30"),
			now: "2026-10-04T03:00:00.000000001+11:00", wantStatus: checkin.Warning, wantReason: Overdue, wantLate: 1,
			wantInfo:  "missed the run due at 2026-10-04 02:30 +11: overdue by 0s (timeout 30m, grace 12h); last report OK",
			wantDueAt: "2026-10-04T02:30:00+11:00", wantNext: "2026-10-04T03:00:00+11:00"},
	})
}
