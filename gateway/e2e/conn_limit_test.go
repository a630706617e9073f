package e2e

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/listen"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testpki"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// One client address may have --max-conns-per-client connections open; more are answered 429
// with Retry-After and closed, other clients and trusted proxies are not affected, and a closed
// connection gives its place back.
func TestConnectionsPerClient(t *testing.T) {
	const limit = 20
	g := gatewaytest.Start(t, gatewaytest.Options{Services: testServices,
		Args: []string{"--max-conns-per-client", fmt.Sprint(limit), "--trusted-proxies", "127.0.0.4"}})

	// ask opens a connection from the local address from and asks for /alive on it; resp is
	// nil when the gateway closed it without an answer. The connection stays open.
	ask := func(from string) (conn net.Conn, resp *http.Response) {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
		conn, err := d.Dial("tcp", g.Addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n"); err != nil {
			return conn, nil
		}
		resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return conn, nil
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		return conn, resp
	}
	alive := func(from string) (net.Conn, bool) {
		conn, resp := ask(from)
		return conn, resp != nil && resp.StatusCode == http.StatusNoContent
	}

	var held []net.Conn
	for i := range limit {
		conn, ok := alive("127.0.0.2")
		if !ok {
			t.Fatalf("connection %d of 127.0.0.2 got no answer; want one up to %d", i+1, limit)
		}
		held = append(held, conn)
	}
	over, resp := ask("127.0.0.2")
	if resp == nil {
		t.Fatalf("connection %d of 127.0.0.2 was closed without an answer; want 429", limit+1)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" ||
		resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(string(body), `"error":"too many connections from your address`) {
		t.Errorf("connection %d of 127.0.0.2 = %d, Retry-After %q, %s; want 429, 1 and a JSON error", limit+1,
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if _, err := over.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("refused connection after its answer: read %v; want EOF, closed by the gateway", err)
	}
	if _, ok := alive("127.0.0.3"); !ok {
		t.Error("another client got no answer while 127.0.0.2 was at its limit")
	}
	for i := range limit + 5 {
		if _, ok := alive("127.0.0.4"); !ok {
			t.Fatalf("connection %d of the trusted proxy got no answer; want no limit for it", i+1)
		}
	}
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok := alive("127.0.0.2"); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("127.0.0.2 got no answer after closing one of its connections")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if log := g.Stderr.String(); !strings.Contains(log, "too many open") || !strings.Contains(log, "client=127.0.0.2") {
		t.Errorf("log lacks the refusal of 127.0.0.2:\n%s", log)
	}
}

// dialFrom connects to addr from the local address from (127.0.0.2 and up: the test's own
// requests come from 127.0.0.1, and their idle connections count there).
func dialFrom(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// holdAnswered opens a connection from the local address from, gets /alive answered on it and
// keeps it open, taking one of that client's places.
func holdAnswered(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	conn := dialFrom(t, from, addr)
	if _, err := io.WriteString(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("connection held from %s: %v, %v; want 204", from, resp, err)
	}
	return conn
}

// A client over the limit that retries, as curl --retry does on a 429, gets its check-in in once
// a place is free: the refusal is an answer, not a reset that curl would not retry.
func TestRefusedConnectionIsRetried(t *testing.T) {
	curl := checkintest.RequireTool(t, "curl")
	g := gatewaytest.Start(t, gatewaytest.Options{Services: testServices, Args: []string{"--max-conns-per-client", "2"}})
	var held []net.Conn
	for range 2 {
		held = append(held, holdAnswered(t, "127.0.0.2", g.Addr))
	}
	cmd := exec.Command(curl, "-fsS", "-m", "10", "--retry", "5", "--interface", "127.0.0.2", "-o", "/dev/null", "-H", "Content-Type: application/json",
		"--data-raw", `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "after a retry"}`, g.URL+"/")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitLog(t, g.Stderr, "too many open", 10*time.Second) // curl's first try is refused
	held[0].Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("curl --retry 5: %v; stderr: %s", err, stderr.String())
	}
	if code, body := get(t, g.URL+"/report?service=backup"); code != http.StatusOK || !strings.Contains(body, "after a retry") {
		t.Errorf("state after curl's retry = %d %s; want the check-in", code, body)
	}
	if !strings.Contains(g.Stderr.String(), "too many open") {
		t.Errorf("log lacks the refusal of curl's first try:\n%s", g.Stderr.String())
	}
}

// Refused connections are answered at most listen.MaxRefusing at once: past that they are closed at
// once, so that a flood of them costs few file descriptors more.
func TestRefusalsAreBounded(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Services: testServices, Args: []string{"--max-conns-per-client", "1"}})
	holdAnswered(t, "127.0.0.2", g.Addr)
	// Refused connections that send a request and then neither read the whole answer nor
	// close: each answered one is held until listen.RefusalLinger ends, the rest are closed at once.
	answered, closed := 0, 0
	for range listen.MaxRefusing + 20 {
		conn := dialFrom(t, "127.0.0.2", g.Addr)
		if _, err := io.WriteString(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n"); err != nil {
			closed++
			continue
		}
		_ = conn.SetReadDeadline(time.Now().Add(listen.RefusalLinger / 2))
		n, _ := conn.Read(make([]byte, 1))
		if n == 1 {
			answered++
		} else {
			closed++
		}
	}
	if answered != listen.MaxRefusing || closed != 20 {
		t.Errorf("%d refused connections answered, %d closed at once; want %d and 20", answered, closed, listen.MaxRefusing)
	}
}

