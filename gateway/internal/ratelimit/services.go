package ratelimit

import "time"

// Services limits how often each service may have check-ins and pings stored: its own rate
// (services.json "rate"), or the gateway's (--rate). Only check-ins that passed every other
// check count: a wrong token never uses up a service's rate.
type Services struct {
	limits  *Limits
	def     Rate
	refused func(service string)
}

// NewServices takes def for the services that set no rate of their own; refused hears of every
// check-in or ping refused (a metric).
func NewServices(def Rate, now func() time.Time, refused func(service string)) *Services {
	return &Services{limits: New(now), def: def, refused: refused}
}

// Take takes one from service's rate: own, or the default when own is nil. When the service is
// over it, it returns how long until the next check-in may be stored and the limit in force,
// and counts the refusal.
func (s *Services) Take(service string, own *Rate) (wait time.Duration, limit Rate) {
	limit = s.def
	if own != nil {
		limit = *own
	}
	wait = s.limits.Take(service, limit.Every, limit.Burst)
	if wait > 0 {
		s.refused(service)
	}
	return wait, limit
}
