package storage

import "time"

// RowOverhead is what a check-in counts in a history's size beyond the bytes of its info and
// run id: its service name, status, kind, times and index entry, roughly. A service's history
// size (what history_max_bytes caps) is the sum over its check-ins of info + run id +
// RowOverhead bytes.
const RowOverhead = 100

// CapPruned is what a history size cap deleted of a service so far: how many check-ins in all,
// and when it last deleted some. The zero value means never.
type CapPruned struct {
	At    time.Time
	Count int64
}
