package server

import (
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// TestPingLogLinesCarryTheRequestID: each line the ping handler logs carries the request id
// the gateway gave the request, the one on the request log's line, so the two can be matched.
func TestPingLogLinesCarryTheRequestID(t *testing.T) {
	// SQLite only: the ids come from the router, whatever the store.
	testPingLogLinesCarryTheRequestID(t, backendtest.SQLite)
}

func testPingLogLinesCarryTheRequestID(t *testing.T, b backendtest.Backend) {
	tests := []struct{ name, method, path, wantMsg string }{
		{"stored", "POST", "/ping/" + pingUUID + "/fail", `msg="ping stored"`},
		{"bad exit status", "GET", "/ping/" + pingUUID + "/300", `msg="ping rejected" reason="exit status`},
		{"unknown target", "GET", "/ping/11111111-2222-4333-8444-555555555555", `reason="unknown ping target"`},
		{"rate limited", "GET", "/ping/11111111-2222-4333-8444-555555555555", `reason="rate limited"`},
	}
	logs := &checkintest.SyncBuffer{}
	f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) {
		d.AuthFailLimit, d.AuthFailWindow = 1, time.Minute
		d.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	idOf := regexp.MustCompile(` request_id=(\S*)`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(logs.String())
			f.do(t, tt.method, tt.path, "text/plain", "")
			var handlerID, requestID string
			// The request log's line is written once the answer is sent: wait for it.
			for deadline := time.Now().Add(2 * time.Second); requestID == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				for line := range strings.SplitSeq(logs.String()[before:], "\n") {
					m := idOf.FindStringSubmatch(line)
					switch {
					case m == nil:
					case strings.Contains(line, tt.wantMsg):
						handlerID = m[1]
					case strings.Contains(line, "msg=request "):
						requestID = m[1]
					}
				}
			}
			if handlerID == "" || handlerID != requestID {
				t.Errorf("the ping's log line has request_id %q, the request log %q; want the same, not empty:\n%s", handlerID, requestID, logs)
			}
		})
	}
}
