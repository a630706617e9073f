// Package legacytest builds databases as the older Python gateway left them, for tests.
package legacytest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// The older gateway's tables, exactly as SQLAlchemy's SQLite dialect emits CREATE TABLE for its
// models (Column(String) is VARCHAR, primary key columns are NOT NULL, Boolean got a CHECK up to
// SQLAlchemy 1.3).
const (
	// Its first versions: three service columns, and one states row per service (timestamp
	// was not part of the key and could be NULL).
	FirstSchema = `
CREATE TABLE services (
	service VARCHAR NOT NULL, 
	token VARCHAR, 
	timeout INTEGER, 
	PRIMARY KEY (service)
);
CREATE TABLE states (
	service VARCHAR NOT NULL, 
	timestamp INTEGER, 
	status VARCHAR, 
	info_text VARCHAR, 
	PRIMARY KEY (service)
);`
	// Versions with a history but still the three service columns.
	OldSchema = `
CREATE TABLE services (
	service VARCHAR NOT NULL, 
	token VARCHAR, 
	timeout INTEGER, 
	PRIMARY KEY (service)
);
CREATE TABLE states (
	service VARCHAR NOT NULL, 
	timestamp INTEGER NOT NULL, 
	status VARCHAR, 
	info_text VARCHAR, 
	PRIMARY KEY (service, timestamp)
);`
	// Its last versions: owners, special services (SMART, HTTP) and the SMART table.
	FullSchema = `
CREATE TABLE services (
	service VARCHAR NOT NULL, 
	token VARCHAR, 
	timeout INTEGER, 
	owner VARCHAR, 
	special_type VARCHAR, 
	url VARCHAR, 
	accepted_codes VARCHAR, 
	http_expect VARCHAR, 
	staticly_configured BOOLEAN, 
	PRIMARY KEY (service), 
	CHECK (staticly_configured IN (0, 1))
);
CREATE TABLE states (
	service VARCHAR NOT NULL, 
	timestamp INTEGER NOT NULL, 
	status VARCHAR, 
	info_text VARCHAR, 
	PRIMARY KEY (service, timestamp)
);
CREATE TABLE smart (
	hostname VARCHAR NOT NULL, 
	timestamp INTEGER NOT NULL, 
	status VARCHAR, 
	info_text VARCHAR, 
	PRIMARY KEY (hostname, timestamp)
);`
)

// Create creates database.sqlite in a temp dir with schema and rows, the way the older
// gateway's SQLAlchemy would have left it (rollback journal, not WAL), and returns its path.
//
// services rows have three values (service, token, timeout) or seven (those, owner,
// special_type, url, staticly_configured); states rows have four (service, timestamp,
// status, info_text). nil is NULL.
func Create(t testing.TB, schema string, services [][]any, states [][]any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "database.sqlite")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range services {
		q := `INSERT INTO services VALUES (?, ?, ?)`
		if len(s) == 7 {
			q = `INSERT INTO services (service, token, timeout, owner, special_type, url, staticly_configured) VALUES (?, ?, ?, ?, ?, ?, ?)`
		}
		if _, err := tx.ExecContext(ctx, q, s...); err != nil {
			t.Fatalf("insert service %v: %v", s, err)
		}
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO states (service, timestamp, status, info_text) VALUES (?, ?, ?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for _, r := range states {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			t.Fatalf("insert state %+v: %v", r, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}
