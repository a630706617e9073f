package legacy

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/legacy/legacytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
)

// BenchmarkImportMillion imports an older database of 1,000,000 check-ins (100 services of
// 10,000, one a minute, a seventh with REAL timestamps) into an empty database, as
// docs/migrating.md quotes it. Run it once:
//
//	go test -run '^$' -bench ImportMillion -benchtime 1x ./internal/legacy
func BenchmarkImportMillion(b *testing.B) {
	const services, perService = 100, 10_000
	rows := make([][]any, 0, services*perService)
	for s := range services {
		name := fmt.Sprintf("service-%03d", s)
		for i := range perService {
			at := t0.Add(time.Duration(i) * time.Minute)
			var ts any = at.Unix()
			if i%7 == 3 {
				ts = float64(at.Unix()) + 0.25
			}
			rows = append(rows, []any{name, ts, "OK", fmt.Sprintf("run %d", i)})
		}
	}
	src := mustOpenSource(b, legacytest.Create(b, legacytest.FullSchema, nil, rows))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "checkins.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Import(context.Background(), src, st, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, imported, _ := res.Totals(); imported != services*perService {
			b.Fatalf("imported %d; want %d", imported, services*perService)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(services*perService)/b.Elapsed().Seconds()*float64(b.N), "rows/s")
}
