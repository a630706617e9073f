package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// listServices GETs a services list and returns the names with their states, and the next
// page's address from the Link header ("" when none).
func (f *fixture) listServices(t *testing.T, path string) (code int, got, next string) {
	t.Helper()
	code, body, hdr := f.do(t, "GET", path, "", "")
	if code != 200 {
		return code, gatewaytest.ErrorBody(t, hdr, body), ""
	}
	var list []checkin.State
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
	var names []string
	for _, s := range list {
		names = append(names, s.Service+"="+s.Status.String())
	}
	if link := hdr.Get("Link"); link != "" {
		m := regexp.MustCompile(`^<([^>]+)>; rel="next"$`).FindStringSubmatch(link)
		if m == nil {
			t.Fatalf("GET %s: Link %q is no rel=next link", path, link)
		}
		next = gatewaytest.Resolve(t, path, m[1])
	}
	return code, strings.Join(names, " "), next
}

func TestServicesListFilters(t *testing.T) { backendtest.Each(t, testServicesListFilters) }

func testServicesListFilters(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	f.checkin(t, "laptop", "secret-laptop", "WARNING", "reboot pending")
	f.checkin(t, "backup", "secret-backup", "CRITICAL", "disk full")
	f.checkin(t, "tolerant", "secret-tolerant", "OK", "")
	tests := []struct {
		query, want, wantNext string
	}{
		{"", "archive=UNKNOWN backup=CRITICAL db dump@host:1=UNKNOWN laptop=WARNING tolerant=OK", ""},
		{"?status=CRITICAL,WARNING", "backup=CRITICAL laptop=WARNING", ""},
		{"?status=critical&status=ok", "backup=CRITICAL tolerant=OK", ""},
		{"?status=UNKNOWN", "archive=UNKNOWN db dump@host:1=UNKNOWN", ""},
		{"?q=LAP", "laptop=WARNING", ""},
		{"?q=OPS", "backup=CRITICAL", ""}, // backup's owner is ops
		{"?q=dump%40host", "db dump@host:1=UNKNOWN", ""},
		{"?q=nothing-like-this", "", ""},
		{"?q=h&status=UNKNOWN", "archive=UNKNOWN db dump@host:1=UNKNOWN", ""},
		{"?limit=2", "archive=UNKNOWN backup=CRITICAL", "/api/v1/services?after=backup&limit=2"},
		{"?after=backup&limit=2", "db dump@host:1=UNKNOWN laptop=WARNING", "/api/v1/services?after=laptop&limit=2"},
		{"?after=laptop&limit=2", "tolerant=OK", ""},
		{"?after=b&limit=1", "backup=CRITICAL", "/api/v1/services?after=backup&limit=1"}, // a name that is gone still places the page
		{"?status=UNKNOWN&limit=1", "archive=UNKNOWN", "/api/v1/services?after=archive&limit=1&status=UNKNOWN"},
		{"?limit=5", "archive=UNKNOWN backup=CRITICAL db dump@host:1=UNKNOWN laptop=WARNING tolerant=OK", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			code, got, next := f.listServices(t, "/api/v1/services"+tt.query)
			if code != 200 || got != tt.want || next != tt.wantNext {
				t.Errorf("GET %s = %d %q, next %q; want 200 %q, next %q", tt.query, code, got, next, tt.want, tt.wantNext)
			}
		})
	}
}

// Following the Link headers visits every service once, in order.
func TestServicesListPagesThrough(t *testing.T) { backendtest.Each(t, testServicesListPagesThrough) }

func testServicesListPagesThrough(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	var all []string
	path := "/api/v1/services?limit=2"
	for range 10 {
		code, got, next := f.listServices(t, path)
		if code != 200 {
			t.Fatalf("GET %s = %d %s", path, code, got)
		}
		all = append(all, got)
		if next == "" {
			break
		}
		path = next
	}
	want := "archive=UNKNOWN backup=UNKNOWN db dump@host:1=UNKNOWN laptop=UNKNOWN tolerant=UNKNOWN"
	if got := strings.Join(all, " "); got != want {
		t.Errorf("pages = %q; want %q", got, want)
	}
}

func TestServicesListBadQuery(t *testing.T) { backendtest.Each(t, testServicesListBadQuery) }

func testServicesListBadQuery(t *testing.T, b backendtest.Backend) {
	f := newFixture(t, b)
	tests := []struct{ query, wantMsg string }{
		{"?status=FINE", `unknown status "FINE"`},
		{"?limit=0", "limit must be a whole number from 1 to 1000"},
		{"?limit=1001", "limit must be a whole number from 1 to 1000"},
		{"?limit=ten", "limit must be a whole number"},
		{"?q=" + strings.Repeat("x", 201), "at most 200 characters"},
	}
	for _, tt := range tests {
		code, msg, _ := f.listServices(t, "/api/v1/services"+tt.query)
		if code != http.StatusBadRequest || !strings.Contains(msg, tt.wantMsg) {
			t.Errorf("GET %s = %d %q; want 400 naming %q", tt.query, code, msg, tt.wantMsg)
		}
	}
}
