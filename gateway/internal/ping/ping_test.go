package ping

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

const (
	backupUUID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
	postUUID   = "0b8e2a4c-1111-4222-8333-444455556666"
	offUUID    = "9d9d9d9d-aaaa-4bbb-8ccc-dddddddddddd"
	otherUUID  = "11111111-2222-4333-8444-555555555555" // no service has it
	testKey    = "pk_0123456789abcdefghijKL"
)

const testServices = `{
	"backup":    {"token": "t", "timeout": "1d", "ping_uuid": "` + backupUUID + `"},
	"mail":      {"token": "t", "timeout": "1d", "ping_uuid": "` + postUUID + `", "ping_methods": "POST"},
	"quiet":     {"token": "t", "timeout": "1d", "ping_uuid": "` + offUUID + `", "ping": false},
	"db dump@h": {"token": "t", "timeout": "1d"}
}`

// countLimiter refuses a client after limit wrong pings, as the server's limiter does.
type countLimiter struct {
	mu    sync.Mutex
	limit int
	fails map[string]int
}

func (l *countLimiter) key(r *http.Request) string { return strings.Split(r.RemoteAddr, ":")[0] }

func (l *countLimiter) Wait(r *http.Request) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fails[l.key(r)] >= l.limit {
		return 42 * time.Second
	}
	return 0
}

func (l *countLimiter) Fail(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[l.key(r)]++
}

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// fixture is the ping handler on 127.0.0.1 over a real database: a SQLite file or a
// PostgreSQL schema (package backendtest).
type fixture struct {
	url     string
	store   backendtest.Store
	logs    *checkintest.SyncBuffer
	limiter *countLimiter

	mu sync.Mutex // guards at, the handler's clock
	at time.Time
}

func (f *fixture) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.at
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.at = f.at.Add(d)
}

