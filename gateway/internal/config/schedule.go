package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/rawservice"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/schedule"
)

// DefaultScheduledTimeout is how long after each scheduled time a scheduled service may report
// when services.json sets no timeout.
const DefaultScheduledTimeout = time.Hour

// ParseSchedule reads a service's schedule and its zone (an IANA name such as UTC). Its errors
// name the field and the value; `checkin-gateway schedule` prints the same words.
func ParseSchedule(expr, zone string) (*schedule.Schedule, error) {
	loc, err := LoadZone(zone)
	if err != nil {
		return nil, err
	}
	s, err := schedule.Parse(expr, loc)
	if err != nil {
		return nil, fmt.Errorf("field schedule: %q: %w", expr, err)
	}
	return s, nil
}

// LoadZone finds an IANA time zone such as Europe/Berlin. It refuses "Local": services.json
// must mean the same on every host.
func LoadZone(zone string) (*time.Location, error) {
	if zone == "" || zone == "Local" {
		return nil, fmt.Errorf("field tz: %q is not a time zone: use an IANA name like Europe/Berlin, or UTC", zone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("field tz: unknown time zone %q: use an IANA name like Europe/Berlin, or UTC", zone)
	}
	return loc, nil
}

// parseTiming reads when a service must report: timeout, or schedule with tz and an optional
// timeout, and max_runtime.
//
// Without a schedule, timeout is required and counts from the last report. With a schedule,
// timeout counts from each scheduled time (how late a run may report) and defaults to an hour;
// timeout 0 ("never overdue") contradicts a schedule and is refused, naming both fields.
func parseTiming(s *Service, r *rawservice.Settings) error {
	var err error
	if r.TZ != nil && r.Schedule == nil {
		return errors.New("field tz: set only with schedule (the zone the schedule's times are in)")
	}
	if r.Schedule != nil {
		zone := "UTC"
		if r.TZ != nil {
			zone = *r.TZ
		}
		if s.Schedule, err = ParseSchedule(*r.Schedule, zone); err != nil {
			return err
		}
		s.Timeout = DefaultScheduledTimeout
		if r.Timeout != nil {
			if s.Timeout, err = durationField(r.Timeout); err != nil {
				return fmt.Errorf("field timeout: %w", err)
			}
			if s.Timeout == 0 {
				return errors.New("fields timeout and schedule: timeout 0 means never overdue, which a schedule contradicts; with a schedule, timeout is how long after each scheduled time a run may report (default 1h)")
			}
		}
	} else {
		if r.Timeout == nil {
			return errors.New("field timeout: missing (use 0 for never overdue, or set a schedule)")
		}
		if s.Timeout, err = durationField(r.Timeout); err != nil {
			return fmt.Errorf("field timeout: %w", err)
		}
	}
	s.MaxRuntime = s.Timeout
	if r.MaxRuntime != nil {
		if s.MaxRuntime, err = durationField(r.MaxRuntime); err != nil {
			return fmt.Errorf("field max_runtime: %w", err)
		}
	}
	return nil
}
