// Package migrate brings a SQLite gateway database's schema up to date: the embedded
// migrations (migrations/*.sql), each applied once, in order, in its own transaction.
package migrate

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Files are the migrations, migrations/0001_checkins.sql on.
//
//go:embed migrations/*.sql
var Files embed.FS

// Run applies, in order and each in its own transaction, the embedded migrations the
// database has not had yet, and records them in schema_migrations.
func Run(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	return storage.ApplyMigrations(Files, "migrations", func(m storage.Migration) error {
		return applyMigration(ctx, db, m.Version, m.Path)
	})
}

func applyMigration(ctx context.Context, db *sql.DB, version int, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := Files.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		version, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}
