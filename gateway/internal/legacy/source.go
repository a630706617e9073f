// Package legacy reads what the older Python gateway left behind (its SQLite file
// database.sqlite and its services.json or config/ folder) and turns it into this gateway's
// check-ins and services.json entries. It never writes to the older gateway's files.
package legacy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// maxValueBytes is the longest text or blob read from the older database. The file may come
// from a compromised box, and its schema can compute a column (GENERATED ALWAYS AS) as a
// string of up to a gigabyte for every row; SQLite refuses a longer value with "string or
// blob too big", which stops the import with that error.
const maxValueBytes = 16 << 20

// driverName is the "sqlite3" driver with every connection held to maxValueBytes.
const driverName = "sqlite3_legacy"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, maxValueBytes)
		return nil
	}})
}

// Source is the older gateway's database, open read-only.
type Source struct {
	db   *sql.DB
	path string
}

// Open opens the older gateway's SQLite file at path read-only. SQLite's mode=ro makes every
// write fail, so neither the file nor its journal is ever changed, and the file may stay open
// in the older gateway meanwhile: reads take SQLite's shared lock like any reader and wait up
// to busy_timeout while the older gateway commits. (immutable=1 is not used: it would skip the
// locks and could read a half-written commit.)
func Open(ctx context.Context, path string) (*Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("older gateway's database: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("older gateway's database %s is a folder, not a SQLite file", path)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	q.Set("_query_only", "1")
	db, err := sql.Open(driverName, "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open older gateway's database %s: %w", path, err)
	}
	s := &Source{db: db, path: path}
	tables, err := s.Tables(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if !contains(tables, "states") {
		db.Close()
		return nil, fmt.Errorf("%s has no states table: is it the older gateway's database.sqlite?", path)
	}
	return s, nil
}

// Close closes the database.
func (s *Source) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close older gateway's database: %w", err)
	}
	return nil
}

// Tables lists the tables of the database by name.
func (s *Source) Tables(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read tables of %s: %w", s.path, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("read tables of %s: %w", s.path, err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tables of %s: %w", s.path, err)
	}
	return names, nil
}

// columns lists a table's columns in lower case.
func (s *Source) columns(ctx context.Context, table string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("read columns of %s: %w", table, err)
		}
		cols = append(cols, strings.ToLower(name))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", table, err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("table %s: %w", table, errNoTable)
	}
	return cols, nil
}

var errNoTable = errors.New("no such table")

// Notes says what of the database is left out: its SMART table and any other table that is
// neither services nor states.
func (s *Source) Notes(ctx context.Context) ([]string, error) {
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var notes []string
	for _, t := range tables {
		switch lt := strings.ToLower(t); {
		case lt == "services" || lt == "states" || strings.HasPrefix(lt, "sqlite_"):
		case strings.Contains(lt, "smart"):
			notes = append(notes, fmt.Sprintf("table %s ignored: the older gateway's SMART disk reports have no counterpart here (use Icinga's own SMART check)", t))
		default:
			notes = append(notes, fmt.Sprintf("table %s ignored: not part of the older gateway's check-in history", t))
		}
	}
	return notes, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
