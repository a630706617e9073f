package store

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

// newerThan reports whether c comes after o in a history: by time, then by id.
func (c Checkin) newerThan(o Checkin) bool {
	if !c.At.Equal(o.At) {
		return c.At.After(o.At)
	}
	return c.ID > o.ID
}

// validate checks what the database's constraints would refuse, so that one bad check-in
// fails alone instead of failing the batch it shares a transaction with.
func (c Checkin) validate() error {
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

// checkinColumns are the columns every query here selects, in the order scanCheckin reads them.
const checkinColumns = `id, status, info, received_at, kind, run_id, duration_ns`

// scanCheckin reads one row of checkinColumns.
func scanCheckin(row interface{ Scan(...any) error }, service string) (Checkin, error) {
	var c columns
	if err := row.Scan(c.dest()...); err != nil {
		return Checkin{}, err
	}
	return c.checkin(service)
}

// columns are checkinColumns as read from a row.
type columns struct {
	id, at, dur  int64
	status, info string
	kind, runID  string
}

func (c *columns) dest() []any {
	return []any{&c.id, &c.status, &c.info, &c.at, &c.kind, &c.runID, &c.dur}
}

func (c *columns) checkin(service string) (Checkin, error) {
	out := Checkin{ID: c.id, Service: service, Info: c.info, RunID: c.runID,
		At: time.Unix(0, c.at).UTC(), Duration: time.Duration(c.dur)}
	var err error
	if out.Status, err = checkin.ParseStatus(c.status); err != nil {
		return Checkin{}, err
	}
	if err := out.Kind.UnmarshalText([]byte(c.kind)); err != nil {
		return Checkin{}, err
	}
	return out, nil
}
