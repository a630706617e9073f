// Package storagetest is the conformance suite of the check-in stores: every storage engine
// runs the same Exercise, so a second engine cannot drift from the first. It also holds Seed,
// which fills a store with test and benchmark data.
package storagetest

import (
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/prunes"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/reads"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/writes"
)

// Exercise runs the suite. open returns a new, empty store; the suite closes it when a
// subtest ends (closing twice must be harmless).
func Exercise(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, open func(t *testing.T) Store)
	}{
		{"AddLatestHistory", writes.AddLatestHistory},
		{"ConcurrentAddsAllKept", writes.ConcurrentAdds},
		{"Runs", writes.Runs},
		{"LogAndStartNeverNewest", writes.LogAndStartNeverNewest},
		{"OpenRunsCapped", writes.OpenRunsCapped},
		{"AddRefusesInvalid", writes.AddRefusesInvalid},
		{"Import", writes.Import},
		{"ImportRuns", writes.ImportRuns},
		{"ImportRefusesInvalid", writes.ImportRefusesInvalid},
		{"HistoryPages", reads.HistoryPages},
		{"HistoryPagesSameTime", reads.HistoryPagesSameTime},
		{"HistorySeqStopsEarly", reads.HistorySeqStopsEarly},
		{"Prune", prunes.Prune},
		{"PruneKeepZeroKeepsNewest", prunes.PruneKeepZeroKeepsNewest},
		{"PruneStopsWithContext", prunes.PruneStopsWithContext},
		{"Ping", writes.Ping},
		{"Seed", testSeed},
		{"InstallSecret", testInstallSecret},
		{"StoreID", testStoreID},
		{"RenameService", testRenameService},
		{"ClockSteps", writes.ClockSteps},
		{"RenameKeepsCapPruned", prunes.RenameKeepsCapPruned},
		{"Services", reads.Services},
		{"PruneToBytes", prunes.PruneToBytes},
		{"Marks", reads.Marks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}
