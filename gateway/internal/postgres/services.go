package postgres

import (
	"context"
	"fmt"
)

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it: one index lookup a service (nextServiceQuery).
func (s *Store) Services(ctx context.Context) ([]string, error) {
	var out []string
	name := ""
	for {
		var next *string
		if err := s.pool.QueryRow(ctx, nextServiceQuery, name).Scan(&next); err != nil {
			return out, fmt.Errorf("list services: %w", err)
		}
		if next == nil {
			return out, nil
		}
		name = *next
		out = append(out, name)
	}
}
