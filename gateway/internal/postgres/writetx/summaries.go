package writetx

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Summaries: a write locks the summaries of its services first and writes them back last, with
// the rows it queued.

const (
	// ensureSummaries makes a summary row for every service of a write, so that
	// lockSummaries can lock it even for a service's first check-in.
	ensureSummaries = `INSERT INTO service_summary (service) SELECT unnest($1::text[]) ORDER BY 1
		ON CONFLICT DO NOTHING`
	// lockSummaries reads and locks the summary rows a write changes, in service order (so
	// that gateways writing at once lock them in one order), with each service's newest open run.
	lockSummaries = `SELECT s.service, s.latest_id, s.latest_at, s.latest_ok_id, s.latest_ok_at,
		s.last_duration_ns, s.duration_at, s.duration_id, s.newest_at, r.run_id, r.started_at
		FROM service_summary s LEFT JOIN LATERAL (SELECT run_id, started_at FROM open_runs o
			WHERE o.service = s.service ORDER BY started_at DESC, start_id DESC LIMIT 1) r ON true
		WHERE s.service = ANY($1) ORDER BY s.service FOR UPDATE OF s`
	reserveIDs     = `SELECT nextval(pg_get_serial_sequence('checkins', 'id')) FROM generate_series(1, $1)`
	insertCheckins = `INSERT INTO checkins (id, service, status, info, received_at, kind, run_id, duration_ns)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[])`
	updateSummaries = `UPDATE service_summary s SET latest_id = u.latest_id, latest_at = u.latest_at,
		latest_ok_id = u.latest_ok_id, latest_ok_at = u.latest_ok_at, last_duration_ns = u.dur,
		duration_at = u.dur_at, duration_id = u.dur_id, newest_at = u.newest_at
		FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
			AS u(service, latest_id, latest_at, latest_ok_id, latest_ok_at, dur, dur_at, dur_id, newest_at)
		WHERE s.service = u.service`
)

// lock locks and reads the summaries of services, making those that are missing, and reserves
// reserve ids, in one round trip in the common case (every service has a summary already).
func (w *Tx) lock(ctx context.Context, services []string, reserve int) error {
	slices.Sort(services)
	services = slices.Compact(services)
	b := &pgx.Batch{}
	b.Queue(lockSummaries, services)
	if reserve > 0 {
		b.Queue(reserveIDs, reserve)
	}
	br := w.tx.SendBatch(ctx, b)
	err := w.readSummaries(br)
	if err == nil && reserve > 0 {
		err = w.reserve(br)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil || len(w.sums) == len(services) {
		return err
	}
	// A service's first check-in: make its row, then lock it like the others.
	if _, err := w.tx.Exec(ctx, ensureSummaries, services); err != nil {
		return fmt.Errorf("create summaries: %w", err)
	}
	b = &pgx.Batch{}
	b.Queue(lockSummaries, services)
	br = w.tx.SendBatch(ctx, b)
	err = w.readSummaries(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return err
}

// readSummaries reads the result of lockSummaries.
func (w *Tx) readSummaries(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("lock summaries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var l, lAt, o, oAt, dur, durAt, durID, newestAt int64
		var runID *string
		var started *int64
		if err := rows.Scan(&name, &l, &lAt, &o, &oAt, &dur, &durAt, &durID, &newestAt, &runID, &started); err != nil {
			return fmt.Errorf("lock summaries: %w", err)
		}
		s := &storage.Tracked{DurationID: durID, NewestAt: time.Unix(0, newestAt).UTC(), DurationAt: storage.Time(durAt)}
		s.Latest = stamp(l, lAt)
		s.LatestOK = stamp(o, oAt)
		s.LastDuration = time.Duration(dur)
		if started != nil {
			s.RunningSince, s.RunID = time.Unix(0, *started).UTC(), *runID
		}
		w.sums[name] = s
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lock summaries: %w", err)
	}
	return nil
}

// stamp is a check-in known by id and time only; id 0 is none (the zero Checkin).
func stamp(id, at int64) storage.Checkin {
	if id == 0 {
		return storage.Checkin{}
	}
	return storage.Checkin{ID: id, At: time.Unix(0, at).UTC()}
}

func unstamp(c storage.Checkin) (id, at int64) {
	if c.ID == 0 {
		return 0, 0
	}
	return c.ID, c.At.UnixNano()
}

func (w *Tx) reserve(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("reserve ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("reserve ids: %w", err)
	}
	w.ids = ids
	return nil
}

// storeSummaries inserts the queued rows and writes the summaries back, reading first the newest
// open run of each service whose runs changed.
func (w *Tx) storeSummaries(ctx context.Context) error {
	if len(w.stale) > 0 {
		if _, err := w.tx.Exec(ctx, closeRuns, w.stale); err != nil {
			return fmt.Errorf("drop finished imported runs: %w", err)
		}
	}
	for name := range w.runs {
		sum := w.sums[name]
		var at int64
		err := w.tx.QueryRow(ctx, newestOpenRunQuery, name).Scan(&sum.RunID, &at)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			sum.RunID, sum.RunningSince = "", time.Time{}
		case err != nil:
			return fmt.Errorf("find the open run of %s: %w", name, err)
		default:
			sum.RunningSince = time.Unix(0, at).UTC()
		}
	}
	var u struct {
		service                                     []string
		l, lAt, o, oAt, dur, durAt, durID, newestAt []int64
	}
	for name, sum := range w.sums {
		durAt := storage.Nanos(sum.DurationAt)
		l, lAt := unstamp(sum.Latest)
		o, oAt := unstamp(sum.LatestOK)
		u.service = append(u.service, name)
		u.l, u.lAt, u.o, u.oAt = append(u.l, l), append(u.lAt, lAt), append(u.o, o), append(u.oAt, oAt)
		u.dur, u.durAt, u.durID = append(u.dur, int64(sum.LastDuration)), append(u.durAt, durAt), append(u.durID, sum.DurationID)
		u.newestAt = append(u.newestAt, sum.NewestAt.UnixNano())
	}
	// The queued rows, the summaries and the change feed's notices go in one round trip.
	b := &pgx.Batch{}
	p := &w.pending
	if p.len() > 0 {
		b.Queue(insertCheckins, p.id, p.service, p.status, p.info, p.at, p.kind, p.runID, p.duration)
	}
	b.Queue(updateSummaries, u.service, u.l, u.lAt, u.o, u.oAt, u.dur, u.durAt, u.durID, u.newestAt)
	b.Queue(NotifyStored, u.service) // delivered at commit (notify.go)
	if err := w.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("store %d check-ins and their summaries: %w", p.len(), err)
	}
	return nil
}
