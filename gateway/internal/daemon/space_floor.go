package daemon

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/diskfloor"
)

// spaceFloorEvery is how often the free space under the database is read (statfs).
const spaceFloorEvery = 500 * time.Millisecond

// spaceFloor checks --min-free-space and returns the floor on the SQLite file's file system;
// nil for PostgreSQL (its disk is the database server's) and for 0.
func (c Config) spaceFloor(log *slog.Logger) (*diskfloor.Floor, error) {
	setting, err := diskfloor.Parse(c.MinFreeSpace)
	if err != nil {
		return nil, fmt.Errorf("--min-free-space: %w", err)
	}
	if c.DB.IsPostgres() || (!setting.Auto && setting.Percent == 0 && setting.Bytes == 0) {
		return nil, nil
	}
	path, err := c.DB.SQLitePath()
	if err != nil {
		return nil, err
	}
	return diskfloor.New(filepath.Dir(path), setting, spaceFloorEvery, time.Now, log), nil
}
