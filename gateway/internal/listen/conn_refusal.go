package listen

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// A connection over its client's limit is answered, when it can be, with a 429 and
// Retry-After once its request's header is in, not just closed: curl --retry, runitor and the other clients retry a 429, while
// a connection closed under them is a failed check-in (curl does not retry a reset). Over
// HTTPS it is closed as before, since an answer would need a TLS handshake first.
const (
	// MaxRefusing bounds the refused connections being answered at once; more are closed at
	// once, so a flood of them costs at most this many file descriptors more.
	MaxRefusing = 1024
	// RefusalLinger is how long a refused connection may take to send its request and read
	// the answer. Closing it earlier, with its request unread, would make the kernel reset it,
	// and many clients then lose the answer.
	RefusalLinger = 2 * time.Second
)

// refusals answers refused connections, at most MaxRefusing at once.
type refusals struct {
	answer   bool   // plain HTTP: refused connections are answered
	response string // the answer, see refusalResponse
	running  atomic.Int64
}

// refuse answers c with a 429 and closes it, in the background; it closes c at once when the
// gateway serves HTTPS or already answers MaxRefusing others.
func (r *refusals) refuse(c net.Conn) {
	if !r.answer {
		_ = c.Close()
		return
	}
	if r.running.Add(1) > MaxRefusing {
		r.running.Add(-1)
		_ = c.Close()
		return
	}
	go func() {
		defer r.running.Add(-1)
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(RefusalLinger))
		// The answer waits for the request's header: an answer that comes before the request
		// is sent is one some clients (Go's among them) drop as unasked for.
		if !readHeader(c) {
			return
		}
		if _, err := io.WriteString(c, r.response); err != nil {
			return
		}
		if tc, ok := c.(interface{ CloseWrite() error }); ok {
			_ = tc.CloseWrite()
		}
		// Read (and drop) what the client sends until it closes, so that closing does not
		// reset a connection whose answer is still on its way.
		_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
	}()
}

// maxRefusedHeader is how much of a refused connection's request header is read at most.
const maxRefusedHeader = 16 << 10

// readHeader reads from c up to the blank line that ends a request's header; false when c
// ends, fails or sends more than maxRefusedHeader first.
func readHeader(c net.Conn) bool {
	var buf [4096]byte
	var tail []byte // the last bytes read, to find an end split between reads
	for read := 0; read < maxRefusedHeader; {
		n, err := c.Read(buf[:])
		read += n
		tail = append(tail, buf[:n]...)
		if bytes.Contains(tail, []byte("\r\n\r\n")) {
			return true
		}
		tail = tail[max(0, len(tail)-3):]
		if err != nil {
			return false
		}
	}
	return false
}

// refusalResponse is the answer to a connection refused under a limit of limit connections.
func refusalResponse(limit int) string {
	body := fmt.Sprintf(`{"error":"too many connections from your address: %d are open; try again in a second"}`+"\n", limit)
	return fmt.Sprintf("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"+
		"Cache-Control: no-store\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}
