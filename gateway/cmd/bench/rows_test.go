package main

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func TestNextLink(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"none", nil, ""},
		{"next", []string{`</api/v1/services/a/history?before=7&limit=1000>; rel="next"`}, "/api/v1/services/a/history?before=7&limit=1000"},
		{"next among others", []string{`</x?p=1>; rel="prev", </x?p=3>; rel="next"`}, "/x?p=3"},
		{"next in a second header", []string{`</x?p=1>; rel="prev"`, `</x?p=3>; rel="next"`}, "/x?p=3"},
		{"no next", []string{`</x?p=1>; rel="prev"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextLink(tt.values); got != tt.want {
				t.Errorf("nextLink(%q) = %q; want %q", tt.values, got, tt.want)
			}
		})
	}
}

// The gateway's Link targets are relative to the page; the readers follow them as clients do.
func TestFollow(t *testing.T) {
	const page = "http://127.0.0.1:5000/api/v1/services/a/history?limit=1000"
	tests := []struct{ link, want string }{
		{"?before=7&limit=1000", "http://127.0.0.1:5000/api/v1/services/a/history?before=7&limit=1000"},
		{"/api/v1/services/a/history?before=7", "http://127.0.0.1:5000/api/v1/services/a/history?before=7"},
	}
	for _, tt := range tests {
		if got, err := follow(page, tt.link); err != nil || got != tt.want {
			t.Errorf("follow(%q) = %q, %v; want %q", tt.link, got, err, tt.want)
		}
	}
}

func TestCountServices(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    int
		wantErr bool
	}{
		{"array", `[{"service":"a"},{"service":"b"}]`, 2, false},
		{"empty array", `[]`, 0, false},
		{"paged object", `{"next":"x","services":[{"service":"a"},{"service":"b"},{"service":"c"}]}`, 3, false},
		{"object without a list", `{"error":"x"}`, 0, true},
		{"not JSON", `oops`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := countServices([]byte(tt.body))
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("countServices(%s) = %d, %v; want %d, error %v", tt.body, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestServiceFiles checks that the services files the rows write are ones the gateway loads:
// ping_uuids, the scheduled variant and the extra service.
func TestServiceFiles(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "services.json")
	if err := writeServices(base, 3); err != nil {
		t.Fatal(err)
	}
	sched, huge := filepath.Join(dir, "scheduled.json"), filepath.Join(dir, "huge.json")
	err := errors.Join(
		variant(base, sched, func(s map[string]any) {
			delete(s, "timeout")
			s["schedule"], s["tz"] = benchSchedule, benchTZ
		}, nil),
		variant(base, huge, nil, services{hugeService: {"token": hugeToken, "timeout": "1d"}}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path      string
		want      int
		scheduled bool
	}{
		{base, 3, false},
		{sched, 3, true},
		{huge, 4, false},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			c, err := config.LoadFile(tt.path)
			if err != nil {
				t.Fatalf("LoadFile(%s) = %v", tt.path, err)
			}
			if c.Len() != tt.want {
				t.Errorf("Len() = %d; want %d", c.Len(), tt.want)
			}
			s := c.Service(serviceName(1))
			if got := s.Schedule != nil; got != tt.scheduled {
				t.Errorf("%s scheduled = %v; want %v", s.Name, got, tt.scheduled)
			}
			if !s.Ping.HasUUID() || !config.IsUUID(pingUUID(1)) {
				t.Errorf("%s has no valid ping_uuid (%q)", s.Name, pingUUID(1))
			}
		})
	}
}
