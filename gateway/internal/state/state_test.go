package state

import (
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func ago(d time.Duration) time.Time { return now.Add(-d) }

func rep(s checkin.Status, info string, age time.Duration) Report {
	return Report{Status: s, Info: info, At: ago(age)}
}

func TestEvaluate(t *testing.T) {
	const h = time.Hour
	day := &config.Service{Name: "d", Timeout: 24 * h, Grace: 12 * h}
	never := &config.Service{Name: "n", Timeout: 0, Grace: 12 * h}
	tolerant := &config.Service{Name: "t", Timeout: 24 * h, Grace: 12 * h, TolerateFailures: true}
	tolerantNever := &config.Service{Name: "tn", Timeout: 0, Grace: 12 * h, TolerateFailures: true}
	none := Report{}

	tests := []struct {
		name             string
		svc              *config.Service
		latest, latestOK Report
		wantStatus       checkin.Status
		wantReason       Reason
		wantInfo         string
		wantLate         time.Duration
	}{
		{"never reported", day, none, none, checkin.Unknown, NeverReported, "never reported in", 0},
		{"never reported, timeout 0", never, none, none, checkin.Unknown, NeverReported, "never reported in", 0},
		{"fresh OK", day, rep(checkin.OK, "done", h), none, checkin.OK, Fresh, "done", 0},
		{"fresh WARNING", day, rep(checkin.Warning, "slow", h), none, checkin.Warning, Fresh, "slow", 0},
		{"fresh CRITICAL", day, rep(checkin.Critical, "failed", h), none, checkin.Critical, Fresh, "failed", 0},
		{"fresh UNKNOWN", day, rep(checkin.Unknown, "?", h), none, checkin.Unknown, Fresh, "?", 0},
		{"just now", day, rep(checkin.OK, "a", 0), none, checkin.OK, Fresh, "a", 0},
		{"report from the future", day, rep(checkin.OK, "a", -h), none, checkin.OK, Fresh, "a", 0},
		{"age = timeout", day, rep(checkin.OK, "a", 24*h), none, checkin.OK, Fresh, "a", 0},
		{"age = timeout + 1ns", day, rep(checkin.OK, "a", 24*h+1), none, checkin.Warning, Overdue,
			"overdue by 0s (timeout 1d, grace 12h); last report OK: a", 1},
		{"overdue", day, rep(checkin.OK, "a", 27*h), none, checkin.Warning, Overdue,
			"overdue by 3h (timeout 1d, grace 12h); last report OK: a", 3 * h},
		{"overdue without info", day, rep(checkin.Critical, "", 27*h), none, checkin.Warning, Overdue,
			"overdue by 3h (timeout 1d, grace 12h); last report CRITICAL", 3 * h},
		{"age = timeout + grace", day, rep(checkin.OK, "a", 36*h), none, checkin.Warning, Overdue,
			"overdue by 12h (timeout 1d, grace 12h); last report OK: a", 12 * h},
		{"age = timeout + grace + 1ns", day, rep(checkin.OK, "a", 36*h+1), none, checkin.Critical, Expired,
			"overdue by 12h (timeout 1d, grace 12h); last report OK: a", 12*h + 1},
		{"long gone", day, rep(checkin.Warning, "w", 100*h), none, checkin.Critical, Expired,
			"overdue by 3d 4h (timeout 1d, grace 12h); last report WARNING: w", 76 * h},
		{"timeout 0 never overdue", never, rep(checkin.OK, "a", 10000*h), none, checkin.OK, Fresh, "a", 0},
		{"timeout 0 keeps CRITICAL", never, rep(checkin.Critical, "c", 10000*h), none, checkin.Critical, Fresh, "c", 0},
		{"not tolerant: CRITICAL after OK", day, rep(checkin.Critical, "c", h), rep(checkin.OK, "ok", 2*h), checkin.Critical, Fresh, "c", 0},
		{"tolerant: CRITICAL after fresh OK", tolerant, rep(checkin.Critical, "c", h), rep(checkin.OK, "ok", 2*h), checkin.OK, Tolerated,
			"ok (tolerating a newer CRITICAL report: c)", 0},
		{"tolerant: WARNING after fresh OK", tolerant, rep(checkin.Warning, "", h), rep(checkin.OK, "", 2*h), checkin.OK, Tolerated,
			"(tolerating a newer WARNING report)", 0},
		{"tolerant: OK at exactly timeout", tolerant, rep(checkin.Critical, "c", h), rep(checkin.OK, "ok", 24*h), checkin.OK, Tolerated,
			"ok (tolerating a newer CRITICAL report: c)", 0},
		{"tolerant: OK too old", tolerant, rep(checkin.Critical, "c", h), rep(checkin.OK, "ok", 24*h+1), checkin.Critical, Fresh, "c", 0},
		{"tolerant: no OK ever", tolerant, rep(checkin.Critical, "c", h), none, checkin.Critical, Fresh, "c", 0},
		{"tolerant: UNKNOWN not tolerated", tolerant, rep(checkin.Unknown, "u", h), rep(checkin.OK, "ok", 2*h), checkin.Unknown, Fresh, "u", 0},
		{"tolerant: overdue failure still overdue", tolerant, rep(checkin.Critical, "c", 30*h), rep(checkin.OK, "ok", 31*h), checkin.Warning, Overdue,
			"overdue by 6h (timeout 1d, grace 12h); last report CRITICAL: c", 6 * h},
		{"tolerant, timeout 0: any OK tolerates", tolerantNever, rep(checkin.Critical, "c", h), rep(checkin.OK, "ok", 10000*h), checkin.OK, Tolerated,
			"ok (tolerating a newer CRITICAL report: c)", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.svc, History{Latest: tt.latest, LatestOK: tt.latestOK}, now)
			if got.Status != tt.wantStatus || got.Reason != tt.wantReason || got.Late != tt.wantLate {
				t.Errorf("Evaluate() = status %v reason %v late %v; want %v %v %v", got.Status, got.Reason, got.Late, tt.wantStatus, tt.wantReason, tt.wantLate)
			}
			if info := got.Info(); info != tt.wantInfo {
				t.Errorf("Evaluate().Info() = %q; want %q", info, tt.wantInfo)
			}
			if got.IsOverdue() != (tt.wantReason == Overdue || tt.wantReason == Expired) {
				t.Errorf("Evaluate().IsOverdue() = %v for reason %v", got.IsOverdue(), got.Reason)
			}
		})
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	svc := &config.Service{Name: "t", Timeout: time.Hour, Grace: time.Hour, TolerateFailures: true}
	latest, ok := rep(checkin.Critical, "c", time.Minute), rep(checkin.OK, "ok", 2*time.Minute)
	allocs := testing.AllocsPerRun(100, func() { _ = Evaluate(svc, History{Latest: latest, LatestOK: ok}, now) })
	if allocs != 0 {
		t.Errorf("Evaluate allocates %v times per call; want 0", allocs)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	svc := &config.Service{Name: "t", Timeout: time.Hour, Grace: time.Hour, TolerateFailures: true}
	latest, ok := rep(checkin.Critical, "c", 90*time.Minute), rep(checkin.OK, "ok", 2*time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(svc, History{Latest: latest, LatestOK: ok}, now)
	}
}
