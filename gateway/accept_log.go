package main

import (
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"
)

// acceptLogEvery is the longest an accept error stays out of the log once one was logged.
const acceptLogEvery = 10 * time.Second

// acceptLogListener logs the errors of Accept (out of file descriptors, most often) at warn:
// the HTTP server retries them quietly, and meanwhile no client gets through. While they
// repeat, one line per acceptLogEvery says how many there were.
type acceptLogListener struct {
	net.Listener
	log *slog.Logger
	now func() time.Time

	mu         sync.Mutex
	last       time.Time // when the last line was logged; zero for never
	suppressed int       // errors since then that were not logged
}

func logAcceptErrors(ln net.Listener, log *slog.Logger, now func() time.Time) *acceptLogListener {
	return &acceptLogListener{Listener: ln, log: log, now: now}
}

func (l *acceptLogListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		l.logged(err)
	}
	return c, err
}

func (l *acceptLogListener) logged(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if !l.last.IsZero() && now.Sub(l.last) < acceptLogEvery {
		l.suppressed++
		return
	}
	l.log.Warn("cannot accept connections; clients get no answer until this clears (raise LimitNOFILE if it says too many open files)",
		"err", err, "errors_since_last_line", l.suppressed)
	l.last, l.suppressed = now, 0
}
