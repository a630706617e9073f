package metrics

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"

// Store is what the metrics read of the check-in database at scrape time: the summaries,
// which the store keeps in memory, and the size of its files.
type Store interface {
	overview.Summaries
	Size() (int64, error)
}
