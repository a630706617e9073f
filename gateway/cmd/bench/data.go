package main

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func serviceName(i int) string  { return fmt.Sprintf("bench-%04d", i) }
func serviceToken(i int) string { return fmt.Sprintf("token-%04d-bench", i) }

// writeServices writes a services file with n services.
func writeServices(path string, n int) error {
	svcs := make(map[string]map[string]any, n)
	for i := range n {
		svcs[serviceName(i)] = map[string]any{"token": serviceToken(i), "timeout": "1d", "owner": "bench", "ping_uuid": pingUUID(i)}
	}
	b, err := json.MarshalIndent(svcs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// seedInfo is a typical info text.
const seedInfo = "backup finished: 42 GB in 13 min"

// seed fills a new database with perService check-ins for each of n services, oldest first,
// one a minute, ending now; every seventh one is CRITICAL. It returns the file's size.
func seed(path string, n, perService int) (int64, error) {
	now := time.Now()
	return seedFile(path, func(yield func(storage.Checkin) bool) {
		for k := range perService {
			at := now.Add(-time.Duration(perService-k) * time.Minute)
			for i := range n {
				status := checkin.OK
				if (k+i)%7 == 0 {
					status = checkin.Critical
				}
				if !yield(storage.Checkin{Service: serviceName(i), Status: status, Info: seedInfo, At: at}) {
					return
				}
			}
		}
	})
}

// seedFile writes rows into a new database file through the store, and returns its size.
func seedFile(path string, rows iter.Seq[storage.Checkin]) (int64, error) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	if _, err := storagetest.Seed(ctx, st, rows); err != nil {
		st.Close()
		return 0, err
	}
	if err := st.Close(); err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