// Over HTTPS a refused connection is closed at once: a plain-text answer would be garbage to a
// TLS client, and a handshake for every refused connection would cost what the limit saves.
func TestRefusalOverHTTPSCloses(t *testing.T) {
	ca := testpki.NewCA(t)
	cert, key := ca.Server(t, "gw")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool}}}
	g := gatewaytest.Start(t, gatewaytest.Options{Services: testServices, Client: client,
		Args: []string{"--max-conns-per-client", "1", "--tls-cert", cert, "--tls-key", key}})
	hold := tls.Client(dialFrom(t, "127.0.0.2", g.Addr), &tls.Config{RootCAs: ca.Pool, ServerName: "localhost"})
	if err := hold.Handshake(); err != nil {
		t.Fatalf("first connection of 127.0.0.2: %v", err)
	}
	over := dialFrom(t, "127.0.0.2", g.Addr)
	_ = over.SetReadDeadline(time.Now().Add(listen.RefusalLinger / 2))
	n, err := over.Read(make([]byte, 1))
	if n != 0 || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("refused HTTPS connection: read %d bytes, %v; want it closed at once, with nothing sent", n, err)
	}
}

// Many hosts behind one address that report at the same moment, each retrying a 429 after a
// growing wait (curl --retry waits 1, 2, 4... s; shorter here), all get their check-ins in,
// though far more of them connect at once than the limit allows.
func TestHerdBehindOneAddress(t *testing.T) {
	const limit, hosts = 20, 200
	services := `{"backup": {"token": "secret-backup", "timeout": "1d"}}`
	g := gatewaytest.Start(t, gatewaytest.Options{Services: services, Args: []string{"--max-conns-per-client", fmt.Sprint(limit)}})
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}}
	start := make(chan struct{})
	refused := make(chan int, hosts)
	errs := make(chan error, hosts)
	for i := range hosts {
		go func() {
			<-start
			n := 0
			for try := 0; ; try++ {
				body := fmt.Sprintf(`{"service": "backup", "token": "secret-backup", "status": "OK", "info": "host %d"}`, i)
				resp, err := client.Post(g.URL+"/", "application/json", strings.NewReader(body))
				if err != nil {
					errs <- fmt.Errorf("host %d, try %d: %w", i, try+1, err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusNoContent {
					refused <- n
					errs <- nil
					return
				}
				if resp.StatusCode != http.StatusTooManyRequests || try == 8 {
					errs <- fmt.Errorf("host %d, try %d: %d", i, try+1, resp.StatusCode)
					return
				}
				n++
				time.Sleep(time.Duration(50<<try)*time.Millisecond + time.Duration(rand.IntN(50))*time.Millisecond)
			}
		}()
	}
	close(start)
	total := 0
	for range hosts {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	close(refused)
	for n := range refused {
		total += n
	}
	if total == 0 {
		t.Errorf("no check-in was refused; want the herd (%d at once) over the limit (%d)", hosts, limit)
	}
	t.Logf("%d hosts, limit %d: %d refusals, each retried", hosts, limit, total)
}
