package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestRecent(t *testing.T) {
	s, _ := mustOpen(t)
	ctx := context.Background()
	// 100 check-ins one hour apart, numbered 0 (oldest) to 99, and one of another service.
	for i := range 100 {
		if err := s.Add(ctx, Checkin{Service: "backup", Status: checkin.OK, Info: fmt.Sprint(i), At: t0.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(ctx, Checkin{Service: "other", Status: checkin.OK, At: t0.Add(200 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	last := t0.Add(99 * time.Hour)
	tests := []struct {
		name             string
		service          string
		since            time.Time
		atLeast, atMost  int
		wantNewest, want string // infos of the newest and oldest returned, and the count
		wantLen          int
	}{
		{"since, plus one older", "backup", last.Add(-9 * time.Hour), 5, 1000, "99", "89", 11},
		{"since exactly on a report counts it", "backup", last, 1, 1000, "99", "98", 2},
		{"at least beats since", "backup", last.Add(-9 * time.Hour), 50, 1000, "99", "50", 50},
		{"at most caps", "backup", t0.Add(-time.Hour), 1, 3, "99", "97", 3},
		{"since before all", "backup", t0.Add(-time.Hour), 1, 1000, "99", "0", 100},
		{"at least more than there are", "backup", last, 500, 1000, "99", "0", 100},
		{"since in the future", "backup", last.Add(time.Hour), 1, 1000, "99", "99", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Recent(ctx, tt.service, tt.since, tt.atLeast, tt.atMost)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantLen || got[0].Info != tt.wantNewest || got[len(got)-1].Info != tt.want {
				t.Errorf("Recent(%v, %d, %d) = %d check-ins %s..%s; want %d %s..%s", tt.since, tt.atLeast, tt.atMost,
					len(got), got[0].Info, got[len(got)-1].Info, tt.wantLen, tt.wantNewest, tt.want)
			}
		})
	}
	if got, err := s.Recent(ctx, "nobody", t0, 50, 1000); err != nil || len(got) != 0 {
		t.Errorf("Recent(nobody) = %v, %v; want none", got, err)
	}
}

func TestSize(t *testing.T) {
	s, _ := mustOpen(t)
	before, err := s.Size()
	if err != nil || before <= 0 {
		t.Fatalf("Size() = %d, %v; want > 0", before, err)
	}
	for i := range 50 {
		if err := s.Add(context.Background(), Checkin{Service: "backup", Status: checkin.OK, Info: fmt.Sprintf("%0500d", i), At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.Size()
	if err != nil || after < before+50*500 {
		t.Errorf("Size() after 25 kB of check-ins = %d, %v; want at least %d", after, err, before+50*500)
	}
}
