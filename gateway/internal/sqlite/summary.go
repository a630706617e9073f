package sqlite

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Summary returns a service's newest report, newest OK report, last run duration and open run.
// It is answered from memory; a service without check-ins has the zero Summary. After Close
// it returns ErrClosed.
func (s *Store) Summary(ctx context.Context, service string) (storage.Summary, error) {
	if s.writer.Closed() {
		return storage.Summary{}, storage.ErrClosed
	}
	e, _ := s.summaries.Get(service)
	return e.Summary, nil
}

// SummariesChanged calls fn with each service whose summary changed after the point since
// and returns the point reached; complete is false when too many changed to tell which (see
// summaries.Cache.Changed). fn runs under the summaries' read lock and must be quick.
func (s *Store) SummariesChanged(since uint64, fn func(service string)) (next uint64, complete bool) {
	return s.summaries.Changed(since, fn)
}
