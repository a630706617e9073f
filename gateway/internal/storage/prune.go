package storage

import "time"

// PruneOptions pace a prune so that it never holds the database for long.
type PruneOptions struct {
	// Batch is the most rows one transaction deletes (default 1000).
	Batch int
	// Pause is the wait between two deletions, leaving the database to check-ins.
	Pause time.Duration
}
