package postgres

import (
	"github.com/jackc/pgx/v5/pgconn"

	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
)

// insertBatch stores a batch of check-ins and brings each service's summary row up to date,
// in one statement (so one transaction and one round trip). A service's newest report is the
// one received last (ties: the higher id), whichever gateway committed first; the summary is
// updated in service order, so concurrent batches of several gateways lock rows in one order.
const insertBatch = `WITH ins AS (
	INSERT INTO checkins (service, kind, status, info, received_at, run_id, duration_ns)
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[])
	RETURNING id, service, kind, status, received_at
), newest AS (
	SELECT DISTINCT ON (service) service, id, received_at FROM ins WHERE kind = 'report'
	ORDER BY service, received_at DESC, id DESC
), newest_ok AS (
	SELECT DISTINCT ON (service) service, id, received_at FROM ins WHERE kind = 'report' AND status = 'OK'
	ORDER BY service, received_at DESC, id DESC
)
INSERT INTO service_summary AS s (service, latest_id, latest_at, latest_ok_id, latest_ok_at)
SELECT n.service, n.id, n.received_at, o.id, o.received_at
FROM newest n LEFT JOIN newest_ok o USING (service)
ORDER BY n.service
ON CONFLICT (service) DO UPDATE SET
	latest_id = CASE WHEN (excluded.latest_at, excluded.latest_id) > (s.latest_at, s.latest_id)
		THEN excluded.latest_id ELSE s.latest_id END,
	latest_at = greatest(excluded.latest_at, s.latest_at),
	latest_ok_id = CASE WHEN excluded.latest_ok_id IS NOT NULL AND (s.latest_ok_id IS NULL
		OR (excluded.latest_ok_at, excluded.latest_ok_id) > (s.latest_ok_at, s.latest_ok_id))
		THEN excluded.latest_ok_id ELSE s.latest_ok_id END,
	latest_ok_at = CASE WHEN excluded.latest_ok_id IS NOT NULL AND (s.latest_ok_id IS NULL
		OR (excluded.latest_ok_at, excluded.latest_ok_id) > (s.latest_ok_at, s.latest_ok_id))
		THEN excluded.latest_ok_at ELSE s.latest_ok_at END`

// batchRows holds a batch column by column, as insertBatch takes it.
type batchRows struct {
	service, kind, status, info, runID []string
	at, duration                       []int64
}

func (b *batchRows) reset() {
	b.service, b.kind, b.status, b.info, b.runID = b.service[:0], b.kind[:0], b.status[:0], b.info[:0], b.runID[:0]
	b.at, b.duration = b.at[:0], b.duration[:0]
}

func (b *batchRows) add(c *store.Checkin) {
	b.service = append(b.service, c.Service)
	b.kind = append(b.kind, c.Kind.String())
	b.status = append(b.status, c.Status.String())
	b.info = append(b.info, c.Info)
	b.runID = append(b.runID, c.RunID)
	b.at = append(b.at, c.At.UTC().UnixNano())
	b.duration = append(b.duration, int64(c.Duration))
}

func (b *batchRows) len() int { return len(b.service) }

// execer is what insert needs of a pool, a connection or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func (b *batchRows) insert(ctx context.Context, db execer) error {
	if _, err := db.Exec(ctx, insertBatch, b.service, b.kind, b.status, b.info, b.at, b.runID, b.duration); err != nil {
		return fmt.Errorf("insert %d check-ins: %w", b.len(), err)
	}
	return nil
}
