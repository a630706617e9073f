package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/limiter"
)

// Rejected requests are logged at info level up to rejectLogLimit a client address in each
// rejectLogWindow, then at debug level until the window ends. Malformed requests are never
// braked (they guess nothing), so without this one client sending bad check-ins as fast as it
// could wrote 18.5 MB of log in 15 s (100,000 lines), and a journal that drops lines over its
// rate limit would drop other clients' lines with them.
const (
	rejectLogLimit  = 20
	rejectLogWindow = time.Minute
)

// rejectLog logs rejected requests, quieting a flood from one client.
type rejectLog struct {
	logger *slog.Logger
	quiet  *limiter.Limiter
}

func newRejectLog(logger *slog.Logger, now func() time.Time) *rejectLog {
	return &rejectLog{logger: logger, quiet: limiter.New(limiter.Config{
		Limit: rejectLogLimit, Window: rejectLogWindow, Now: now, Logger: logger, What: "rejected requests",
		Message: "client sends many rejected requests; the next ones are logged at debug level until its window ends",
	})}
}

// Info logs msg and args for the rejected request r: at info level, or at debug level once
// r's client has had rejectLogLimit lines in this window.
func (l *rejectLog) Info(r *http.Request, msg string, args ...any) {
	key := limiter.Key{Client: limiter.ClientKey(r.RemoteAddr)}
	if l.quiet.Wait(key) > 0 {
		l.logger.Debug(msg, args...)
		return
	}
	l.logger.Info(msg, args...)
	l.quiet.Fail(key)
}
