package storage

import (
	"context"
	"errors"
	"testing"
	"time"
)

// After a failed commit of check-ins, a working probe does not make Check pass: only a commit
// of check-ins that works does, or a probe once no check-in was tried for CheckinQuiet.
func TestCheckFollowsCheckins(t *testing.T) {
	full := errors.New("disk full")
	tests := []struct {
		name    string
		record  func(h *Health)
		wantErr bool
	}{
		{"nothing failed", func(h *Health) {}, false},
		{"a failed commit of check-ins", func(h *Health) { h.RecordCheckins(full) }, true},
		{"then a good probe", func(h *Health) { h.RecordCheckins(full); h.Record(nil) }, true},
		{"then good check-ins", func(h *Health) { h.RecordCheckins(full); h.RecordCheckins(nil); h.Record(nil) }, false},
		{"then no check-in for CheckinQuiet and a good probe", func(h *Health) {
			h.RecordCheckins(full)
			h.Record(full)
			h.checkinAt.Store(time.Now().Add(-CheckinQuiet).UnixNano())
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &Health{ProbeEvery: time.Hour}
			h.Record(nil)
			tt.record(h)
			probed := false
			err := h.Check(context.Background(), func(context.Context) error { probed = true; return nil })
			if (err != nil) != tt.wantErr {
				t.Errorf("Check = %v (probed %v); want error %v", err, probed, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, full) {
				t.Errorf("Check = %v; want the check-ins' error", err)
			}
		})
	}
}
