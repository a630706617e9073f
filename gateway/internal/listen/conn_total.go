package listen

import (
	"container/list"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// TotalConns keeps the connections open at once under a cap below the file descriptor limit,
// so that the gateway never runs out: at the limit, accept fails with "too many open files",
// a new check-in hung 30 s and failed and Icinga's reads timed out (80 addresses of 250 idle
// keep-alive connections each did it). At the cap, a new connection makes the one idle longest
// close: an idle keep-alive connection costs its client nothing to reopen. When none is idle
// (and none has sent nothing for a second), the new connection is closed at once.
type TotalConns struct {
	net.Listener
	max  int
	open atomic.Int64
	log  *slog.Logger
	now  func() time.Time

	throttle logThrottle // of the log lines about closing and refusing

	mu      sync.Mutex
	idle    *list.List // of *waiting: idle keep-alive connections, longest idle first
	fresh   *list.List // of *waiting: connections that have sent nothing yet, oldest first
	waiting map[net.Conn]*list.Element
}

// waiting is a connection that has no request under way, as the server's ConnState hook
// names it.
type waiting struct {
	conn  net.Conn
	state http.ConnState
	since time.Time
}

// silentFor is how long a new connection must have sent nothing before it may be closed to
// make room: a client that has just connected is about to send its request.
const silentFor = time.Second

// CapTotalConns wraps ln so that at most max connections are open at once; set the server's
// ConnState to call Track. max <= 0 leaves ln without a cap (Track does nothing).
func CapTotalConns(ln net.Listener, max int, log *slog.Logger, now func() time.Time) *TotalConns {
	return &TotalConns{Listener: ln, max: max, log: log, now: now, throttle: logThrottle{now: now},
		idle: list.New(), fresh: list.New(), waiting: make(map[net.Conn]*list.Element)}
}

func (l *TotalConns) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil || l.max <= 0 {
			return c, err
		}
		tc := &totalConn{Conn: c, l: l}
		l.open.Add(1)
		if int(l.open.Load()) <= l.max || l.closeWaiting() {
			return tc, nil
		}
		_ = tc.Close()
		l.logFull("connection refused: the gateway has its most connections open, none idle (see --max-conns)")
	}
}

// closeWaiting closes the connection idle longest, else the oldest that has sent nothing for
// silentFor; false when there is none.
func (l *TotalConns) closeWaiting() bool {
	l.mu.Lock()
	e := l.idle.Front()
	if e == nil {
		if f := l.fresh.Front(); f != nil && l.now().Sub(f.Value.(*waiting).since) >= silentFor {
			e = f
		}
	}
	if e == nil {
		l.mu.Unlock()
		return false
	}
	w := l.remove(e)
	l.mu.Unlock()
	// Its server goroutine ends, and ConnState says closed. A TLS connection's close writes an
	// alert first, which must not hold up accepting.
	if _, ok := w.conn.(*tls.Conn); ok {
		go w.conn.Close()
	} else {
		_ = w.conn.Close()
	}
	l.logFull("closed an idle connection to make room: the gateway has its most connections open (see --max-conns)")
	return true
}

// Track is (part of) the server's ConnState hook: it keeps the lists of idle and new
// connections.
func (l *TotalConns) Track(c net.Conn, state http.ConnState) {
	if l.max <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.waiting[c]; e != nil {
		l.remove(e)
	}
	switch state {
	case http.StateNew:
		l.waiting[c] = l.fresh.PushBack(&waiting{conn: c, state: state, since: l.now()})
	case http.StateIdle:
		if tc, ok := c.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol == "h2" {
			return // an HTTP/2 connection goes idle between streams; Go's server closes those itself
		}
		l.waiting[c] = l.idle.PushBack(&waiting{conn: c, state: state, since: l.now()})
	}
}

// remove takes e off its list; l.mu is held.
func (l *TotalConns) remove(e *list.Element) *waiting {
	w := e.Value.(*waiting)
	delete(l.waiting, w.conn)
	if w.state == http.StateIdle {
		l.idle.Remove(e)
	} else {
		l.fresh.Remove(e)
	}
	return w
}

func (l *TotalConns) logFull(msg string) {
	if ok, held := l.throttle.allow(); ok {
		l.log.Warn(msg, "max_conns", l.max, "open", l.open.Load(), "more_since_last_line", held)
	}
}

// totalConn gives its place back when closed, once.
type totalConn struct {
	net.Conn
	l    *TotalConns
	once sync.Once
}

func (c *totalConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.open.Add(-1) })
	return err
}

// Descriptors kept out of the connection cap: the database's files and connections, the
// listener, the log, the refused connections still being answered, and reads (the status page,
// /metrics, Icinga) that arrive while the cap is full of idle connections.
const (
	fdReserveMin  = 64
	fdReserveFrac = 16 // and 1/16 of the limit
)

// MaxConns is the cap on open connections: flag when positive, else the descriptor limit
// (RLIMIT_NOFILE) less a reserve; 0 (no cap) when flag is negative or the limit is unknown.
func MaxConns(flag int) (int, error) {
	if flag != 0 {
		return max(flag, 0), nil
	}
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur >= 1<<62 { // unknown, or unlimited
		return 0, nil
	}
	limit := int(min(rl.Cur, 1<<30))
	n := limit - fdReserveMin - limit/fdReserveFrac
	if n < 16 {
		return 0, fmt.Errorf("the file descriptor limit is %d, too low to serve; raise it (LimitNOFILE in the unit, ulimit -n)", limit)
	}
	return n, nil
}
