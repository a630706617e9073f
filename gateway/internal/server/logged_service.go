package server

import (
	"crypto/sha256"
	"fmt"
	"log/slog"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// loggedService names the service of a refused check-in for the log: a configured service by
// its name, an unknown one only by a short hash and its length. A client that swaps service
// and token sends its token as the name, and that must not reach the log; the hash still tells
// one client's repeated attempts apart from another's.
func loggedService(svc *config.Service, sent string) slog.Attr {
	if svc != nil {
		return slog.String("service", svc.Name)
	}
	sum := sha256.Sum256([]byte(sent))
	return slog.String("unknown_service", fmt.Sprintf("sha256:%x, %d bytes", sum[:4], len(sent)))
}
