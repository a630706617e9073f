package listen

import (
	"errors"
	"log/slog"
	"net"
	"time"
)

// acceptLogEvery is the longest an accept error stays out of the log once one was logged.
const acceptLogEvery = 10 * time.Second

// acceptLogListener logs the errors of Accept (out of file descriptors, most often) at warn:
// the HTTP server retries them quietly, and meanwhile no client gets through. While they
// repeat, one line per acceptLogEvery says how many there were.
type acceptLogListener struct {
	net.Listener
	log      *slog.Logger
	throttle logThrottle
}

// LogAcceptErrors wraps ln so that its Accept errors reach log (now is the clock of the
// throttle).
func LogAcceptErrors(ln net.Listener, log *slog.Logger, now func() time.Time) net.Listener {
	return &acceptLogListener{Listener: ln, log: log, throttle: logThrottle{now: now}}
}

func (l *acceptLogListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		if ok, held := l.throttle.allow(); ok {
			l.log.Warn("cannot accept connections; clients get no answer until this clears (raise LimitNOFILE if it says too many open files)",
				"err", err, "errors_since_last_line", held)
		}
	}
	return c, err
}
