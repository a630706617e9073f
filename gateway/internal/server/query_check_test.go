package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// A read whose query string Go cannot parse is refused, naming the problem: url.Values would
// drop the broken pairs (and everything past 10,000 parameters), and the read would answer as
// if they were not given (all services for ?status=CRITICAL%zz). A check-in's stray query
// string costs it nothing.
func TestBrokenQueryRefused(t *testing.T) { backendtest.Each(t, testBrokenQueryRefused) }

func testBrokenQueryRefused(t *testing.T, b backendtest.Backend) {
	f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) { d.PingKey = pingKey })
	f.checkin(t, "backup", "secret-backup", "OK", "")
	many := strings.Repeat("&", 10000)
	const (
		escape = "the query string is not valid: a % not followed by two hex digits"
		semi   = "the query string is not valid: a ';' (parameters are separated by ampersands)"
		tooMny = "the query string is not valid: more than 10000 parameters"
	)
	tests := []struct {
		method, path string
		code         int
		want         string // in the body
	}{
		{"GET", "/api/v1/services?status=CRITICAL%zz", 400, escape},
		{"GET", "/api/v1/services?status=CRITICAL;x", 400, semi},
		{"GET", "/api/v1/services/backup/history?limit=1%zz", 400, escape},
		{"GET", "/report?service=backup" + many, 400, tooMny},
		{"HEAD", "/api/v1/services/backup?x=%", 400, ""},
		{"GET", "/status?status=CRITICAL%zz", 400, escape},
		{"GET", "/status/backup?x=%zz", 400, escape},
		{"GET", "/ping/" + pingUUID + "?rid=a" + many, 400, tooMny},
		{"GET", "/report?service=backup&x=%2A", 200, `"service":"backup"`},
		{"POST", "/api/v1/checkins?x=%zz;y", 204, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path[:min(len(tt.path), 50)], func(t *testing.T) {
			body := ""
			if tt.method == "POST" {
				body = `{"service":"backup","token":"secret-backup","status":"OK"}`
			}
			req, err := http.NewRequest(tt.method, f.url+tt.path, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			code, got, _ := gatewaytest.RoundTrip(t, req)
			if code != tt.code || !strings.Contains(got, tt.want) {
				t.Errorf("%s = %d %.200s; want %d with %q", tt.method, code, got, tt.code, tt.want)
			}
		})
	}
}
