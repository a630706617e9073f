// Package reads holds the SQLite engine's reads of history on the readers' pool: a page of
// a service's history, its marks for the timeline, the services held. The engine wraps them
// in its methods, noting damage to the file on the way.
package reads

import "github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"

// checkinColumns are the columns the history reads select, in the order scanCheckin reads them.
const checkinColumns = storage.Columns

// scanCheckin reads one row of checkinColumns.
func scanCheckin(row interface{ Scan(...any) error }, service string) (storage.Checkin, error) {
	var r storage.Row
	if err := row.Scan(&r.ID, &r.Status, &r.Info, &r.At, &r.Kind, &r.RunID, &r.Duration); err != nil {
		return storage.Checkin{}, err
	}
	return r.Checkin(service)
}
