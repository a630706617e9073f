package deploytest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// dbLink is a TCP link from one gateway to PostgreSQL that the test cuts and restores, as a
// broken network between that gateway and the database would: cut closes every connection
// through it and refuses new ones.
type dbLink struct {
	addr   string // where the gateway connects
	target string // the database's host:port

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

// newDBLink listens on a free 127.0.0.1 port and forwards to target until the test ends.
func newDBLink(t *testing.T, target string) *dbLink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &dbLink{addr: ln.Addr().String(), target: target, conns: map[net.Conn]bool{}}
	l.serve(ln)
	t.Cleanup(l.cut)
	return l
}

func (l *dbLink) serve(ln net.Listener) {
	l.mu.Lock()
	l.ln = ln
	l.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", l.target)
			if err != nil {
				in.Close()
				continue
			}
			if !l.track(in, out) {
				continue
			}
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
}

// track remembers a pair of connections, or closes them when the link was cut meanwhile.
func (l *dbLink) track(in, out net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln == nil {
		in.Close()
		out.Close()
		return false
	}
	l.conns[in], l.conns[out] = true, true
	return true
}

// cut closes the listener and every connection through the link.
func (l *dbLink) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln != nil {
		l.ln.Close()
		l.ln = nil
	}
	for c := range l.conns {
		c.Close()
	}
	clear(l.conns)
}

// restore listens on the link's address again.
func (l *dbLink) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", l.addr)
	if err != nil {
		t.Fatal(err)
	}
	l.serve(ln)
}
