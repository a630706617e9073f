// Package conn opens the SQLite engine's connection pools to the database file, with the
// gateway's settings on every connection (WAL, synchronous commits, the longer log).
package conn

import (
	"database/sql"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// driverName is the SQLite driver with the gateway's per-connection settings.
const driverName = "sqlite3_checkin"

// WALCheckpointPages is how many pages the write-ahead log may hold before a commit copies them
// into the database file (SQLite's default is 1000). Check-ins to many services dirty a
// different index page each; with a longer log a page changed many times is copied once, which
// profiles showed as most of a commit's cost. The log then grows to about 40 MB before it is
// reused; it is folded into the database file and removed when the gateway stops.
const WALCheckpointPages = 10000

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", WALCheckpointPages), nil)
			return err
		},
	})
}
