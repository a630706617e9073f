package server

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A ping sent to the gateway's base URL without /ping/ is logged at info level, so that the
// operator finds the client, with its uuid or key replaced in the log and in the answer; other
// unknown paths are answered as before and not logged at info.
func TestPingWithoutPingPrefixIsLogged(t *testing.T) {
	logs := &checkintest.SyncBuffer{}
	f := newFixtureDeps(t, backendtest.SQLite.Open(t), pingServices, func(d *Deps) {
		d.PingKey = pingKey
		d.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	tests := []struct{ name, method, path, wantLog string }{
		{"uuid", "GET", "/" + pingUUID, `path=/{uuid}`},
		{"uuid with exit status", "POST", "/" + pingUUID + "/fail", `path=/{uuid}/fail`},
		{"key and service", "GET", "/" + pingKey + "/laptop", `path=/{ping-key}/laptop`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(logs.String())
			code, body, _ := f.do(t, tt.method, tt.path, "text/plain", "")
			if code != http.StatusNotFound || !strings.Contains(body, "pings go to /ping/UUID") {
				t.Errorf("%s %s = %d %s; want 404 saying where pings go", tt.method, tt.path, code, body)
			}
			logged := logs.String()[before:]
			if !strings.Contains(logged, "level=INFO") || !strings.Contains(logged, "ping to a wrong URL") || !strings.Contains(logged, tt.wantLog) {
				t.Errorf("log = %q; want an info line with %s", logged, tt.wantLog)
			}
			for _, secret := range []string{pingUUID, pingKey} {
				if strings.Contains(body, secret) || strings.Contains(logged, secret) {
					t.Errorf("the answer or the log shows the secret %s:\n%s\n%s", secret, body, logged)
				}
			}
		})
	}
	before := len(logs.String())
	if code, body, _ := f.do(t, "GET", "/nothing-here", "", ""); code != http.StatusNotFound || !strings.Contains(body, "no such endpoint: /nothing-here") {
		t.Errorf("GET /nothing-here = %d %s; want 404 naming the path", code, body)
	}
	if logged := logs.String()[before:]; strings.Contains(logged, "ping to a wrong URL") {
		t.Errorf("an unknown path without a secret is logged as a ping: %q", logged)
	}
}
