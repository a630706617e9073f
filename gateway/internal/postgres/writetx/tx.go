// Package writetx is one PostgreSQL write transaction of check-ins: it locks the summaries of
// the services it writes (so gateways sharing the database write them one after the other),
// applies each check-in by package storage's rules, sends the rows in one statement and writes the
// summaries back before it commits.
package writetx

import (
	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Tx is one write transaction: the summaries it locked and changes, the runs it touched,
// and check-ins whose rows are sent together just before the commit.
type Tx struct {
	tx   pgx.Tx
	sums map[string]*storage.Tracked
	// runs names the services whose open runs changed: their newest is read before commit.
	runs map[string]bool
	// stale holds the starts (by id) of runs opened although a newer report was stored.
	stale []int64
	// ids are ids reserved for check-ins; while there are some, rows wait in pending.
	ids     []int64
	pending batchRows
}
