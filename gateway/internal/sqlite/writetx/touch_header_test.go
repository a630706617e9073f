package writetx_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
)

// TouchHeader is the store's write probe: a commit that really writes (another connection sees
// the database changed, which an empty transaction does not do) and leaves user_version as it
// was.
func TestTouchHeader(t *testing.T) {
	tests := []struct {
		name        string
		userVersion int64
		touch       bool
		wantWrite   bool
	}{
		{"an empty transaction writes nothing", 0, false, false},
		{"touch writes", 0, true, true},
		{"touch keeps another user_version", 7, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := mustEnv(t)
			if _, err := e.db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, tt.userVersion)); err != nil {
				t.Fatal(err)
			}
			observer := mustObserver(t, e.path)
			before := dataVersion(t, observer)

			w, err := e.run(ctx, nil, func(w *writetx.Tx) error {
				if tt.touch {
					return w.TouchHeader(context.Background())
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := dataVersion(t, observer) != before; got != tt.wantWrite {
				t.Errorf("another connection sees a change: %v; want %v", got, tt.wantWrite)
			}
			if got := e.count(t, `PRAGMA user_version`); got != tt.userVersion {
				t.Errorf("user_version = %d; want %d as before", got, tt.userVersion)
			}
			if w.Newest() != 0 || len(w.Changed()) != 0 {
				t.Errorf("Newest() = %d, Changed() = %v; want nothing stored", w.Newest(), w.Changed())
			}
			if got := e.count(t, `SELECT count(*) FROM checkins`); got != 0 {
				t.Errorf("%d check-ins stored; want none", got)
			}
		})
	}
}

// mustObserver holds one connection of its own to the database, as a reader would.
func mustObserver(t *testing.T, path string) *sql.Conn {
	t.Helper()
	db, err := sql.Open("sqlite3_checkin", writerDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// dataVersion changes when another connection has committed a change since the last call.
func dataVersion(t *testing.T, conn *sql.Conn) int64 {
	t.Helper()
	var v int64
	if err := conn.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
