// Package startcheck holds the SQLite engine's checks of its database file at start: a file
// emptied or missing although check-ins were stored in it, a corrupt one (PRAGMA
// quick_check), one that lost its newest check-ins, a file or folder that cannot be written.
// Each check returns what is wrong; package sqlite refuses to start on it or warns.
package startcheck

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/dbfile"
)

const (
	quickCheckQuery = `PRAGMA quick_check(5)`
	sequenceQuery   = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'checkins'), 0)`
)

// Corrupt tells whether err is SQLite finding the file corrupt or not a database.
func Corrupt(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// Emptied says what is wrong when the database file at path is missing or empty although
// the newest-file says check-ins were stored in it, and "" otherwise. It runs before anything
// creates the file: never a silent fresh start over an emptied file.
func Emptied(path string) string {
	id, found, err := dbfile.ReadNewest(path)
	if err != nil || !found || id == 0 {
		return "" // read again, and warned of, after the database is open
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("the file is missing, but check-ins up to id %d were stored in it (says %s)", id, dbfile.NewestPath(path))
	case err == nil && fi.Size() == 0:
		return fmt.Sprintf("the file is empty (0 bytes), but check-ins up to id %d were stored in it (says %s)", id, dbfile.NewestPath(path))
	}
	return ""
}

// Quick runs PRAGMA quick_check on db, the file at path, for at most limit (0 skips it):
// problem says how a corrupt file is corrupt; a file too large to check in time is passed
// with a warning.
func Quick(ctx context.Context, db *sql.DB, path string, limit time.Duration, log *slog.Logger) (problem string, err error) {
	if fi, err := os.Stat(path); limit <= 0 || err != nil || fi.Size() == 0 {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := time.Now()
	var problems []string
	err = func() error {
		rows, err := db.QueryContext(ctx, quickCheckQuery)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			problems = append(problems, line)
		}
		return rows.Err()
	}()
	switch {
	case ctx.Err() != nil:
		log.Warn("integrity check at start given up; starting without it (run PRAGMA integrity_check with sqlite3 on a copy)",
			"path", path, "took", time.Since(start).Round(time.Millisecond))
		return "", nil
	case err != nil && !Corrupt(err):
		return "", fmt.Errorf("check database %s: %w", path, err)
	case err != nil:
		return fmt.Sprintf("it is corrupt (%v)", err), nil
	case len(problems) != 1 || problems[0] != "ok":
		return "it is corrupt (PRAGMA quick_check: " + strings.Join(problems, "; ") + ")", nil
	}
	log.Debug("integrity check at start passed", "path", path, "took", time.Since(start).Round(time.Millisecond))
	return "", nil
}

// Lost compares the database's newest check-in (newest, the highest id in db, or
// AUTOINCREMENT's sequence if higher) with the newest-file's beside path. have is the
// database's newest; problem says what is missing, or is "".
func Lost(ctx context.Context, db *sql.DB, path string, newest int64, log *slog.Logger) (have int64, problem string, err error) {
	var seq int64
	if err := db.QueryRowContext(ctx, sequenceQuery).Scan(&seq); err != nil {
		return 0, "", fmt.Errorf("read newest check-in id: %w", err)
	}
	have = max(seq, newest) // retention may have deleted the newest row; AUTOINCREMENT's seq stays
	id, found, err := dbfile.ReadNewest(path)
	switch {
	case err != nil:
		log.Warn("cannot tell whether check-ins were lost (after a power cut this is expected); checking from now on",
			"path", path, "err", err)
	case found && id > have:
		return have, fmt.Sprintf("its newest check-in is id %d, but check-ins up to id %d were stored in it (says %s): at least %d acknowledged check-ins are missing, "+
			"the file or its -wal was damaged or an older copy put in its place (after restoring a backup on purpose, start once with --accept-data-loss)",
			have, id, dbfile.NewestPath(path), id-have), nil
	}
	return have, "", nil
}

// Writable makes sure the database file and its folder (where SQLite keeps the -wal and -shm
// files) can be written, so that a read-only file or file system is named as such at start,
// not as SQLite's "unable to open database file".
func Writable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("open database for writing: %w", err)
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".checkin-write-test-*")
	if err != nil {
		return fmt.Errorf("database folder %s is not writable: %w", filepath.Dir(path), err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}
