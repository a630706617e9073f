package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/checkinreq"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

const benchBody = `{"service": "backup", "token": "secret-backup", "status": "WARNING", "info": "backup took 3 h"}`

func BenchmarkDecodeCheckin(b *testing.B) {
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/", strings.NewReader(benchBody))
		if _, err := checkinreq.Decode(w, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeState(b *testing.B) {
	svc := &config.Service{Name: "backup", Timeout: 24 * time.Hour, Grace: 12 * time.Hour, Owner: "ops"}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	latest := state.Report{Status: checkin.OK, Info: "42 GB in 13 min", At: now.Add(-time.Hour)}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		respond.JSON(w, http.StatusOK, wireState(svc, state.Evaluate(svc, state.History{Latest: latest, LatestOK: latest}, now)))
	}
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// benchServer is the whole handler over a real database, served on 127.0.0.1.
func benchServer(b *testing.B, services string) string {
	cfg, err := config.Parse([]byte(services))
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "checkins.db"))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(New(Deps{Config: func() *config.Config { return cfg }, Store: db}))
	b.Cleanup(func() { srv.Close(); db.Close() })
	return srv.URL
}

// BenchmarkCheckinParallel and BenchmarkStateParallel are for profiling the server
// (go test -bench Parallel -cpuprofile cpu.out); the client's share shows as net/http client
// frames.
func BenchmarkCheckinParallel(b *testing.B) {
	url := benchServer(b, servicesJSON)
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := tr.RoundTrip(mustRequest(b, "POST", url+"/", benchBody))
			if err != nil || resp.StatusCode != http.StatusNoContent {
				b.Errorf("check-in = %v, %v", resp, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

// BenchmarkPingParallel is BenchmarkCheckinParallel for POST /ping/<uuid> (bench row 2b).
func BenchmarkPingParallel(b *testing.B) {
	url := benchServer(b, pingServices)
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := tr.RoundTrip(mustRequest(b, "POST", url+"/ping/"+pingUUID, "bench ping"))
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Errorf("ping = %v, %v", resp, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

func BenchmarkStateParallel(b *testing.B) {
	url := benchServer(b, servicesJSON)
	body, _ := json.Marshal(map[string]string{"service": "backup", "token": "secret-backup", "status": "OK"})
	if resp, err := http.Post(url+"/", "application/json", bytes.NewReader(body)); err != nil || resp.StatusCode != 204 {
		b.Fatalf("check-in = %v, %v", resp, err)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := tr.RoundTrip(mustRequest(b, "GET", url+"/report?service=backup", ""))
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Errorf("state = %v, %v", resp, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

func mustRequest(b *testing.B, method, url, body string) *http.Request {
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	return r
}
