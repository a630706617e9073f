package server

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// watchClock wraps the clock check-ins are stamped with: when a reading lies more than
// storage.MaxClockSkew before the newest one it gave (the system clock stepped back, as NTP does
// after running ahead), it logs one WARN line and counts it in
// checkin_clock_steps_back_total. Reports stamped before the step stay the newest of their
// services until the next check-in replaces them (storage.Tracked.Stored).
func watchClock(now func() time.Time, log *slog.Logger, reg *prometheus.Registry) func() time.Time {
	steps := prometheus.NewCounter(prometheus.CounterOpts{Name: "checkin_clock_steps_back_total",
		Help: "Times the clock the gateway stamps check-ins with went back by more than a minute."})
	reg.MustRegister(steps)
	var newest atomic.Int64 // Unix nanoseconds of the latest reading
	return func() time.Time {
		t := now()
		for {
			last := newest.Load()
			if last != 0 && time.Duration(last-t.UnixNano()) > storage.MaxClockSkew {
				if newest.CompareAndSwap(last, t.UnixNano()) {
					steps.Inc()
					log.Warn("the clock stepped back: check-ins stamped before the step stay the newest of their services until the next one arrives, and go overdue that much later",
						"by", time.Duration(last-t.UnixNano()).Round(time.Second), "newest_stamp", time.Unix(0, last).UTC().Format(time.RFC3339))
					return t
				}
				continue
			}
			if t.UnixNano() <= last || newest.CompareAndSwap(last, t.UnixNano()) {
				return t
			}
		}
	}
}
