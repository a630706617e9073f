package sqlite

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// InstallSecret returns the install's secret called name, making it (storage.NewSecret) the first
// time it is asked for. The secret stays in the database, so it outlives a restart.
func (s *Store) InstallSecret(ctx context.Context, name string) ([]byte, error) {
	if s.writer.Closed() {
		return nil, storage.ErrClosed
	}
	var secret []byte
	err := s.wdb.QueryRowContext(ctx, `SELECT secret FROM install_secrets WHERE name = ?`, name).Scan(&secret)
	if err == nil {
		return secret, nil
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.wdb.ExecContext(ctx, `INSERT INTO install_secrets (name, secret) VALUES (?, ?)
		ON CONFLICT (name) DO NOTHING`, name, storage.NewSecret()); err != nil {
		return nil, fmt.Errorf("%w: store secret %s: %w", storage.ErrUnavailable, name, err)
	}
	if err := s.wdb.QueryRowContext(ctx, `SELECT secret FROM install_secrets WHERE name = ?`, name).Scan(&secret); err != nil {
		return nil, fmt.Errorf("%w: read secret %s: %w", storage.ErrUnavailable, name, err)
	}
	return secret, nil
}
