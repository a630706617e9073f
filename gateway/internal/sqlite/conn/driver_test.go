package conn

import (
	"path/filepath"
	"testing"
)

// Every connection folds the write-ahead log into the database only after WALCheckpointPages.
func TestConnectionsUseTheLongerLog(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		db, err := Open(filepath.Join(t.TempDir(), "checkins.db"), 1, readOnly)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var pages int
		if err := db.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil || pages != WALCheckpointPages {
			t.Errorf("readOnly %v: wal_autocheckpoint = %d, %v; want %d", readOnly, pages, err, WALCheckpointPages)
		}
	}
}
