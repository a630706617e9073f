package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// scaleResult is what the scale section measures at one number of services.
type scaleResult struct {
	services              int
	alive, states         time.Duration // start-up: to /alive, to every state answered from memory
	restKiB               int           // RSS once started, before any list is read
	reload                time.Duration // SIGHUP to the new configuration in force
	quietP99, hupP99      time.Duration // check-in p99 without and with reloads
	page, pageFirst       time.Duration // GET /status: median, and the first (a walk of every service)
	pageBytes             int
	scrape                time.Duration // GET /metrics with gzip, median
	scrapeRaw, scrapeGzip int64         // bytes: as text, as sent gzip-compressed
	preScrapeKiB          int           // RSS before the scrapes
	scrapeKiB             int           // RSS after the scrapes
	list, listBad         time.Duration // GET /api/v1/services (first page), ?status=CRITICAL,WARNING
	listBytes             int
}

// scale measures one gateway at n services: start-up, reload, the overview page, a metrics
// scrape and the services list, each the median of a few tries.
func scale(bin, dir string, n int) (scaleResult, error) {
	r := scaleResult{services: n}
	config := filepath.Join(dir, fmt.Sprintf("scale-%d.json", n))
	db := filepath.Join(dir, fmt.Sprintf("scale-%d.db", n))
	logFile := filepath.Join(dir, fmt.Sprintf("scale-%d.log", n))
	if err := writeScaleServices(config, n); err != nil {
		return r, err
	}
	t := time.Now()
	if err := seedScale(db, n); err != nil {
		return r, fmt.Errorf("seed %d services: %w", n, err)
	}
	fmt.Printf("scale %d: seeded 2 check-ins per service in %v\n", n, time.Since(t).Round(time.Millisecond))

	gw, err := measureStartup(&r, bin, config, db, logFile)
	if err != nil {
		return r, err
	}
	defer gw.stop()
	time.Sleep(time.Second)
	if r.restKiB, err = gw.rssKiB(); err != nil {
		return r, err
	}
	if err := measureReload(&r, gw, config, n); err != nil {
		return r, err
	}
	if r.page, r.pageFirst, r.pageBytes, err = timedGet(gw.addr, "/status", 9); err != nil {
		return r, err
	}
	if r.list, _, r.listBytes, err = timedGet(gw.addr, "/api/v1/services", 9); err != nil {
		return r, err
	}
	if r.listBad, _, _, err = timedGet(gw.addr, "/api/v1/services?status=CRITICAL,WARNING", 9); err != nil {
		return r, err
	}
	if r.preScrapeKiB, err = gw.rssKiB(); err != nil {
		return r, err
	}
	if err := measureScrape(&r, gw); err != nil {
		return r, err
	}
	r.scrapeKiB, err = gw.rssKiB()
	return r, err
}

// measureStartup starts the gateway three times and keeps the median times to /alive and to
// the last service's state answered right; the third gateway stays up.
func measureStartup(r *scaleResult, bin, config, db, logFile string) (*gateway, error) {
	var alives, states []time.Duration
	for i := 0; ; i++ {
		g, took, err := startGateway(bin, config, db, logFile)
		if err != nil {
			return nil, err
		}
		t := time.Now()
		if err := wantStatus(g.addr, scaleName(r.services-1), "OK"); err != nil {
			g.stop()
			return nil, err
		}
		alives, states = append(alives, took), append(states, took+time.Since(t))
		r.alive, r.states = medianDuration(alives), medianDuration(states)
		if i == 2 {
			return g, nil
		}
		if err := g.stop(); err != nil {
			return nil, err
		}
	}
}

// wantStatus checks a service's state over the API.
func wantStatus(addr, service, want string) error {
	resp, err := http.Get("http://" + addr + "/api/v1/services/" + service)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var st checkin.State
	if resp.StatusCode != 200 || json.Unmarshal(body, &st) != nil || st.Status.String() != want || st.ReportedAt == nil {
		return fmt.Errorf("state of %s right after start: %d %s; want %s", service, resp.StatusCode, body, want)
	}
	return nil
}

// timedGet fetches path tries times and returns the median time, the first time and the size
// of the body. The first GET after start-up or a reload evaluates every service; the lists
// keep the states for the GETs that follow.
func timedGet(addr, path string, tries int) (median, first time.Duration, size int, err error) {
	var times []time.Duration
	for range tries {
		t := time.Now()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, 0, 0, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return 0, 0, 0, fmt.Errorf("GET %s: %d %v", path, resp.StatusCode, err)
		}
		times, size = append(times, time.Since(t)), int(n)
	}
	return medianDuration(times), times[0], size, nil
}

// measureScrape scrapes /metrics as Prometheus does (gzip) five times.
func measureScrape(r *scaleResult, gw *gateway) error {
	var times []time.Duration
	for range 5 {
		req, _ := http.NewRequest("GET", "http://"+gw.addr+"/metrics", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		t := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		counted := &countingReader{r: resp.Body}
		zr, err := gzip.NewReader(counted)
		if err != nil {
			resp.Body.Close()
			return fmt.Errorf("GET /metrics: %w", err)
		}
		raw, err := io.Copy(io.Discard, zr)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("GET /metrics: %w", err)
		}
		times = append(times, time.Since(t))
		r.scrapeRaw, r.scrapeGzip = raw, counted.n
	}
	r.scrape = medianDuration(times)
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// measureReload adds a service to the file, sends SIGHUP and times until the new service
// answers; three times. Check-ins run throughout, and once more without reloads, for their p99.
func measureReload(r *scaleResult, gw *gateway, config string, n int) error {
	checkins := make([][]byte, min(n, 1000))
	for i := range checkins {
		k := i * (n / len(checkins))
		body := fmt.Sprintf(`{"service": %q, "token": %q, "status": "OK", "info": "bench check-in"}`, scaleName(k), scaleToken(k))
		checkins[i] = fmt.Appendf(nil, "POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	req := func(c, i int) []byte { return checkins[(c*7919+i)%len(checkins)] }
	quiet, err := runLoad(gw.addr, 8, 2*time.Second, req, 204)
	if err != nil {
		return err
	}
	var reloads []time.Duration
	var loadErr error
	var hup loadResult
	done := make(chan struct{})
	go func() { hup, loadErr = runLoad(gw.addr, 8, 4*time.Second, req, 204); close(done) }()
	for k := range 3 {
		probe := fmt.Sprintf("reload-probe-%d", k)
		if err := writeScaleServices(config, n, probe); err != nil {
			return err
		}
		t := time.Now()
		if err := gw.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			return err
		}
		for !answers(gw.addr, probe) {
			if time.Since(t) > 20*time.Second {
				return fmt.Errorf("reload of %d services: %s not answering after 20s", n, probe)
			}
			time.Sleep(time.Millisecond)
		}
		reloads = append(reloads, time.Since(t))
		time.Sleep(200 * time.Millisecond)
	}
	<-done
	if loadErr != nil {
		return fmt.Errorf("check-ins during reload: %w", loadErr)
	}
	r.reload, r.quietP99, r.hupP99 = medianDuration(reloads), quiet.p99, hup.p99
	return nil
}

// answers reports whether the state of service is known (200, not 404).
func answers(addr, service string) bool {
	resp, err := http.Get("http://" + addr + "/api/v1/services/" + service)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == 200
}

func medianDuration(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
