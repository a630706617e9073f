package summaries

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"

// Rename moves from's summary to to, after the store renamed the service's rows. Readers that
// follow Changed see both names change.
func (m *Cache) Rename(from, to string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[from]
	if !ok {
		return
	}
	for _, c := range []*storage.Checkin{&e.Latest, &e.LatestOK} {
		if c.Service != "" {
			c.Service = to
		}
	}
	delete(m.entries, from)
	m.entries[to] = e
	m.changes.note(from)
	m.changes.note(to)
}
