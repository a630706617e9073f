package groupcommit

// StartN is Start with n committing goroutines taking batches from the one queue, for a
// database that commits several transactions at once (PostgreSQL): while one batch waits for
// its commit to reach the disk, the next gathers and is sent. Batches then commit in parallel,
// so items of different batches may commit in any order; commit must be safe to call from n
// goroutines at once. Stop waits for all of them.
func StartN[T any](n int, commit func(batch []*T) error) *Queue[T] {
	q := Start(commit)
	for range n - 1 {
		q.wg.Add(1)
		go q.loop()
	}
	return q
}
