package statuspage

import (
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/statuspage/servicehistory"
)

// Store is what the status pages read of the check-in database: the summaries (from memory)
// for the states, a service's history, newest first, for its timeline and history table.
type Store interface {
	overview.Summaries
	servicehistory.Reader
	capPrunedReader
}
