package main

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/retention"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// retentionPolicy checks the retention flags.
func (s *serveCmd) retentionPolicy() (retention.Policy, error) {
	age, err := checkin.ParseDuration(s.Retention)
	if err != nil {
		return retention.Policy{}, fmt.Errorf("--retention: %w", err)
	}
	if s.RetentionKeep < 0 {
		return retention.Policy{}, fmt.Errorf("--retention-keep: must be 0 or more, not %d", s.RetentionKeep)
	}
	pol := retention.DefaultPolicy
	pol.Age, pol.Keep = age, s.RetentionKeep
	return pol, nil
}
