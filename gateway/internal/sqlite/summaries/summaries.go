// Package summaries keeps every service's summary of a SQLite store in memory: loaded whole
// when the store opens (one row per service, plus its open runs), then replaced by the store's
// writer after each commit, before anyone is told.
package summaries

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Cache holds the summaries. Readers hold its lock only to copy an entry, so the writer never
// waits for them.
type Cache struct {
	mu      sync.RWMutex // guards entries and changes
	entries map[string]storage.Tracked
	changes changes // changes.go
}

// Get returns a service's summary and whether it has one.
func (m *Cache) Get(service string) (storage.Tracked, bool) {
	m.mu.RLock()
	e, ok := m.entries[service]
	m.mu.RUnlock()
	return e, ok
}

// Set stores what a commit wrote.
func (m *Cache) Set(changed map[string]*storage.Tracked) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, e := range changed {
		m.entries[name] = *e
		m.changes.note(name)
	}
}

// The queries Load runs (named here for the store's test of their plans).
const (
	LoadQuery = `SELECT s.service, s.last_duration_ns, s.duration_at, s.duration_id, s.newest_at,
		l.id, l.status, l.info, l.received_at, l.kind, l.run_id, l.duration_ns,
		o.id, o.status, o.info, o.received_at, o.kind, o.run_id, o.duration_ns
		FROM service_summary s
		LEFT JOIN checkins l ON l.id = s.latest_id
		LEFT JOIN checkins o ON o.id = s.latest_ok_id`
	CountQuery = `SELECT count(*) FROM service_summary`
	// Open runs in start order: the last one per service is its newest.
	LoadOpenRunsQuery = `SELECT service, run_id, started_at FROM open_runs ORDER BY service, started_at, start_id`
)

// Load reads every service's summary: one row per service, plus its open runs.
func Load(ctx context.Context, db *sql.DB) (*Cache, error) {
	// The map is made its final size at once: growing it row by row copied it a dozen times.
	var n int
	if err := db.QueryRowContext(ctx, CountQuery).Scan(&n); err != nil {
		return nil, fmt.Errorf("count service summaries: %w", err)
	}
	m := &Cache{entries: make(map[string]storage.Tracked, n)}
	rows, err := db.QueryContext(ctx, LoadQuery)
	if err != nil {
		return nil, fmt.Errorf("read service summaries: %w", err)
	}
	defer rows.Close()
	// One set of scan targets for every row: at 100,000 services, a set per row was most
	// of what start-up allocated.
	var (
		e                    storage.Tracked
		name                 string
		dur, durAt, newestAt int64
		l, o                 nullCheckin
	)
	dest := append([]any{&name, &dur, &durAt, &e.DurationID, &newestAt}, append(l.dest(), o.dest()...)...)
	for rows.Next() {
		e = storage.Tracked{}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read service summaries: %w", err)
		}
		e.LastDuration = time.Duration(dur)
		e.NewestAt = time.Unix(0, newestAt).UTC()
		e.DurationAt = storage.Time(durAt)
		if e.Latest, err = l.checkin(name); err != nil {
			return nil, fmt.Errorf("read summary of %s: %w", name, err)
		}
		if o.id == l.id { // most services: the newest report is OK; one copy of its info
			e.LatestOK = e.Latest
		} else if e.LatestOK, err = o.checkin(name); err != nil {
			return nil, fmt.Errorf("read summary of %s: %w", name, err)
		}
		m.entries[name] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read service summaries: %w", err)
	}
	if err := m.loadOpenRuns(ctx, db); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Cache) loadOpenRuns(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, LoadOpenRunsQuery)
	if err != nil {
		return fmt.Errorf("read open runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, runID string
		var at int64
		if err := rows.Scan(&name, &runID, &at); err != nil {
			return fmt.Errorf("read open runs: %w", err)
		}
		e := m.entries[name]
		e.RunningSince, e.RunID = time.Unix(0, at).UTC(), runID
		m.entries[name] = e
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read open runs: %w", err)
	}
	return nil
}

// nullCheckin scans a check-in from the nullable columns of a LEFT JOIN.
type nullCheckin struct {
	id, at, dur        sql.NullInt64
	status, info, kind sql.NullString
	runID              sql.NullString
}

func (n *nullCheckin) dest() []any {
	return []any{&n.id, &n.status, &n.info, &n.at, &n.kind, &n.runID, &n.dur}
}

func (n *nullCheckin) checkin(service string) (storage.Checkin, error) {
	if !n.id.Valid {
		return storage.Checkin{}, nil
	}
	r := storage.Row{ID: n.id.Int64, At: n.at.Int64, Duration: n.dur.Int64, Status: n.status.String,
		Info: n.info.String, Kind: n.kind.String, RunID: n.runID.String}
	return r.Checkin(service)
}
