package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// Summary is what a service's state depends on, kept current with every write.
type Summary struct {
	// Latest is the newest report and LatestOK the newest OK report, by time then id; starts
	// and log entries never count. A missing one is the zero Checkin (its At is zero).
	Latest, LatestOK Checkin
	// LastDuration is the length of the newest run that finished; 0 when none is known.
	LastDuration time.Duration
	// RunningSince is the start of the newest run that has not finished (zero when none is
	// open), and RunID that run's id ("" when its start carried none).
	RunningSince time.Time
	RunID        string
}

// serviceSummary is a Summary with what the writer needs to keep it current.
type serviceSummary struct {
	Summary
	// durationAt and durationID place the report that finished the LastDuration run, so an
	// older imported run does not displace it.
	durationAt time.Time
	durationID int64
	// newestAt is the time of the newest check-in of any kind.
	newestAt time.Time
}

// summaries holds every service's summary in memory: loaded whole at Open (one row per
// service), then replaced by the writer after each commit, before anyone is told. Readers
// hold the lock only to copy an entry, so the writer never waits for them.
type summaries struct {
	mu      sync.RWMutex // guards entries
	entries map[string]serviceSummary
}

func (m *summaries) get(service string) (serviceSummary, bool) {
	m.mu.RLock()
	e, ok := m.entries[service]
	m.mu.RUnlock()
	return e, ok
}

// set stores what a commit wrote.
func (m *summaries) set(changed map[string]*serviceSummary) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, e := range changed {
		m.entries[name] = *e
	}
}

// Summary returns a service's newest report, newest OK report, last run duration and open run.
// It is answered from memory; a service without check-ins has the zero Summary. After Close
// it returns ErrClosed.
func (s *Store) Summary(ctx context.Context, service string) (Summary, error) {
	if s.writer.Closed() {
		return Summary{}, ErrClosed
	}
	e, _ := s.summaries.get(service)
	return e.Summary, nil
}

// Latest returns the newest report of a service and its newest OK report, as Summary does.
func (s *Store) Latest(ctx context.Context, service string) (latest, latestOK Checkin, err error) {
	sum, err := s.Summary(ctx, service)
	return sum.Latest, sum.LatestOK, err
}

// Warm is kept for callers from before the summaries: every service's summary is in memory
// from Open on, so there is nothing left to load.
func (s *Store) Warm(ctx context.Context, services []string) error { return ctx.Err() }

const (
	loadSummariesQuery = `SELECT s.service, s.last_duration_ns, s.duration_at, s.duration_id, s.newest_at,
		l.id, l.status, l.info, l.received_at, l.kind, l.run_id, l.duration_ns,
		o.id, o.status, o.info, o.received_at, o.kind, o.run_id, o.duration_ns
		FROM service_summary s
		LEFT JOIN checkins l ON l.id = s.latest_id
		LEFT JOIN checkins o ON o.id = s.latest_ok_id`
	// Open runs in start order: the last one per service is its newest.
	loadOpenRunsQuery = `SELECT service, run_id, started_at FROM open_runs ORDER BY service, started_at, start_id`
)

// loadSummaries reads every service's summary: one row per service, plus its open runs.
func loadSummaries(ctx context.Context, db *sql.DB) (*summaries, error) {
	m := &summaries{entries: make(map[string]serviceSummary)}
	rows, err := db.QueryContext(ctx, loadSummariesQuery)
	if err != nil {
		return nil, fmt.Errorf("read service summaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e serviceSummary
		var name string
		var dur, durAt, newestAt int64
		var l, o nullCheckin
		if err := rows.Scan(append([]any{&name, &dur, &durAt, &e.durationID, &newestAt}, append(l.dest(), o.dest()...)...)...); err != nil {
			return nil, fmt.Errorf("read service summaries: %w", err)
		}
		e.LastDuration = time.Duration(dur)
		e.newestAt = time.Unix(0, newestAt).UTC()
		if durAt != 0 {
			e.durationAt = time.Unix(0, durAt).UTC()
		}
		if e.Latest, err = l.checkin(name); err != nil {
			return nil, fmt.Errorf("read summary of %s: %w", name, err)
		}
		if e.LatestOK, err = o.checkin(name); err != nil {
			return nil, fmt.Errorf("read summary of %s: %w", name, err)
		}
		m.entries[name] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read service summaries: %w", err)
	}
	if err := loadOpenRuns(ctx, db, m); err != nil {
		return nil, err
	}
	return m, nil
}

func loadOpenRuns(ctx context.Context, db *sql.DB, m *summaries) error {
	rows, err := db.QueryContext(ctx, loadOpenRunsQuery)
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

func (n *nullCheckin) checkin(service string) (Checkin, error) {
	if !n.id.Valid {
		return Checkin{}, nil
	}
	c := columns{id: n.id.Int64, at: n.at.Int64, dur: n.dur.Int64, status: n.status.String,
		info: n.info.String, kind: n.kind.String, runID: n.runID.String}
	return c.checkin(service)
}
