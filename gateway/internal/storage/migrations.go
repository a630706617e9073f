package storage

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change of an engine, a file NNNN_what.sql.
type Migration struct {
	Version int
	Path    string // in the engine's file system
	Name    string // the file's name, for errors
}

// Migrations lists the *.sql files in dir of fsys in the order they apply (by name, which
// starts with the version).
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	paths, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(paths)
	out := make([]Migration, 0, len(paths))
	for _, p := range paths {
		name := strings.TrimPrefix(p, dir+"/")
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its number", name)
		}
		out = append(out, Migration{Version: version, Path: p, Name: name})
	}
	return out, nil
}

// ApplyMigrations calls apply for each migration in dir of fsys, in order, until one fails.
// apply skips a migration the database has had already.
func ApplyMigrations(fsys fs.FS, dir string, apply func(m Migration) error) error {
	migrations, err := Migrations(fsys, dir)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if err := apply(m); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}
