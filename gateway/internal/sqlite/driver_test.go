package sqlite

import "testing"

// Every connection folds the write-ahead log into the database only after walCheckpointPages.
func TestConnectionsUseTheLongerLog(t *testing.T) {
	s, _ := mustOpen(t)
	var pages int
	if err := s.rdb.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil || pages != walCheckpointPages {
		t.Errorf("wal_autocheckpoint = %d, %v; want %d", pages, err, walCheckpointPages)
	}
}
