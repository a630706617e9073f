// Package storagetest is the conformance suite of the check-in stores: every storage engine
// runs the same Exercise, so a second engine cannot drift from the first. It also holds Seed,
// which fills a store with test and benchmark data.
package storagetest

import "testing"

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
		{"Prune", testPrune},
		{"PruneKeepZeroKeepsNewest", testPruneKeepZeroKeepsNewest},
		{"PruneStopsWithContext", testPruneStopsWithContext},
		{"Ping", testPing},
		{"Seed", testSeed},
		{"InstallSecret", testInstallSecret},
		{"RenameService", testRenameService},
		{"ClockSteps", testClockSteps},
		{"RenameKeepsCapPruned", testRenameKeepsCapPruned},
		{"Services", testServices},
		{"PruneToBytes", testPruneToBytes},
		{"Marks", testMarks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}
