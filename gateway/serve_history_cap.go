package main

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// historyMaxBytes checks --history-max-bytes.
func (s *serveCmd) historyMaxBytes() (int64, error) {
	n, err := config.ParseBytes(s.HistoryMaxBytes)
	if err != nil {
		return 0, fmt.Errorf("--history-max-bytes: %w", err)
	}
	return n, nil
}
