package main

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// drainer stops an http.Server so that every request the gateway has begun to receive is
// finished and answered. http.Server.Shutdown alone drops a request whose headers are still
// arriving when it starts: it closes the connection as soon as the headers are in. The drainer
// instead stops accepting, closes idle connections and those that have sent nothing yet, lets
// the rest finish (their answers say Connection: close), and only then calls Shutdown.
type drainer struct {
	ln net.Listener

	mu    sync.Mutex
	conns map[*countingConn]http.ConnState
}

// newDrainer wraps ln; serve on d.listener() and set the server's ConnState to d.track.
func newDrainer(ln net.Listener) *drainer {
	return &drainer{ln: ln, conns: make(map[*countingConn]http.ConnState)}
}

func (d *drainer) listener() net.Listener { return drainListener{d.ln} }

// countingConn notes whether the client has sent anything.
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

// track is the server's ConnState hook.
func (d *drainer) track(c net.Conn, state http.ConnState) {
	if tc, ok := c.(interface{ NetConn() net.Conn }); ok { // TLS wraps our connection
		c = tc.NetConn()
	}
	cc, ok := c.(*countingConn)
	if !ok {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if state == http.StateClosed || state == http.StateHijacked {
		delete(d.conns, cc)
		return
	}
	d.conns[cc] = state
}

// busy closes connections with no request under way and counts the others.
func (d *drainer) busy() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for c, state := range d.conns {
		if state == http.StateActive || (state == http.StateNew && c.sent.Load()) {
			n++
			continue
		}
		c.Close()
	}
	return n
}

// stop drains srv within ctx, then shuts it down.
func (d *drainer) stop(ctx context.Context, srv *http.Server) error {
	d.ln.Close()                    // no new connections
	srv.SetKeepAlivesEnabled(false) // answers from now on close their connection
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
