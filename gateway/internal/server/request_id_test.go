package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// newLoggedFixture is newFixture with a JSON debug log the test can read, one record a line.
func newLoggedFixture(t *testing.T, b backendtest.Backend) (*fixture, func() []map[string]any) {
	t.Helper()
	var buf checkintest.SyncBuffer
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) {
		d.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	records := func() []map[string]any {
		var out []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if line == "" {
				continue
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			out = append(out, rec)
		}
		return out
	}
	return f, records
}

// The request id in the log is ours whatever X-Request-Id says; the client's is logged apart,
// as sent when it is a short plain id, else as a hash (see TestSecretsNotLoggedFromWrongPlaces).
func TestClientRequestIDIsNotOurs(t *testing.T) {
	// SQLite only: what is tested is the request log, which no store writes.
	testClientRequestIDIsNotOurs(t, backendtest.SQLite)
}

func testClientRequestIDIsNotOurs(t *testing.T, b backendtest.Backend) {
	f, records := newLoggedFixture(t, b)
	tests := []struct {
		name, header, want string
	}{
		{"none", "", ""},
		{"plain", "abc-123", "abc-123"},
		{"another request's id", "abc-123", "abc-123"},
		{"spaces and non-ASCII", "a b\u202Ec", "sha256:6f1d24bf, 7 bytes"},
		{"long", strings.Repeat("x", 500), "sha256:c38c2bf3, 500 bytes"},
		{"64 plain bytes", strings.Repeat("x", 64), strings.Repeat("x", 64)},
	}
	ours := regexp.MustCompile(`^[0-9a-f]{8}-[0-9]{6,}$`)
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(records())
			req, err := http.NewRequest("GET", f.url+"/api/v1/services/backup", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				req.Header.Set("X-Request-Id", tt.header)
			}
			gatewaytest.RoundTrip(t, req)
			recs := records()[before:]
			if len(recs) != 1 || recs[0]["msg"] != "request" {
				t.Fatalf("log records = %v; want one request line", recs)
			}
			id, _ := recs[0]["request_id"].(string)
			if !ours.MatchString(id) || seen[id] {
				t.Errorf("request_id = %q; want a new id of ours (%s)", id, ours)
			}
			seen[id] = true
			got, has := recs[0]["client_request_id"].(string)
			if got != tt.want || has != (tt.want != "") {
				t.Errorf("client_request_id = %q (logged %v); want %q", got, has, tt.want)
			}
		})
	}
}
