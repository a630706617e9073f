package kit

import (
	"context"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// T0 is the time the suite's check-ins are counted from.
var T0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// MustOpen opens a store that closes when the test ends.
func MustOpen(t *testing.T, open func(t *testing.T) Store) Store {
	t.Helper()
	s := open(t)
	t.Cleanup(func() { s.Close() })
	return s
}

// MustAdd adds check-ins, failing the test on an error.
func MustAdd(t *testing.T, s Store, cs ...storage.Checkin) {
	t.Helper()
	for _, c := range cs {
		if err := s.Add(context.Background(), c); err != nil {
			t.Fatalf("Add(%+v): %v", c, err)
		}
	}
}

// MustSummary reads a service's summary, failing the test on an error.
func MustSummary(t *testing.T, s Store, service string) storage.Summary {
	t.Helper()
	sum, err := s.Summary(context.Background(), service)
	if err != nil {
		t.Fatalf("Summary(%s): %v", service, err)
	}
	return sum
}

// MustHistory reads up to limit check-ins of a service, newest first, failing the test on an
// error.
func MustHistory(t *testing.T, s Store, service string, limit int) []storage.Checkin {
	t.Helper()
	h, err := History(context.Background(), s, service, limit)
	if err != nil {
		t.Fatalf("History(%s, %d): %v", service, limit, err)
	}
	return h
}

// Infos lists the Infos of check-ins, to compare orders at a glance.
func Infos(cs []storage.Checkin) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Info
	}
	return out
}

// Report is a Report of status at T0 plus minutes.
func Report(service string, status checkin.Status, info string, minutes int) storage.Checkin {
	return storage.Checkin{Service: service, Status: status, Info: info, At: T0.Add(time.Duration(minutes) * time.Minute)}
}
