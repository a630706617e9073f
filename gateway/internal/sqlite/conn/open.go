package conn

import (
	"database/sql"
	"fmt"
	"net/url"
)

// Open opens a pool of at most conns connections to the database file at path: the
// writer's (one, readOnly false) or the readers'.
func Open(path string, conns int, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL") // every commit is on disk before it is acknowledged
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("_query_only", "true")
		q.Set("_txlock", "deferred")
	} else {
		// Pages freed by prunes go back to the file system (sqlite/vacuum). SQLite takes this only
		// before the first table exists, and the driver sets it first thing: on older files
		// it changes nothing.
		q.Set("_auto_vacuum", "incremental")
		// The checkins table's CHECK constraints (status and kind IN a list) made SQLite build
		// two temporary b-trees for every insert: a quarter of the writer's CPU. Every row the
		// gateway writes has passed Checkin.Validate, and its status and kind are written from
		// their closed sets, so the writer skips them. They stay in the schema for other tools.
		q.Set("_ignore_check_constraints", "true")
	}
	// State queries are answered from memory, so each connection needs only the upper levels
	// of the indexes; the operating system's file cache holds the rest. 512 KiB a connection
	// (SQLite's default is 2 MiB) keeps the gateway small.
	q.Set("_cache_size", "-512")
	db, err := sql.Open(driverName, "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	return db, nil
}
