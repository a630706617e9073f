package server

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// One client sends 100 malformed requests of a kind: the first rejectLogLimit are logged at
// info level, then one line says the rest go to debug level. Another client's rejection is
// still logged at info level.
func TestRejectedFloodLoggedQuietly(t *testing.T) {
	backendtest.Each(t, testRejectedFloodLoggedQuietly)
}

func testRejectedFloodLoggedQuietly(t *testing.T, b backendtest.Backend) {
	const flood = 100
	tests := []struct {
		name, method, path, body, line string
	}{
		{"check-in", "POST", "/api/v1/checkins", `{"service":"backup","token":"secret-backup","status":"BOGUS"}`, `msg="check-in rejected"`},
		{"ping", "GET", "/ping/" + pingUUID + "?rid=no+spaces", "", `msg="ping rejected"`},
		{"read", "GET", "/api/v1/services/backup", "", `msg="read refused"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &checkintest.SyncBuffer{}
			f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) {
				d.ReadToken, d.PingKey = "read-token-0123456789abcdef", pingKey
				d.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
			})
			send := func(client *http.Client) int {
				req, err := http.NewRequest(tt.method, f.url+tt.path, strings.NewReader(tt.body))
				if err != nil {
					t.Fatal(err)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			for range flood {
				if code := send(http.DefaultClient); code < 400 || code >= 500 || code == http.StatusTooManyRequests {
					t.Fatalf("%s %s = %d; want a 4xx of its own (not 429)", tt.method, tt.path, code)
				}
			}
			if got := strings.Count(logs.String(), tt.line); got != rejectLogLimit {
				t.Errorf("%d rejected requests of one client: %d lines %s at info level; want %d", flood, got, tt.line, rejectLogLimit)
			}
			if got := strings.Count(logs.String(), "the next ones are logged at debug level"); got != 1 {
				t.Errorf("%d lines say the client's rejections go to debug level; want 1:\n%s", got, logs)
			}
			if send(fromAddress(t, "127.0.0.2")) < 400 || !strings.Contains(logs.String(), "remote=127.0.0.2:") {
				t.Errorf("another client's rejected request is not logged at info level")
			}
		})
	}
}

// fromAddress is a client whose connections come from ip, an address of the loopback network.
func fromAddress(t *testing.T, ip string) *http.Client {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}
