package ping

import (
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// TestPingQuery: a query string that cannot be read for sure (a bad escape, a ';', rid
// twice) is refused with 400 and nothing stored, rather than stored without its run id or with
// one of two; create=1 anywhere among repeated values is 404.
func TestPingQuery(t *testing.T) { backendtest.Each(t, testPingQuery) }

func testPingQuery(t *testing.T, b backendtest.Backend) {
	const rid = "5f1e7c1a-0000-4000-8000-000000000001"
	tests := []struct {
		name, query string
		wantCode    int
		wantBody    string
	}{
		{"rid", "?rid=" + rid, 200, "OK"},
		{"rid and an unknown parameter", "?rid=" + rid + "&x=1", 200, "OK"},
		{"rid twice", "?rid=" + rid + "&rid=" + rid, 400, "rid given more than once"},
		{"two rids", "?rid=a&rid=b", 400, "rid given more than once"},
		{"bad escape in rid", "?rid=%zz", 400, "query string"},
		{"bad escape elsewhere", "?rid=" + rid + "&%zz", 400, "query string"},
		{"semicolon", "?rid=a;rid=b", 400, "query string"},
		{"create=1 after create=0", "?create=0&create=1", 404, "not found"},
		{"create=1 before create=0", "?create=1&create=0", 404, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, b, testKey)
			code, body, _ := f.do(t, "POST", "/ping/"+backupUUID+"/start"+tt.query, "text/plain", "")
			if code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
				t.Fatalf("POST /ping/{uuid}/start%s = %d %q; want %d containing %q", tt.query, code, body, tt.wantCode, tt.wantBody)
			}
			c, stored := f.newest(t, "backup")
			switch {
			case tt.wantCode != 200 && stored:
				t.Errorf("stored %+v; want nothing", c)
			case tt.wantCode == 200 && (!stored || c.Kind != checkin.KindStart || c.RunID != rid):
				t.Errorf("stored %+v (found %v); want a start with run id %s", c, stored, rid)
			}
			if got := f.limiter.fails["127.0.0.1"]; got != 0 {
				t.Errorf("failures counted = %d; want none (the uuid is right)", got)
			}
			assertNoSecrets(t, f.logs.String())
		})
	}
}
