package postgres

import (
	"context"
	"fmt"
)

// Size is the space the check-ins take in the database, indexes included, in bytes.
func (s *Store) Size() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT pg_total_relation_size('checkins') + pg_total_relation_size('service_summary')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("size of database: %w", err)
	}
	return n, nil
}
