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

// TestWrongAddressPingsNotLogged: a ping sent to a wrong address (a base URL without /ping,
// another letter case, an escaped slash) is refused by the router or
// the read token, not the ping handler; its uuid or the ping key must still stay out of the
// log, at debug level and in the "read refused" line logged at info.
func TestWrongAddressPingsNotLogged(t *testing.T) {
	backendtest.Each(t, testWrongAddressPingsNotLogged)
}

func testWrongAddressPingsNotLogged(t *testing.T, b backendtest.Backend) {
	paths := []string{
		"/" + pingUUID,
		"/" + pingUUID + "/fail",
		"/PING/" + pingUUID,
		"//ping/" + pingUUID,
		"/ping/./" + pingUUID,
		"/ping/x/../" + pingUUID,
		"/ping%2F" + pingUUID,
		"/ping/ping/" + pingUUID,
		"/status/" + pingUUID,
		"/api/v1/services/" + strings.ToUpper(pingUUID),
		"/" + pingKey + "/backup",
		"/Ping/" + strings.ToLower(pingKey) + "/backup",
	}
	for _, readToken := range []string{"", "read-token-0123456789abcdef"} {
		logs := &checkintest.SyncBuffer{}
		f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) {
			d.ReadToken, d.PingKey = readToken, pingKey
			d.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
		for _, p := range paths {
			req, err := http.NewRequest("GET", f.url+p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if code, _, _ := gatewaytest.RoundTrip(t, req); code == http.StatusOK {
				t.Errorf("GET %s = 200; want it refused", p)
			}
		}
		got := logs.String()
		if !strings.Contains(got, "{uuid}") || !strings.Contains(got, "{ping-key}") {
			t.Fatalf("read token %q: the log lacks the redacted paths, so this test checks nothing:\n%s", readToken, got)
		}
		for _, secret := range []string{pingUUID, pingKey} {
			if strings.Contains(strings.ToLower(got), strings.ToLower(secret)) {
				t.Errorf("read token %q: the log shows %s:\n%s", readToken, secret, got)
			}
		}
	}
}
