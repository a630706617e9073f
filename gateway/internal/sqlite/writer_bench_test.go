package sqlite

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// BenchmarkCommitBatch is the writer's share of `make bench` row 2: batches of 64 check-ins,
// each for another of 1,000 services, committed as the writer commits them (synchronous=FULL).
// It reports the cost per check-in.
func BenchmarkCommitBatch(b *testing.B) {
	const services, batchSize = 1000, 64
	s, _ := mustOpen(b)
	names := make([]string, services)
	for i := range names {
		names[i] = fmt.Sprintf("bench-%04d", i)
	}
	reqs := make([]writeRequest, batchSize)
	batch := make([]*writeRequest, batchSize)
	at := time.Now()
	next := 0
	fill := func() {
		for i := range reqs {
			at = at.Add(time.Microsecond)
			reqs[i] = writeRequest{c: storage.Checkin{Service: names[next%services], Status: checkin.OK, Info: "bench check-in", At: at}}
			batch[i] = &reqs[i]
			next += 7
		}
	}
	for range services / batchSize * 2 { // every service has a summary row, as in the bench
		fill()
		if err := s.commitBatch(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		fill()
		b.StartTimer()
		if err := s.commitBatch(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N*batchSize), "cpu-µs/checkin")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
