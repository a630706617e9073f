package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

// balancer is a load balancer for the tests: it hands each request to the first gateway that
// answers, as one with health checks does once a gateway died.
type balancer struct {
	URL string
	mu  sync.Mutex
	gws []*gatewaytest.Gateway
}

func newBalancer(t *testing.T) *balancer {
	t.Helper()
	b := &balancer{}
	client := &http.Client{Timeout: 5 * time.Second}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		gws := append([]*gatewaytest.Gateway(nil), b.gws...)
		b.mu.Unlock()
		for _, g := range gws {
			req, err := http.NewRequestWithContext(r.Context(), r.Method, g.URL+r.URL.RequestURI(), strings.NewReader(string(body)))
			if err != nil {
				continue
			}
			req.Header = r.Header.Clone()
			resp, err := client.Do(req)
			if err != nil {
				continue
			}
			defer resp.Body.Close()
			for k, v := range resp.Header {
				w.Header()[k] = v
			}
			w.WriteHeader(resp.StatusCode)
			_, _ = io.Copy(w, resp.Body)
			return
		}
		http.Error(w, "no gateway answers", http.StatusBadGateway)
	}))
	t.Cleanup(srv.Close)
	b.URL = srv.URL
	return b
}

// add puts g behind the balancer.
func (b *balancer) add(g ...*gatewaytest.Gateway) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gws = append(b.gws, g...)
}

// another starts one more gateway like the rig's, on db.
func (r *pushRig) another(t *testing.T, db string) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Start(t, gatewaytest.Options{Command: "serve", Config: r.services, DB: db, Args: r.args})
}

// metricOf is the value of a series on g's /metrics (-1 when it is missing or g does not answer).
func metricOf(t *testing.T, g *gatewaytest.Gateway, series string) float64 {
	t.Helper()
	resp, err := http.Get(g.URL + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return -1
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(b)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// pushesOf is g's pushes of every result.
func pushesOf(t *testing.T, g *gatewaytest.Gateway) float64 {
	t.Helper()
	var n float64
	for _, result := range []string{"ok", "refused", "unreachable", "unknown_object"} {
		n += metricOf(t, g, fmt.Sprintf(`checkin_icinga_pushes_total{result=%q}`, result))
	}
	return n
}

// leaderOf is g's checkin_push_leader and its store label (-1 and "" when it is missing or g
// does not answer).
func leaderOf(t *testing.T, g *gatewaytest.Gateway) (float64, string) {
	t.Helper()
	resp, err := http.Get(g.URL + "/metrics")
	if err != nil {
		return -1, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return -1, ""
	}
	return leaderIn(t, string(b))
}

// leaderIn reads checkin_push_leader and its store label from a /metrics page.
func leaderIn(t *testing.T, metrics string) (float64, string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^checkin_push_leader\{store="([0-9a-f]{16})"\} (\S+)$`).FindStringSubmatch(metrics)
	if m == nil {
		return -1, ""
	}
	v, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v, m[1]
}

// oneLeader waits up to limit until exactly one of gws says checkin_push_leader 1 and the
// others 0, and returns it. It fails at once when two say 1, or when they name different
// stores.
func oneLeader(t *testing.T, limit time.Duration, gws ...*gatewaytest.Gateway) *gatewaytest.Gateway {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var leaders []*gatewaytest.Gateway
		others := 0
		stores := map[string]bool{}
		for _, g := range gws {
			v, store := leaderOf(t, g)
			switch v {
			case 1:
				leaders = append(leaders, g)
			case 0:
				others++
			}
			if store != "" {
				stores[store] = true
			}
		}
		if len(leaders) > 1 {
			t.Fatalf("%d gateways say checkin_push_leader 1; want one", len(leaders))
		}
		if len(stores) > 1 {
			t.Fatalf("gateways on one database name %d stores in checkin_push_leader: %v; want one", len(stores), stores)
		}
		if len(leaders) == 1 && others == len(gws)-1 {
			return leaders[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no single leader among %d gateways within %v", len(gws), limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkinTo posts a check-in to g and returns when the 204 came.
func checkinTo(t *testing.T, g *gatewaytest.Gateway, service, status, info string) time.Time {
	t.Helper()
	body := fmt.Sprintf(`{"service": %q, "token": %q, "status": %q, "info": %q}`, service, service+"-token", status, info)
	if code := post(t, g.URL+"/api/v1/checkins", body); code != http.StatusNoContent {
		t.Fatalf("check-in %s to %s: HTTP %d; want 204", service, g.URL, code)
	}
	return time.Now()
}
