package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// Behind a proxy that serves the gateway under a path, the Link headers of the services list
// and of a history lead to their next pages under that same path: they are relative.
func TestNextLinksUnderAPath(t *testing.T) {
	f := newFixture(t, backendtest.SQLite)
	for _, info := range []string{"first", "second"} {
		body := `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "` + info + `"}`
		if code, got, _ := f.do(t, "POST", "/checkin/", "application/json", body); code != http.StatusNoContent {
			t.Fatalf("check-in under /checkin = %d %s", code, got)
		}
	}
	for _, page := range []string{"/checkin/api/v1/services?limit=1&status=OK,UNKNOWN", "/checkin/api/v1/services/backup/history?limit=1"} {
		code, _, hdr := f.do(t, "GET", page, "", "")
		link, _, _ := strings.Cut(strings.TrimPrefix(hdr.Get("Link"), "<"), ">")
		if code != 200 || link == "" {
			t.Fatalf("GET %s = %d, Link %q; want 200 and a next page", page, code, hdr.Get("Link"))
		}
		next := gatewaytest.Resolve(t, page, link)
		path, _, _ := strings.Cut(page, "?")
		if !strings.HasPrefix(next, path+"?") {
			t.Errorf("GET %s: Link %q leads to %s, not to %s under /checkin", page, link, next, path)
		}
		if code, body, _ := f.do(t, "GET", next, "", ""); code != 200 {
			t.Errorf("GET %s (the next page) = %d %s", next, code, body)
		}
	}
}
