package statuspage

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage/servicehistory"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/timeline"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

type historyRow struct {
	servicehistory.Row
	From, To stamp
}

type serviceView struct {
	serviceRow
	Rules     []string
	Bars      []bar
	From      stamp
	History   []historyRow
	Reports   int // check-ins the history covers
	Truncated bool
	// NextDue is when the service turns WARNING, in its zone and in UTC; RunningSince the
	// open run's start; LastDuration the newest finished run's length. "" when not known.
	NextDue, RunningSince, LastDuration string
	// CapPruned says what the history size cap deleted, at CapPrunedAt; "" when nothing.
	CapPruned   string
	CapPrunedAt stamp
}

// Service renders one service: its state, its rules in words, a timeline of the last two
// weeks and its recent history.
func Service(cfg func() *config.Config, db Store, now func() time.Time, logger *slog.Logger) http.HandlerFunc {
	gate := newPageGate()
	return func(w http.ResponseWriter, r *http.Request) {
		name := respond.ServiceName(r)
		svc := cfg().Service(name)
		if svc == nil {
			failPage(w, r, logger, now(), respond.NotFound("service %q is not configured", name))
			return
		}
		now := now()
		res, err := overview.Read(r.Context(), db, svc, now)
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		from := now.Add(-servicehistory.Window)
		paced, leave, err := gate.enter(r.Context())
		if err != nil {
			return // the client left
		}
		hist, err := servicehistory.Read(paced, db, svc.Name, from)
		var spans []timeline.Span
		if err == nil {
			spans = timeline.ComputeAscending(svc, hist.Reports, from, now)
		}
		leave()
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		v := serviceView{serviceRow: newServiceRow(svc, res, now), Rules: rules(svc), From: newStamp(from, now), Reports: hist.Read,
			Truncated: hist.Truncated,
			NextDue:   zoneAndUTC(res.NextDue), RunningSince: zoneAndUTC(res.RunningSince)}
		if res.LastDuration > 0 {
			v.LastDuration = checkin.FormatDuration(res.LastDuration)
		}
		if v.CapPruned, v.CapPrunedAt, err = capPrunedView(r.Context(), db, svc.Name, now); err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		v.Bars = bars(spans, from, now)
		for _, f := range hist.Rows {
			v.History = append(v.History, historyRow{f, newStamp(f.First, now), newStamp(f.Latest, now)})
		}
		writePage(w, r, logger, http.StatusOK, "service.html", page{Title: svc.Name, Refresh: true, Now: now, Body: v})
	}
}

// zoneAndUTC writes t in its own zone and, when that is not UTC, in UTC too; "" for the zero time.
func zoneAndUTC(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	const layout = "2006-01-02 15:04 MST"
	if _, off := t.Zone(); off == 0 {
		return t.UTC().Format(layout)
	}
	return t.Format(layout) + " (" + t.UTC().Format(layout) + ")"
}

// rules says a service's timing rules in words.
func rules(svc *config.Service) []string {
	var out []string
	switch {
	case svc.Schedule != nil:
		out = append(out, fmt.Sprintf("Runs %s, %s.", svc.Schedule.Describe(), svc.Schedule.Location()),
			fmt.Sprintf("WARNING when no check-in arrives within %s of a scheduled time, CRITICAL %s later.",
				durationWords(svc.Timeout), durationWords(svc.Grace)))
	case svc.Timeout == 0:
		out = append(out, "Never overdue: the newest check-in stands however old it is.")
	case svc.Grace == 0:
		out = append(out, fmt.Sprintf("CRITICAL after %s without a check-in.", durationWords(svc.Timeout)))
	default:
		out = append(out, fmt.Sprintf("WARNING after %s, CRITICAL after %s without a check-in.",
			durationWords(svc.Timeout), durationWords(svc.Timeout+svc.Grace)))
	}
	if svc.MaxRuntime > 0 && (svc.Schedule != nil || svc.MaxRuntime != svc.Timeout) {
		out = append(out, fmt.Sprintf("A started run must finish within %s.", durationWords(svc.MaxRuntime)))
	}
	if svc.TolerateFailures {
		when := "if the service ever sent an OK one"
		if svc.Timeout > 0 {
			when = "while an OK one is no older than " + durationWords(svc.Timeout)
		}
		out = append(out, "A WARNING or CRITICAL check-in shows as OK "+when+".")
	}
	return out
}
