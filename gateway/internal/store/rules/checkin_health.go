package rules

// RecordCheckins notes the outcome of a commit that held check-ins. After a failed one, Check
// fails until a commit of check-ins works again: a probe that fits in the last free page of a
// full disk must not answer for the check-ins that did not fit.
func (h *Health) RecordCheckins(err error) {
	if err == nil {
		h.checkinErr.Store(nil)
		return
	}
	h.checkinErr.Store(&err)
}

// checkinFailure is the error of the newest commit of check-ins when it failed, else nil.
func (h *Health) checkinFailure() error {
	if p := h.checkinErr.Load(); p != nil {
		return *p
	}
	return nil
}
