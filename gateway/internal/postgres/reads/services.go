package reads

import (
	"context"
	"fmt"
)

// NextServiceQuery finds the service held after $1 by name, over the (service, ...) index;
// NULL after the last.
const NextServiceQuery = `SELECT min(service) FROM checkins WHERE service > $1`

// Services lists, by name, every service the database holds check-ins of, whether or not
// services.json still names it: one index lookup a service (NextServiceQuery).
func (r Reader) Services(ctx context.Context) ([]string, error) {
	var out []string
	name := ""
	for {
		var next *string
		if err := r.Pool.QueryRow(ctx, NextServiceQuery, name).Scan(&next); err != nil {
			return out, fmt.Errorf("list services: %w", err)
		}
		if next == nil {
			return out, nil
		}
		name = *next
		out = append(out, name)
	}
}
