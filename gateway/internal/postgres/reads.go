package postgres

import (
	"context"
	"iter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/postgres/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// The reads run on the readers' pool; their SQL is in package reads.

// HistoryPage returns up to limit check-ins of a service, newest first, starting after the
// check-in with id before (0 starts at the newest); storage.ErrUnknownCursor when before names
// no check-in of the service.
func (s *Store) HistoryPage(ctx context.Context, service string, limit int, before int64) ([]storage.Checkin, error) {
	return storage.Collect(s.HistorySeq(ctx, service, limit, before))
}

// HistorySeq yields what HistoryPage returns, one check-in at a time (see storage.HistorySeq).
func (s *Store) HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error] {
	return storage.HistorySeq(ctx, reads.Reader{Pool: s.pool}, service, limit, before)
}

// Marks returns a service's check-ins without their infos, newest first: every one received at
// or after since and the first one before it, at least atLeast whatever their age, at most
// atMost.
func (s *Store) Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error) {
	return reads.Reader{Pool: s.pool}.Marks(ctx, service, since, atLeast, atMost)
}

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it: one index lookup a service.
func (s *Store) Services(ctx context.Context) ([]string, error) {
	return reads.Reader{Pool: s.pool}.Services(ctx)
}

// Summary returns a service's newest report, newest OK report, last run duration and open run.
// It reads the database every time (no cache), so what any gateway committed is seen at once.
// A service without check-ins has the zero Summary.
func (s *Store) Summary(ctx context.Context, service string) (storage.Summary, error) {
	return reads.Reader{Pool: s.pool}.Summary(ctx, service)
}

// EverySummary calls fn with the summary of every service that has one, in one query: the
// lists of all services (the status page, GET /api/v1/services, /metrics) read them so rather
// than with a query a service. Services without check-ins are left out.
func (s *Store) EverySummary(ctx context.Context, fn func(service string, sum storage.Summary)) error {
	return reads.Reader{Pool: s.pool}.EverySummary(ctx, fn)
}

// SummariesOf calls fn with the summary of each of the named services that has one, in one
// query, in no particular order. A service without check-ins is not given.
func (s *Store) SummariesOf(ctx context.Context, names []string, fn func(service string, sum storage.Summary)) error {
	return reads.Reader{Pool: s.pool}.SummariesOf(ctx, names, fn)
}
