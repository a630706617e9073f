package daemon

import (
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/bytesize"
)

// historyMaxBytes checks --history-max-bytes.
func (c Config) historyMaxBytes() (int64, error) {
	n, err := bytesize.Parse(c.HistoryMaxBytes)
	if err != nil {
		return 0, fmt.Errorf("--history-max-bytes: %w", err)
	}
	return n, nil
}
