package storage

import "time"

// CheckinQuiet is how long after the newest check-in commit a failed one stays in force over
// a working probe. While check-ins keep arriving, only a commit of check-ins that works ends
// a failing spell: a probe that fits in the last free page of a full disk must not answer for
// check-ins that do not fit. When none was tried for this long (a load balancer that took
// the gateway out on its /alive sends none), a working probe ends it, so that the gateway is
// not shut out for good.
const CheckinQuiet = 5 * time.Second

// RecordCheckins notes the outcome of a commit that held check-ins (see CheckinQuiet).
func (h *Health) RecordCheckins(err error) {
	h.checkinAt.Store(time.Now().UnixNano())
	if err == nil {
		h.checkinErr.Store(nil)
		return
	}
	h.checkinErr.Store(&err)
}

// checkinFailure is the error of the newest commit of check-ins while it failed less than
// CheckinQuiet ago, else nil.
func (h *Health) checkinFailure() error {
	p := h.checkinErr.Load()
	if p == nil || time.Since(time.Unix(0, h.checkinAt.Load())) >= CheckinQuiet {
		return nil
	}
	return *p
}
