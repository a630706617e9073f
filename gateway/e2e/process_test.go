package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// testServices is a services.json with one service, backup, whose token is secret-backup.
const testServices = `{"backup": {"token": "secret-backup", "timeout": "1d"}}`

// startGateway starts the real binary with the given services file and database and waits
// for /alive.
func startGateway(t *testing.T, configPath, dbPath string, extra ...string) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Start(t, gatewaytest.Options{Config: configPath, DB: dbPath, Args: extra})
}

// idleConn opens a keep-alive connection to addr, asks for /alive on it and leaves it idle. It
// returns the connection and its reader, for what the gateway sends next; it is closed when the
// test ends.
func idleConn(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET /alive HTTP/1.1\r\nHost: gw\r\n\r\n")
	r := bufio.NewReader(conn)
	if resp, err := http.ReadResponse(r, nil); err != nil || resp.StatusCode != 204 {
		t.Fatalf("keep-alive /alive = %v, %v", resp, err)
	}
	return conn, r
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// freshClient opens a new connection for every request. Tests that run the gateway with short
// idle timeouts would otherwise race it: a POST on a keep-alive connection the gateway is
// closing at that moment fails with EOF, and POSTs are not retried.
var freshClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func post(t *testing.T, url, body string) int {
	t.Helper()
	resp, err := freshClient.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := freshClient.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

func httpGet(url string) (int, error) {
	resp, err := freshClient.Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// pollAlive asks url's /alive until it answers want, for up to limit; then it fails the test,
// showing what the gateway logged.
func pollAlive(t *testing.T, url string, want int, limit time.Duration, logs fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(limit)
	code := 0
	for time.Now().Before(deadline) {
		code, _ = httpGet(url + "/alive")
		if code == want {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s/alive = %d for %v; want %d; log:\n%s", url, code, limit, want, logs)
}

// waitLog waits up to limit for log to hold want; then it fails the test, showing the log.
func waitLog(t *testing.T, log fmt.Stringer, want string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(log.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log within %v:\n%s", want, limit, log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
