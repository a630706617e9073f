package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

// floodInfo is the size of a flooding client's info: the 60 KB check-ins.
const floodInfo = 60_000

// floodConns is how many connections send the flood; otherConns how many send the other
// services' check-ins whose latency the row shows.
const (
	floodConns = 8
	otherConns = 8
)

// floodResult is one service flooding at the default rate limit, beside the other services.
type floodResult struct {
	quiet, flooded loadResult    // the other services' check-ins without and with the flood
	stored, over   int           // the flood's check-ins answered 204 and 429
	flooding       time.Duration // from the flood's first start to its last stop (the rate refills meanwhile)
	bodyBytes      int           // of one flood check-in
}

// measureFlood runs, in interleaved rounds, the other services' check-ins alone and while one
// service is flooded with 60 KB check-ins, on a gateway with the default rate limit.
func measureFlood(o options, dir, bin, config string) (floodResult, error) {
	// The flooded service has the default rate; the others none, so that the load measuring
	// their latency is never refused.
	floodConfig := filepath.Join(dir, "services-flood.json")
	if err := variant(config, floodConfig, func(s map[string]any) { s["rate"] = "off" },
		services{serviceName(0): {"token": serviceToken(0), "timeout": "1d"}}); err != nil {
		return floodResult{}, err
	}
	db := filepath.Join(dir, "flood.db")
	g, _, err := startGatewayWith(nil, bin, floodConfig, db, filepath.Join(dir, "flood.log"))
	if err != nil {
		return floodResult{}, err
	}
	defer g.stop()
	others := make([][]byte, 0, o.services-1)
	for i := 1; i < o.services; i++ {
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "bench check-in"}`, serviceName(i), serviceToken(i))
		others = append(others, fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	}
	body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": %q}`, serviceName(0), serviceToken(0), strings.Repeat("x", floodInfo))
	flood := fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	rotate := func(c, i int) []byte { return others[(c*7919+i)%len(others)] }
	var first time.Time

	var res floodResult
	var quiet, flooded []loadResult
	for range o.rounds {
		q, err := runLoad(g.addr, otherConns, o.each, rotate, 204)
		if err != nil {
			return res, fmt.Errorf("check-ins without the flood: %w", err)
		}
		if first.IsZero() {
			first = time.Now()
		}
		f := startFlood(g.addr, flood)
		l, err := runLoad(g.addr, otherConns, o.each, rotate, 204)
		stored, over, ferr := f.stop()
		res.flooding = time.Since(first)
		if err != nil {
			return res, fmt.Errorf("check-ins during the flood: %w", err)
		}
		if ferr != nil {
			return res, fmt.Errorf("flood: %w", ferr)
		}
		quiet, flooded = append(quiet, q), append(flooded, l)
		res.stored, res.over = res.stored+stored, res.over+over
	}
	res.quiet, res.flooded = median(quiet), median(flooded)
	res.bodyBytes = len(body)
	return res, nil
}

// growthPerMin is what the flood adds a minute once its burst is spent: the check-ins stored
// beyond the burst, at their size. (The database files' own growth over seconds says little:
// SQLite reuses its log's and its free pages.)
func (f floodResult) growthPerMin() float64 {
	return float64(max(0, f.stored-defaultBurst)*f.bodyBytes) / f.flooding.Minutes()
}

// flooder sends one check-in over and over on floodConns connections, taking 204 and 429.
type flooder struct {
	stopping     atomic.Bool
	wg           sync.WaitGroup
	stored, over atomic.Int64
	mu           sync.Mutex
	err          error
}

func startFlood(addr string, req []byte) *flooder {
	f := &flooder{}
	for range floodConns {
		f.wg.Go(func() {
			if err := f.send(addr, req); err != nil {
				f.mu.Lock()
				f.err = cmpErr(f.err, err)
				f.mu.Unlock()
			}
		})
	}
	return f
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (f *flooder) send(addr string, req []byte) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	br := bufio.NewReaderSize(conn, 16<<10)
	for !f.stopping.Load() {
		if _, err := conn.Write(req); err != nil {
			return err
		}
		code, err := readResponse(br)
		switch {
		case err != nil:
			return err
		case code == 204:
			f.stored.Add(1)
		case code == 429:
			f.over.Add(1)
		default:
			return fmt.Errorf("flood answer %d; want 204 or 429", code)
		}
	}
	return nil
}

func (f *flooder) stop() (stored, over int, err error) {
	f.stopping.Store(true)
	f.wg.Wait()
	return int(f.stored.Load()), int(f.over.Load()), f.err
}

// defaultBurst and floodBound: the default rate's burst, and the most a flooding service may
// add a minute once it is spent: one a second of at most 64 KiB (the issue measured 1.64 GB a
// minute without a limit).
const (
	defaultBurst = 60
	floodBound   = 60 * 64 << 10
)

func (m measurements) printFloodRow(w io.Writer, verdict func(bool) string) {
	f := m.flood
	r := float64(f.flooded.p99) / float64(f.quiet.p99)
	fmt.Fprintf(w, "8a\tone service flooded with 60 KB check-ins at the default rate (%d conns, %s)\t%s a minute after the burst (%d stored, %d × 429); others' check-ins (%d conns) p99 %s vs %s quiet, %.2f×\t≤ %.1f MB a minute: %s\t\n",
		floodConns, f.flooding.Round(time.Second), megabytes(f.growthPerMin()), f.stored, f.over, otherConns, ms(f.flooded.p99), ms(f.quiet.p99), r,
		float64(floodBound)/1e6, verdict(f.growthPerMin() <= floodBound))
}

func megabytes(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }

// percentiles sorts lat and returns its p50 and p99.
func percentiles(lat []time.Duration) (p50, p99 time.Duration) {
	if len(lat) == 0 {
		return 0, 0
	}
	slices.Sort(lat)
	return pct(lat, 0.5), pct(lat, 0.99)
}

// measureBounds measures the rows of a flood at the rate limit and of idle connections.
func measureBounds(o options, dir, bin, config string) (floodResult, idleResult, error) {
	f, err := measureFlood(o, dir, bin, config)
	if err != nil {
		return f, idleResult{}, fmt.Errorf("flood at the rate limit: %w", err)
	}
	i, err := measureIdle(o, dir, bin, config)
	if err != nil {
		return f, i, fmt.Errorf("idle connections: %w", err)
	}
	return f, i, nil
}

// runBounds measures and prints only these rows (-bounds-only).
func runBounds(o options, bin, dir, config string) (bool, error) {
	var m measurements
	var err error
	if m.flood, m.idle, err = measureBounds(o, dir, bin, config); err != nil {
		return false, err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	verdict, all := verdicts()
	fmt.Fprintln(tw, "row\tmeasured\tresult\ttarget\t")
	m.printFloodRow(tw, verdict)
	m.printIdleRow(tw, verdict)
	tw.Flush()
	return *all, nil
}
