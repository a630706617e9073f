// Package listen is the gateway's listener plumbing, below HTTP: a cap on each client's open
// connections (refused ones answered 429 where possible), accept errors logged at a bounded
// rate, and a drain that lets every begun request finish on stop. It imports nothing of the
// gateway.
package listen

import (
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"
)

// connLimitListener refuses a client's new connections while it has limit open (see
// refusals for how): one client that opens thousands (and sends nothing, or reads nothing)
// would otherwise use up the gateway's file descriptors, and then nobody gets an answer,
// Icinga's state queries included. A client is an address, or an IPv6 /64, which one host
// usually has whole.
type connLimitListener struct {
	net.Listener
	limit  int
	exempt func(netip.Addr) bool // trusted proxies: they carry many clients
	log    *slog.Logger

	throttle logThrottle // of the refusals' log lines
	refusals *refusals

	mu   sync.Mutex
	open map[netip.Addr]int // by client, those with connections open
}

// LimitConnsPerClient wraps ln; a limit of 0 or less leaves ln as it is. answer tells whether
// ln serves plain HTTP, so that a refused connection can be answered with a 429.
func LimitConnsPerClient(ln net.Listener, limit int, answer bool, exempt func(netip.Addr) bool, log *slog.Logger, now func() time.Time) net.Listener {
	if limit <= 0 {
		return ln
	}
	return &connLimitListener{Listener: ln, limit: limit, exempt: exempt, log: log,
		throttle: logThrottle{now: now}, refusals: &refusals{answer: answer, response: refusalResponse(limit)},
		open: make(map[netip.Addr]int)}
}

func (l *connLimitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
		if err != nil || l.exempt(ap.Addr()) {
			return c, nil
		}
		client := clientOf(ap.Addr())
		if l.take(client) {
			return &limitedConn{Conn: c, release: func() { l.release(client) }}, nil
		}
		l.refusals.refuse(c)
		l.logRefused(client)
	}
}

// clientOf is the address a connection counts against: itself for IPv4, its /64 for IPv6.
func clientOf(a netip.Addr) netip.Addr {
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

func (l *connLimitListener) take(client netip.Addr) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client] >= l.limit {
		return false
	}
	l.open[client]++
	return true
}

func (l *connLimitListener) release(client netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client]--; l.open[client] <= 0 {
		delete(l.open, client)
	}
}

// logRefused logs a refusal at warn, then at most one line per acceptLogEvery saying how many
// more there were.
func (l *connLimitListener) logRefused(client netip.Addr) {
	if ok, held := l.throttle.allow(); ok {
		l.log.Warn("connection refused: the client has too many open (see --max-conns-per-client)",
			"client", client.String(), "limit", l.limit, "refused_since_last_line", held)
	}
}

// limitedConn gives its client's place back when it is closed, once.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
