package store

import (
	"context"
	"sync"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// newest holds a service's newest check-in and its newest OK check-in (zero when missing).
type newest struct {
	latest, latestOK Checkin
}

// newestCache keeps, per service, what Latest answers, so that state queries do not touch
// SQLite. An entry is loaded from the database on first use (or by Warm) and then kept current
// by the writer after each commit, before the check-in is acknowledged. Retention never deletes
// a service's newest or newest OK check-in, so entries never go stale.
type newestCache struct {
	mu      sync.RWMutex // guards entries
	entries map[string]newest
	// fill serialises loads from the database with the writer's updates: an update for a
	// service that is not loaded yet is skipped, and a load that runs after a commit sees it.
	fill sync.Mutex
}

func newNewestCache() *newestCache {
	return &newestCache{entries: make(map[string]newest)}
}

func (c *newestCache) get(service string) (newest, bool) {
	c.mu.RLock()
	n, ok := c.entries[service]
	c.mu.RUnlock()
	return n, ok
}

// load returns the service's entry, reading it with read when it is not cached yet.
func (c *newestCache) load(service string, read func() (newest, error)) (newest, error) {
	if n, ok := c.get(service); ok {
		return n, nil
	}
	c.fill.Lock()
	defer c.fill.Unlock()
	if n, ok := c.get(service); ok { // loaded while we waited
		return n, nil
	}
	n, err := read()
	if err != nil {
		return newest{}, err
	}
	c.mu.Lock()
	c.entries[service] = n
	c.mu.Unlock()
	return n, nil
}

// committed records check-ins that are now on disk, in commit order.
func (c *newestCache) committed(batch []*writeRequest) {
	c.fill.Lock()
	defer c.fill.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range batch {
		if r.probe {
			continue
		}
		n, ok := c.entries[r.c.Service]
		if !ok {
			continue // not loaded: the next load reads it from the database
		}
		n.latest = r.c
		if r.c.Status == checkin.OK {
			n.latestOK = r.c
		}
		c.entries[r.c.Service] = n
	}
}

// Latest returns the newest check-in of a service and its newest OK check-in. A missing one
// is the zero Checkin (its At is zero).
func (s *Store) Latest(ctx context.Context, service string) (latest, latestOK Checkin, err error) {
	n, err := s.cache.load(service, func() (newest, error) {
		l, ok, err := s.readLatest(ctx, service)
		return newest{l, ok}, err
	})
	return n.latest, n.latestOK, err
}

// Warm loads the newest check-ins of the given services into memory, so that their first state
// query does not wait for the database. It stops early when ctx ends.
func (s *Store) Warm(ctx context.Context, services []string) error {
	for _, name := range services {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, _, err := s.Latest(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// reset forgets every entry; they are loaded again on use.
func (c *newestCache) reset() {
	c.fill.Lock()
	defer c.fill.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}
