package listen

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Drainer stops an http.Server so that every request the gateway has begun to receive is
// finished and answered. http.Server.Shutdown alone drops a request whose headers are still
// arriving when it starts: it closes the connection as soon as the headers are in. The drainer
// instead stops accepting, closes idle connections and those that have sent nothing yet, lets
// the rest finish (their answers say Connection: close), and only then calls Shutdown. It does
// not use SetKeepAlivesEnabled(false) for that: it closes every idle keep-alive connection at
// once, also one whose next request has begun to arrive.
// HTTP/2 connections are left to Shutdown, which ends them gracefully (GOAWAY) and would
// otherwise wait for a busy one forever.
type Drainer struct {
	ln       *onceCloseListener
	draining atomic.Bool

	mu    sync.Mutex
	conns map[*countingConn]connState
}

type connState struct {
	state http.ConnState
	h2    bool
}

// NewDrainer wraps ln; serve on d.Listener() and set the server's ConnState to d.Track.
func NewDrainer(ln net.Listener) *Drainer {
	return &Drainer{ln: &onceCloseListener{Listener: ln}, conns: make(map[*countingConn]connState)}
}

// onceCloseListener closes its listener once; later calls return nil. The drainer closes the
// listener to stop accepting, and Shutdown closes it again unless Serve has returned by then:
// without this, that race made a clean stop fail with "use of closed network connection".
type onceCloseListener struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *onceCloseListener) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}

// Listener is the listener to serve on.
func (d *Drainer) Listener() net.Listener { return drainListener{d.ln} }

// Addr is the address the listener listens on.
func (d *Drainer) Addr() net.Addr { return d.ln.Addr() }

// countingConn notes whether the client has sent anything since the connection was opened or
// last went idle.
type countingConn struct {
	net.Conn
	sent atomic.Bool
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.sent.Store(true)
	}
	return n, err
}

type drainListener struct{ net.Listener }

func (l drainListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c}, nil
}

// Track is the server's ConnState hook.
func (d *Drainer) Track(c net.Conn, state http.ConnState) {
	h2 := false
	if tc, ok := c.(*tls.Conn); ok { // TLS wraps our connection
		h2 = state != http.StateNew && tc.ConnectionState().NegotiatedProtocol == "h2"
		c = tc.NetConn()
	}
	cc, ok := c.(*countingConn)
	if !ok {
		return
	}
	if state == http.StateIdle {
		// The server reads the next request only after this hook, so what arrives from now
		// on is the start of a new request (pipelined requests are the exception: they may
		// already be buffered, and are closed like idle connections).
		cc.sent.Store(false)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if state == http.StateClosed || state == http.StateHijacked {
		delete(d.conns, cc)
		return
	}
	d.conns[cc] = connState{state, h2}
}

// busy closes HTTP/1 connections with no request under way and counts those with one: active
// ones, and new or idle ones whose client has begun to send a request.
func (d *Drainer) busy() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for c, cs := range d.conns {
		switch {
		case cs.h2:
		case cs.state == http.StateActive || ((cs.state == http.StateNew || cs.state == http.StateIdle) && c.sent.Load()):
			n++
		default:
			c.Close()
		}
	}
	return n
}

// Handler wraps the server's handler: once draining, every HTTP/1 answer closes its
// connection. (HTTP/2 forbids the header; Shutdown ends those connections with GOAWAY.)
func (d *Drainer) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 1 && d.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

// Stop drains srv within ctx, then shuts it down.
func (d *Drainer) Stop(ctx context.Context, srv *http.Server) error {
	d.draining.Store(true) // answers from now on close their connection
	d.ln.Close()           // no new connections
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for d.busy() > 0 {
		select {
		case <-ctx.Done():
			return srv.Shutdown(ctx)
		case <-tick.C:
		}
	}
	return srv.Shutdown(ctx)
}