func newFixture(t *testing.T, b backendtest.Backend, key string) *fixture {
	t.Helper()
	cfg, err := config.Parse([]byte(testServices))
	if err != nil {
		t.Fatal(err)
	}
	st := b.Open(t)
	f := &fixture{store: st, logs: &checkintest.SyncBuffer{}, limiter: &countLimiter{limit: 3, fails: map[string]int{}},
		at: time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)}
	h := Handler(Deps{
		Config:  func() *config.Config { return cfg },
		Store:   st,
		Limiter: f.limiter,
		Logger:  slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:     f.now,
		Key:     key,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// do sends a request and returns the answer's code, body and headers.
func (f *fixture) do(t *testing.T, method, path, contentType, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return gatewaytest.RoundTrip(t, req)
}

// newest is the newest stored check-in of service; ok is false when there is none.
func (f *fixture) newest(t *testing.T, service string) (storage.Checkin, bool) {
	t.Helper()
	h, err := storagetest.History(context.Background(), f.store, service, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) == 0 {
		return storage.Checkin{}, false
	}
	return h[0], true
}

func TestPingStored(t *testing.T) { backendtest.Each(t, testPingStored) }

func testPingStored(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		name, method, path, contentType, body string
		service                               string
		wantStatus                            checkin.Status
		wantInfo                              string
	}{
		{"success by GET", "GET", "/ping/" + backupUUID, "", "", "backup", checkin.OK, ""},
		{"success by HEAD", "HEAD", "/ping/" + backupUUID, "", "", "backup", checkin.OK, ""},
		{"success by POST with a body", "POST", "/ping/" + backupUUID, "text/plain", "42 files copied\n", "backup", checkin.OK, "42 files copied\n"},
		{"trailing slash after the uuid, as Healthchecks takes it", "GET", "/ping/" + backupUUID + "/", "", "", "backup", checkin.OK, ""},
		{"uuid in upper case", "GET", "/ping/" + strings.ToUpper(backupUUID), "", "", "backup", checkin.OK, ""},
		{"double slash, from a base URL ending in a slash", "GET", "/ping//" + backupUUID + "/fail", "", "", "backup", checkin.Critical, ""},
		{"double slash by slug", "GET", "/ping//" + testKey + "/backup", "", "", "backup", checkin.OK, ""},
		{"fail", "POST", "/ping/" + backupUUID + "/fail", "application/x-www-form-urlencoded", "disk full", "backup", checkin.Critical, "disk full"},
		{"exit status 0", "POST", "/ping/" + backupUUID + "/0", "", "", "backup", checkin.OK, "exit status 0"},
		{"exit status 23 with output", "POST", "/ping/" + backupUUID + "/23", "text/plain", "rsync error: some files vanished", "backup", checkin.Critical, "exit status 23: rsync error: some files vanished"},
		{"exit status 255", "GET", "/ping/" + backupUUID + "/255", "", "", "backup", checkin.Critical, "exit status 255"},
		{"exit status, output after a blank line (runitor's, with no output)", "POST", "/ping/" + backupUUID + "/1", "text/plain", "\n[runitor] signal: terminated", "backup", checkin.Critical, "exit status 1: [runitor] signal: terminated"},
		{"exit status, output of line breaks only", "POST", "/ping/" + backupUUID + "/0", "text/plain", "\r\n\n", "backup", checkin.OK, "exit status 0"},
		{"JSON body is kept as text", "POST", "/ping/" + backupUUID, "application/json", `{"a": 1}`, "backup", checkin.OK, `{"a": 1}`},
		{"invalid UTF-8 and control characters replaced", "POST", "/ping/" + backupUUID + "/fail", "", "ok\xff\x00\x1b[31m\r\n\tend", "backup", checkin.Critical, "ok\uFFFD\uFFFD\uFFFD[31m\r\n\tend"},
		{"body of exactly the limit", "POST", "/ping/" + backupUUID, "", strings.Repeat("x", checkin.MaxBodyBytes), "backup", checkin.OK, strings.Repeat("x", checkin.MaxBodyBytes)},
		{"slug with the ping key", "GET", "/ping/" + testKey + "/backup", "", "", "backup", checkin.OK, ""},
		{"slug percent-encoded, service without uuid", "POST", "/ping/" + testKey + "/db%20dump%40h/fail", "", "", "db dump@h", checkin.Critical, ""},
		{"slug with exit status", "POST", "/ping/" + testKey + "/backup/3", "", "x", "backup", checkin.Critical, "exit status 3: x"},
		{"POST-only service by POST", "POST", "/ping/" + postUUID, "", "", "mail", checkin.OK, ""},
		{"rid is taken", "POST", "/ping/" + backupUUID + "?rid=5f1e7c1a-0000-4000-8000-000000000001", "", "", "backup", checkin.OK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, b, testKey)
			code, body, hdr := f.do(t, tt.method, tt.path, tt.contentType, tt.body)
			wantBody := "OK"
			if tt.method == "HEAD" {
				wantBody = ""
			}
			if code != http.StatusOK || body != wantBody || hdr.Get("Ping-Body-Limit") != "65536" {
				t.Fatalf("%s %s = %d %q, Ping-Body-Limit %q; want 200 %q, 65536", tt.method, RedactPath(tt.path), code, body, hdr.Get("Ping-Body-Limit"), wantBody)
			}
			if got := hdr.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q; want *, as Healthchecks answers, so that a web page can read the answer", got)
			}
			c, ok := f.newest(t, tt.service)
			if !ok || c.Status != tt.wantStatus || c.Info != tt.wantInfo || !c.At.Equal(f.at) {
				t.Errorf("stored %+v (found %v); want %s %.80q at %v", c, ok, tt.wantStatus, tt.wantInfo, f.at)
			}
			u, _ := url.Parse(tt.path)
			if rid := u.Query().Get("rid"); c.Kind != checkin.KindReport || c.RunID != rid {
				t.Errorf("stored kind %v, run id %q; want a report with run id %q", c.Kind, c.RunID, rid)
			}
		})
	}
}

func TestPingRefused(t *testing.T) { backendtest.Each(t, testPingRefused) }

