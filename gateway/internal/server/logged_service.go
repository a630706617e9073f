package server

import (
	"crypto/sha256"
	"fmt"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/near"
)

// refusalLog is why a check-in with a wrong service or token was refused, for the log only:
// the client always gets the one errUnauthorized. A configured service is named, with "wrong
// token". An unknown name is shown only when it is a typo of a configured one (config/near);
// anything else is logged as a short hash and its length. A client that swaps service and
// token sends its token as the name, and that must not reach the log; the hash still tells one
// client's repeated attempts apart from another's.
func refusalLog(cfg *config.Config, svc *config.Service, sent string) []any {
	if svc != nil {
		return []any{"reason", "wrong token", "service", svc.Name}
	}
	if typo := near.Name(cfg, sent); typo != "" {
		return []any{"reason", fmt.Sprintf("unknown service %q; did you mean %q?", sent, typo)}
	}
	sum := sha256.Sum256([]byte(sent))
	return []any{"reason", "unknown service", "unknown_service", fmt.Sprintf("sha256:%x, %d bytes", sum[:4], len(sent))}
}
