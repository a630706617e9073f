package deploytest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// runitorClient makes the requests runitor makes: POST to <base>/<handle>[/<type>] with
// Content-Type text/plain, a rid query parameter, its User-Agent, the job's output as body,
// and up to retries more tries on 408, 429 and 5xx, with a linear backoff.
type runitorClient struct {
	base    string // e.g. https://gw.example.org/ping
	retries int
	backoff time.Duration
}

const runitorUserAgent = "runitor/v1.3.0 (linux-amd64; +https://bdd.fi/x/runitor)"

// ping sends one ping and returns the final answer's code and Ping-Body-Limit header.
func (c runitorClient) ping(handle, typ, rid string, body []byte) (code int, limit string, err error) {
	u, err := url.Parse(c.base)
	if err != nil {
		return 0, "", err
	}
	if u.Path, err = url.JoinPath(u.Path, handle, typ); err != nil {
		return 0, "", err
	}
	if rid != "" {
		u.RawQuery = url.Values{"rid": {rid}}.Encode()
	}
	for try := 0; ; try++ {
		time.Sleep(time.Duration(try) * c.backoff)
		req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
		if err != nil {
			return 0, "", err
		}
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("User-Agent", runitorUserAgent)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			if try < c.retries {
				continue
			}
		}
		return resp.StatusCode, resp.Header.Get("Ping-Body-Limit"), nil
	}
}

// seen is what a proxy in front of the gateway saw of one request.
type seen struct {
	method, path, query, contentType, userAgent, body string
}

// flakyProxy forwards to the gateway and records each request; the first failFirst requests
// it answers itself with 503, as a restarting gateway or a load balancer would.
type flakyProxy struct {
	mu        sync.Mutex
	failFirst int
	requests  []seen
}

func (p *flakyProxy) start(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		p.requests = append(p.requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("User-Agent"), string(body)})
		fail := len(p.requests) <= p.failFirst
		p.mu.Unlock()
		if fail {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRunitorRequests: a run as runitor reports it (start, then success or the exit code, one
// rid, the output as body) is stored, and a 503 on the way is retried, not lost.
func TestRunitorRequests(t *testing.T) {
	g := startPingGateway(t)
	const rid = "7a3c0e52-8f14-4d6b-9c2e-1f0a9b8c7d6e"
	tests := []struct {
		name       string
		handle     string // the uuid, or <ping key>/<service>
		service    string
		exitCode   int
		output     string
		failFirst  int // 503s the proxy answers first
		wantStatus string
		wantInfo   string
	}{
		{"success by uuid", backupPingUUID, "backup", 0, "backed up 12 GB\n", 0, "OK", "backed up 12 GB\n"},
		{"exit code by uuid", backupPingUUID, "backup", 2, "tar: /srv: Cannot open\n", 0, "CRITICAL", "exit status 2: tar: /srv: Cannot open\n"},
		// runitor escapes the slug twice (it sets url.URL.Path to an escaped path), so a name
		// with a space cannot be pinged by runitor; @ and : need no escaping and work.
		{"success by ping key and slug", testPingKey + "/dump@db:1", "dump@db:1", 0, "", 0, "OK", ""},
		{"exit code through a 503 retried", backupPingUUID, "backup", 1, "retried", 2, "CRITICAL", "exit status 1: retried"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := &flakyProxy{failFirst: tt.failFirst}
			c := runitorClient{base: proxy.start(t, g.URL) + "/ping", retries: 2, backoff: 10 * time.Millisecond}
			before := len(history(t, g, tt.service))

			stateBefore := stateOf(t, g, tt.service)
			code, limit, err := c.ping(tt.handle, "start", rid, nil)
			if err != nil || code != http.StatusOK || limit != "65536" {
				t.Fatalf("start ping = %d, Ping-Body-Limit %q, %v; want 200, 65536", code, limit, err)
			}
			// A start changes no status; a service that never reported says its first run began.
			got := stateOf(t, g, tt.service)
			if got.Status != stateBefore.Status || got.Info != stateBefore.Info && !strings.HasPrefix(got.Info, "run started at ") {
				t.Errorf("state after the start ping = %+v; want the status unchanged, %+v", got, stateBefore)
			}
			typ := "" // runitor's success ping has no type
			if tt.exitCode != 0 {
				typ = fmt.Sprint(tt.exitCode)
			}
			if code, _, err := c.ping(tt.handle, typ, rid, []byte(tt.output)); err != nil || code != http.StatusOK {
				t.Fatalf("finish ping = %d, %v; want 200", code, err)
			}

			if got := stateOf(t, g, tt.service); got.Status != tt.wantStatus || got.Info != tt.wantInfo {
				t.Errorf("state after the run = %+v; want %s %q", got, tt.wantStatus, tt.wantInfo)
			}
			h := history(t, g, tt.service)
			if len(h) != before+2 || h[0].Status != tt.wantStatus || h[0].Info != tt.wantInfo || h[1].Info != "" {
				t.Errorf("history %d → %d entries, newest two %+v; want a start, then %s %q", before, len(h), h[:min(2, len(h))], tt.wantStatus, tt.wantInfo)
			}
			// What went over the wire is runitor's requests.
			proxy.mu.Lock()
			defer proxy.mu.Unlock()
			if len(proxy.requests) != 2+tt.failFirst {
				t.Fatalf("%d requests; want %d", len(proxy.requests), 2+tt.failFirst)
			}
			for _, r := range proxy.requests {
				if r.method != "POST" || r.contentType != "text/plain" || r.userAgent != runitorUserAgent || r.query != "rid="+rid {
					t.Errorf("request %+v; want POST, text/plain, runitor's User-Agent, rid=%s", r, rid)
				}
				if !strings.HasPrefix(r.path, "/ping/") {
					t.Errorf("request path %q; want it under /ping/", r.path)
				}
			}
		})
	}
	assertNoPingSecrets(t, g)
}
