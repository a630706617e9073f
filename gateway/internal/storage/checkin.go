// Package storage is the engine-neutral core of the check-in storage. It holds what both
// engines (package sqlite and package postgres) mean by a stored check-in: the Checkin and
// Summary types and their errors, what a check-in must carry, the order of a history, how a
// write changes a service's summary and runs, how a history is paged, how an import is checked
// and deduplicated, how migrations are applied, and what Ping promises. It has no SQL: each
// engine runs its own queries and calls these rules, so the two cannot drift apart. The
// gateway's other packages import storage, never an engine; only the wiring opens one.
package storage

import (
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Checkin is one stored check-in.
type Checkin struct {
	ID      int64
	Service string
	Status  checkin.Status
	Info    string
	At      time.Time
	// Kind is KindReport for a check-in that carries a status, KindStart for a run's start
	// signal and KindLog for a log entry; only reports decide the state.
	Kind checkin.Kind
	// RunID pairs a start with the report that finishes it; "" when the client sent none.
	RunID string
	// Duration is the length of the run this report closed; 0 when it closed none.
	Duration time.Duration
}

// Report is the check-in as the state rules see it; the zero Checkin gives the zero Report
// ("none").
func (c Checkin) Report() state.Report {
	return state.Report{Status: c.Status, Info: c.Info, At: c.At}
}

// NewerThan reports whether c comes after o in a history: by time, then by id.
func (c Checkin) NewerThan(o Checkin) bool {
	if !c.At.Equal(o.At) {
		return c.At.After(o.At)
	}
	return c.ID > o.ID
}

// Validate checks what the database's constraints would refuse, so that one bad check-in
// fails alone instead of failing the batch it shares a transaction with.
func (c Checkin) Validate() error {
	switch {
	case c.Service == "":
		return fmt.Errorf("check-in without a service")
	case !c.Status.Valid():
		return fmt.Errorf("check-in for %s: invalid status %d", c.Service, int(c.Status))
	case c.Kind > checkin.KindLog:
		return fmt.Errorf("check-in for %s: invalid kind %d", c.Service, int(c.Kind))
	case c.RunID != "" && !checkin.ValidRunID(c.RunID):
		return fmt.Errorf("check-in for %s: invalid run id", c.Service)
	case c.At.IsZero():
		return fmt.Errorf("check-in for %s without a time", c.Service)
	case c.Duration < 0:
		return fmt.Errorf("check-in for %s: negative duration", c.Service)
	}
	return nil
}

// Columns are the columns every query of check-ins selects, in the order Row holds them.
const Columns = `id, status, info, received_at, kind, run_id, duration_ns`

// Row is a check-in as both engines store it: times and durations in nanoseconds, status and
// kind as their names.
type Row struct {
	ID, At, Duration          int64
	Status, Info, Kind, RunID string
}

// Checkin decodes the row as a check-in of service.
func (r Row) Checkin(service string) (Checkin, error) {
	c := Checkin{ID: r.ID, Service: service, Info: r.Info, RunID: r.RunID,
		At: time.Unix(0, r.At).UTC(), Duration: time.Duration(r.Duration)}
	var err error
	if c.Status, err = checkin.ParseStatus(r.Status); err != nil {
		return Checkin{}, err
	}
	if err := c.Kind.UnmarshalText([]byte(r.Kind)); err != nil {
		return Checkin{}, err
	}
	return c, nil
}

// Nanos is t in Unix nanoseconds, 0 for the zero time, as the engines store optional times.
func Nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// Time is the inverse of Nanos: 0 is the zero time.
func Time(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}
