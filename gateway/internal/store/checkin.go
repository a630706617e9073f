package store

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"

// Checkin is one stored check-in (see storage.Checkin).
type Checkin = storage.Checkin

// checkinColumns are the columns every query here selects, in the order scanCheckin reads them.
const checkinColumns = storage.Columns

// scanCheckin reads one row of checkinColumns.
func scanCheckin(row interface{ Scan(...any) error }, service string) (Checkin, error) {
	var r storage.Row
	if err := row.Scan(&r.ID, &r.Status, &r.Info, &r.At, &r.Kind, &r.RunID, &r.Duration); err != nil {
		return Checkin{}, err
	}
	return r.Checkin(service)
}
