// Package storetest is the conformance suite of the check-in stores: every storage engine
// runs the same Exercise, so a second engine cannot drift from the first. It also holds Seed,
// which fills a store with test and benchmark data.
package storetest

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Store is what every storage engine offers the gateway.
type Store interface {
	Add(ctx context.Context, c store.Checkin) error
	Import(ctx context.Context, service string, rows []store.Checkin) (added int, err error)
	Summary(ctx context.Context, service string) (store.Summary, error)
	Latest(ctx context.Context, service string) (latest, latestOK store.Checkin, err error)
	History(ctx context.Context, service string, limit int) ([]store.Checkin, error)
	HistoryPage(ctx context.Context, service string, limit int, before int64) ([]store.Checkin, error)
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[store.Checkin, error]
	Recent(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]store.Checkin, error)
	Prune(ctx context.Context, before time.Time, keep int, opts store.PruneOptions) (int, error)
	Ping(ctx context.Context) error
	Close() error
}

// Exercise runs the suite. open returns a new, empty store; the suite closes it when a
// subtest ends (closing twice must be harmless).
func Exercise(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, open func(t *testing.T) Store)
	}{
		{"AddLatestHistory", testAddLatestHistory},
		{"ConcurrentAddsAllKept", testConcurrentAdds},
		{"Runs", testRuns},
		{"LogAndStartNeverNewest", testLogAndStartNeverNewest},
		{"OpenRunsCapped", testOpenRunsCapped},
		{"AddRefusesInvalid", testAddRefusesInvalid},
		{"Import", testImport},
		{"ImportRuns", testImportRuns},
		{"ImportRefusesInvalid", testImportRefusesInvalid},
		{"HistoryPages", testHistoryPages},
		{"HistoryPagesSameTime", testHistoryPagesSameTime},
		{"HistorySeqStopsEarly", testHistorySeqStopsEarly},
		{"Recent", testRecent},
		{"Prune", testPrune},
		{"PruneKeepZeroKeepsNewest", testPruneKeepZeroKeepsNewest},
		{"PruneStopsWithContext", testPruneStopsWithContext},
		{"Ping", testPing},
		{"Seed", testSeed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

// T0 is the time the suite's check-ins are counted from.
var T0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// mustOpen opens a store that closes when the test ends.
func mustOpen(t *testing.T, open func(t *testing.T) Store) Store {
	t.Helper()
	s := open(t)
	t.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(t *testing.T, s Store, cs ...store.Checkin) {
	t.Helper()
	for _, c := range cs {
		if err := s.Add(context.Background(), c); err != nil {
			t.Fatalf("Add(%+v): %v", c, err)
		}
	}
}

func mustSummary(t *testing.T, s Store, service string) store.Summary {
	t.Helper()
	sum, err := s.Summary(context.Background(), service)
	if err != nil {
		t.Fatalf("Summary(%s): %v", service, err)
	}
	return sum
}

func mustHistory(t *testing.T, s Store, service string, limit int) []store.Checkin {
	t.Helper()
	h, err := s.History(context.Background(), service, limit)
	if err != nil {
		t.Fatalf("History(%s, %d): %v", service, limit, err)
	}
	return h
}

// infos lists the infos of check-ins, to compare orders at a glance.
func infos(cs []store.Checkin) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Info
	}
	return out
}

// report is a report of status at T0 plus minutes.
func report(service string, status checkin.Status, info string, minutes int) store.Checkin {
	return store.Checkin{Service: service, Status: status, Info: info, At: T0.Add(time.Duration(minutes) * time.Minute)}
}
