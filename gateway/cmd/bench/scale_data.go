package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func scaleName(i int) string  { return fmt.Sprintf("host-%06d-backup", i) }
func scaleToken(i int) string { return fmt.Sprintf("token-%06d-scale", i) }

// scaleNotOK is one service in a hundred: CRITICAL by report.
func scaleNotOK(i int) bool { return i%100 == 0 }

// writeScaleServices writes a services file with n services in teams of 50 owners, plus
// extra ones named by the caller (for the reload probe).
func writeScaleServices(path string, n int, extra ...string) error {
	svcs := make(map[string]map[string]any, n+len(extra))
	for i := range n {
		svcs[scaleName(i)] = map[string]any{"token": scaleToken(i), "timeout": "1d", "owner": fmt.Sprintf("team-%02d", i%50)}
	}
	for _, name := range extra {
		svcs[name] = map[string]any{"token": "token-" + name, "timeout": "1d"}
	}
	b, err := json.MarshalIndent(svcs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// seedScale gives each of n services two check-ins a minute apart, the newest CRITICAL for
// one service in a hundred and OK for the rest. Concurrent adds share transactions, as
// concurrent clients' check-ins do.
func seedScale(path string, n int) error {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	now := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 128)
	for g := range len(errs) {
		wg.Go(func() {
			for i := g; i < n && errs[g] == nil; i += len(errs) {
				newest := checkin.OK
				if scaleNotOK(i) {
					newest = checkin.Critical
				}
				for k, s := range []checkin.Status{checkin.OK, newest} {
					c := storage.Checkin{Service: scaleName(i), Status: s, Info: seedInfo, At: now.Add(time.Duration(k-2) * time.Minute)}
					if err := st.Add(ctx, c); err != nil {
						errs[g] = err
						break
					}
				}
			}
		})
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}
