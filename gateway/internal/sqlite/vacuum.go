package sqlite

import (
	"context"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/vacuum"
)

// freePages gives the free pages beyond what the file keeps back to the file system, in steps
// that let check-ins through between them (see sqlite/vacuum).
func (s *Store) freePages(ctx context.Context) error {
	for {
		n, err := s.freeSomePages(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// freeSomePages runs one vacuum.Step under the writer's lock.
func (s *Store) freeSomePages(ctx context.Context) (int64, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return vacuum.Step(ctx, s.wdb)
}
