package server

import (
	"net/http"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// browserAccept is what Firefox and Chromium send for a page.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// GET / stays the older gateway's JSON API for everything but a browser asking for no service.
func TestRootNegotiation(t *testing.T) { backendtest.Each(t, testRootNegotiation) }

func testRootNegotiation(t *testing.T, b backendtest.Backend) {
	f := newFixtureWith(t, b, `{"db-dump": {"token": "secret-db", "timeout": "2d", "grace": "2d"}}`)
	tests := []struct {
		accept, query string
		wantCode      int
		wantType      string
	}{
		{"", "", 400, "application/json"},
		{"*/*", "", 400, "application/json"},
		{"application/json", "", 400, "application/json"},
		{browserAccept, "", 200, "text/html; charset=utf-8"},
		{browserAccept, "?service=db-dump", 200, "application/json"},
		{"*/*", "?service=db-dump", 200, "application/json"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", f.url+"/"+tt.query, nil)
		if tt.accept != "" {
			req.Header.Set("Accept", tt.accept)
		}
		code, _, hdr := gatewaytest.RoundTrip(t, req)
		if code != tt.wantCode || hdr.Get("Content-Type") != tt.wantType {
			t.Errorf("GET /%s Accept %q = %d %s; want %d %s", tt.query, tt.accept, code,
				hdr.Get("Content-Type"), tt.wantCode, tt.wantType)
		}
		if hdr.Get("Vary") != "Accept" {
			t.Errorf("GET /%s lacks Vary: Accept", tt.query)
		}
	}
}
