package postgres

import (
	"context"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// InstallSecret returns the install's secret called name, making it (storage.NewSecret) the first
// time any gateway on the database asks for it; gateways asking at once get the same one.
func (s *Store) InstallSecret(ctx context.Context, name string) ([]byte, error) {
	if s.writer.Closed() {
		return nil, storage.ErrClosed
	}
	if _, err := s.wpool.Exec(ctx, `INSERT INTO install_secrets (name, secret) VALUES ($1, $2)
		ON CONFLICT (name) DO NOTHING`, name, storage.NewSecret()); err != nil {
		return nil, fmt.Errorf("%w: store secret %s: %w", storage.ErrUnavailable, name, err)
	}
	var secret []byte
	if err := s.wpool.QueryRow(ctx, `SELECT secret FROM install_secrets WHERE name = $1`, name).Scan(&secret); err != nil {
		return nil, fmt.Errorf("%w: read secret %s: %w", storage.ErrUnavailable, name, err)
	}
	return secret, nil
}
