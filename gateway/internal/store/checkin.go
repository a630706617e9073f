package store

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/store/rules"

// Checkin is one stored check-in (see rules.Checkin).
type Checkin = rules.Checkin

// checkinColumns are the columns every query here selects, in the order scanCheckin reads them.
const checkinColumns = rules.Columns

// scanCheckin reads one row of checkinColumns.
func scanCheckin(row interface{ Scan(...any) error }, service string) (Checkin, error) {
	var r rules.Row
	if err := row.Scan(&r.ID, &r.Status, &r.Info, &r.At, &r.Kind, &r.RunID, &r.Duration); err != nil {
		return Checkin{}, err
	}
	return r.Checkin(service)
}