func testPingRefused(t *testing.T, b backendtest.Backend) {
	tests := []struct {
		name, method, path, body string
		key                      string // the gateway's ping key; testKey when empty
		wantCode                 int
		wantBody                 string // must appear in the answer
		counts                   bool   // counts against the client's failure limit
	}{
		{"unknown uuid", "GET", "/ping/" + otherUUID, "", "", 404, "not found", true},
		{"unknown uuid, fail", "POST", "/ping/" + otherUUID + "/fail", "", "", 404, "not found", true},
		{"not a uuid", "GET", "/ping/backup", "", "", 404, "not found", true},
		{"pings off", "GET", "/ping/" + offUUID, "", "", 404, "not found", true},
		{"pings off, by slug", "GET", "/ping/" + testKey + "/quiet", "", "", 404, "not found", true},
		{"wrong ping key", "GET", "/ping/pk_0123456789abcdefghijKX/backup", "", "", 404, "not found", true},
		{"no ping key set", "GET", "/ping/" + testKey + "/backup", "", "-", 404, "not found", true},
		{"unknown slug", "GET", "/ping/" + testKey + "/nosuch", "", "", 404, "not found", true},
		{"slug decoded only once", "GET", "/ping/" + testKey + "/db%2520dump%2540h", "", "", 404, "not found", true},
		{"key without slug", "GET", "/ping/" + testKey, "", "", 404, "not found", true},
		{"nothing after /ping/", "GET", "/ping/", "", "", 404, "not found", true},
		{"create=1", "GET", "/ping/" + backupUUID + "?create=1", "", "", 404, "not found", false},
		{"create=1 by slug", "POST", "/ping/" + testKey + "/newjob?create=1", "", "", 404, "not found", false},
		{"unknown action", "GET", "/ping/" + backupUUID + "/done", "", "", 404, "not found", false},
		{"trailing slash after an action", "GET", "/ping/" + backupUUID + "/fail/", "", "", 404, "not found", false},
		{"trailing slash by slug", "GET", "/ping/" + testKey + "/backup/", "", "", 404, "not found", false},
		{"empty segment after the uuid", "GET", "/ping/" + backupUUID + "//", "", "", 404, "not found", false},
		{"too many segments", "GET", "/ping/" + backupUUID + "/fail/x", "", "", 404, "not found", false},
		{"many more segments", "GET", "/ping/" + backupUUID + "/fail/x/y/z", "", "", 404, "not found", false},
		{"too many segments by slug", "GET", "/ping/" + testKey + "/backup/fail/x", "", "", 404, "not found", false},
		{"many more segments by slug", "GET", "/ping/" + testKey + "/backup/fail/x/y", "", "", 404, "not found", false},
		{"exit status 256", "POST", "/ping/" + backupUUID + "/256", "", "", 400, "0 to 255", false},
		{"exit status huge", "POST", "/ping/" + testKey + "/backup/99999999999999999999", "", "", 400, "0 to 255", false},
		{"negative exit status", "POST", "/ping/" + backupUUID + "/-1", "", "", 400, "0 to 255", false},
		{"minus alone", "POST", "/ping/" + backupUUID + "/-", "", "", 404, "not found", false},
		{"bad rid", "POST", "/ping/" + backupUUID + "?rid=a%20b", "", "", 400, "rid", false},
		{"rid too long", "POST", "/ping/" + backupUUID + "/start?rid=" + strings.Repeat("a", 65), "", "", 400, "rid", false},
		{"body over the limit", "POST", "/ping/" + backupUUID, strings.Repeat("x", checkin.MaxBodyBytes+1), "", 413, "65536", false},
		{"GET on a POST-only service", "GET", "/ping/" + postUUID, "", "", 405, "POST only", false},
		{"HEAD on a POST-only service", "HEAD", "/ping/" + postUUID + "/fail", "", "", 405, "", false},
		{"PUT", "PUT", "/ping/" + backupUUID, "", "", 405, "method not allowed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := testKey
			if tt.key == "-" {
				key = ""
			}
			f := newFixture(t, b, key)
			code, body, hdr := f.do(t, tt.method, tt.path, "text/plain", tt.body)
			if code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
				t.Fatalf("%s %s = %d %q; want %d containing %q", tt.method, RedactPath(tt.path), code, body, tt.wantCode, tt.wantBody)
			}
			if got := hdr.Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("Access-Control-Allow-Origin %q on a refusal; want none, as Healthchecks sends it only with OK", got)
			}
			for _, svc := range []string{"backup", "mail", "quiet", "db dump@h"} {
				if c, ok := f.newest(t, svc); ok {
					t.Errorf("stored %+v; want nothing", c)
				}
			}
			if got := f.limiter.fails["127.0.0.1"]; got != map[bool]int{true: 1}[tt.counts] {
				t.Errorf("failures counted = %d; want counted %v", got, tt.counts)
			}
			assertNoSecrets(t, f.logs.String())
		})
	}
}
