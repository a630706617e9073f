package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// nextHeldServiceQuery hops over the (service, received_at) index: one lookup a service,
// however long the histories.
const nextHeldServiceQuery = `SELECT service FROM checkins WHERE service > ? ORDER BY service LIMIT 1`

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it.
func (s *Store) Services(ctx context.Context) ([]string, error) {
	var out []string
	name := ""
	for {
		err := s.rdb.QueryRowContext(ctx, nextHeldServiceQuery, name).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("list services: %w", err)
		}
		out = append(out, name)
	}
}
