package server

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A token sent where no token belongs, as X-Request-Id or as a segment of a URL the gateway
// does not serve, never reaches the log, at any level: a client request id is logged only when
// it is a short plain id that is no secret (else as a hash), and a path only up to its first
// segment that is not part of the API or a configured service. SQLite only: what is tested is
// the log, which no store writes.
func TestSecretsNotLoggedFromWrongPlaces(t *testing.T) {
	const readToken = "read-token-0123456789abcdef"
	var buf checkintest.SyncBuffer
	f := newFixtureDeps(t, backendtest.SQLite.Open(t), servicesJSON, func(d *Deps) {
		d.ReadToken = readToken
		d.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	tests := []struct {
		name, path, requestID, secret, wantPath string
	}{
		{"read token as an unknown path's segment", "/nosuch/" + readToken, "", readToken, "/{unknown}"},
		{"read token after a known prefix", "/api/v1/" + readToken, "", readToken, "/api/v1/{unknown}"},
		{"read token as a service name", "/api/v1/services/" + readToken + "/history", "", readToken, "/api/v1/services/{unknown}"},
		{"service token as a status page's name", "/status/secret-backup", "", "secret-backup", "/status/{unknown}"},
		{"read token as X-Request-Id", "/api/v1/services/backup", readToken, readToken, "/api/v1/services/backup"},
		{"service token as X-Request-Id", "/api/v1/services/backup", "secret-laptop", "secret-laptop", "/api/v1/services/backup"},
		{"a long token as X-Request-Id", "/metrics", strings.Repeat("t0ken", 20), strings.Repeat("t0ken", 20), "/metrics"},
		{"the login page is logged as it is", "/login", "", readToken, "/login"},
		{"a token after the login page", "/login/" + readToken, "", readToken, "/login/{unknown}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(buf.String())
			req, err := http.NewRequest("GET", f.url+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.requestID != "" {
				req.Header.Set("X-Request-Id", tt.requestID)
			}
			gatewaytest.RoundTrip(t, req) // no Authorization: refused, and logged at INFO
			logged := buf.String()[before:]
			if strings.Contains(logged, tt.secret) {
				t.Errorf("the log holds the secret:\n%s", logged)
			}
			if !strings.Contains(logged, "path="+tt.wantPath+" ") {
				t.Errorf("the log does not show path=%s:\n%s", tt.wantPath, logged)
			}
		})
	}
}
