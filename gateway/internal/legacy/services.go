package legacy

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// optionalColumns are the services columns newer versions of the older gateway added.
var optionalColumns = []string{"owner", "special_type", "url", "staticly_configured"}

// Services reads the services table, whichever columns it has, in name order. A database
// without the table has no services.
func (s *Source) Services(ctx context.Context) ([]Service, error) {
	cols, err := s.columns(ctx, "services")
	if errors.Is(err, errNoTable) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sel := []string{"service", "token", "timeout"}
	for _, c := range optionalColumns {
		if contains(cols, c) {
			sel = append(sel, c)
		} else {
			sel = append(sel, "NULL")
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM services ORDER BY service`)
	if err != nil {
		return nil, fmt.Errorf("read services: %w", err)
	}
	defer rows.Close()
	var out []Service
	for rows.Next() {
		var name, token, owner, special, url, static any
		var sv Service
		if err := rows.Scan(&name, &token, &sv.Timeout, &owner, &special, &url, &static); err != nil {
			return nil, fmt.Errorf("read services: %w", err)
		}
		sv.Name, _ = textOf(name)
		sv.Token, _ = textOf(token)
		sv.Owner, _ = textOf(owner)
		sv.SpecialType, _ = textOf(special)
		sv.URL, _ = textOf(url)
		switch v := static.(type) { // the driver reads a BOOLEAN column as bool
		case bool:
			sv.Static = v
		case int64:
			sv.Static = v != 0
		}
		out = append(out, sv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read services: %w", err)
	}
	return out, nil
}
