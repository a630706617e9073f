package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxReadSlowdown is the target for check-ins while clients page through history: their p99 at
// most 3× the p99 without readers on the same gateway. On 2 shared cores the readers take CPU
// (the gateway encodes their pages, this program reads them), so some slowdown is fair; a
// writer that waits for readers, as once happened, shows as 100× and more.
const maxReadSlowdown = 3.0

// readResult is check-in load on the huge-history gateway without and with readers.
type readResult struct {
	plain, reading loadResult
	pages, refused float64 // pages read, and answers other than 200, a second (median round)
	readers        int
}

// measureReads runs check-ins on g alone and while o.readers clients page through
// hugeService's history, in interleaved rounds, and keeps the medians.
func measureReads(o options, g *gateway, reqs [][]byte) (readResult, error) {
	res := readResult{readers: o.readers}
	var plain, reading []loadResult
	var pages, refused []float64
	for range o.rounds {
		p, err := runLoad(g.addr, o.conns, o.each, rotateFromHuge(reqs), 204)
		if err != nil {
			return res, fmt.Errorf("check-ins without readers: %w", err)
		}
		rd := startReaders(g.addr, o.readers)
		r, err := runLoad(g.addr, o.conns, o.each, rotateFromHuge(reqs), 204)
		n, bad, took, rerr := rd.stop()
		if err != nil {
			return res, fmt.Errorf("check-ins with %d history readers: %w", o.readers, err)
		}
		if rerr != nil {
			return res, fmt.Errorf("history readers: %w", rerr)
		}
		plain, reading = append(plain, p), append(reading, r)
		pages, refused = append(pages, float64(n)/took.Seconds()), append(refused, float64(bad)/took.Seconds())
	}
	res.plain, res.reading = median(plain), median(reading)
	slices.Sort(pages)
	slices.Sort(refused)
	res.pages, res.refused = pages[len(pages)/2], refused[len(refused)/2]
	return res, nil
}

// readers are clients paging through hugeService's history, 1,000 entries a page, following
// the Link header's rel="next" and starting again at the newest page when there is none.
type readers struct {
	client  *http.Client
	done    chan struct{}
	start   time.Time
	wg      sync.WaitGroup
	pages   atomic.Int64
	refused atomic.Int64
	mu      sync.Mutex
	err     error
}

func startReaders(addr string, n int) *readers {
	rd := &readers{done: make(chan struct{}), start: time.Now()}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	rd.client = client
	first := "http://" + addr + "/api/v1/services/" + hugeService + "/history?limit=1000"
	for range n {
		rd.wg.Go(func() {
			next := first
			for {
				select {
				case <-rd.done:
					return
				default:
				}
				link, err := readPage(client, next)
				if err != nil {
					rd.fail(err)
					return
				}
				switch {
				case link == "-":
					rd.refused.Add(1)
				case link == "":
					rd.pages.Add(1)
					next = first
				default:
					rd.pages.Add(1)
					if next, err = follow(next, link); err != nil {
						rd.fail(err)
						return
					}
				}
			}
		})
	}
	return rd
}

// follow resolves a Link target (relative to the page's URL) as a client does.
func follow(page, link string) (string, error) {
	base, err := url.Parse(page)
	if err != nil {
		return "", err
	}
	u, err := base.Parse(link)
	if err != nil {
		return "", fmt.Errorf("next link %q: %w", link, err)
	}
	return u.String(), nil
}

// readPage reads one page and returns the link to the next one ("" after the last page, "-"
// when the gateway did not answer 200, e.g. because it bounds heavy reads).
func readPage(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return "", fmt.Errorf("read history page: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "-", nil
	}
	return nextLink(resp.Header.Values("Link")), nil
}

// nextLink finds the rel="next" target in Link headers (RFC 8288).
func nextLink(values []string) string {
	for _, v := range values {
		for link := range strings.SplitSeq(v, ",") {
			target, params, ok := strings.Cut(link, ";")
			if ok && strings.Contains(params, `rel="next"`) {
				return strings.Trim(strings.TrimSpace(target), "<>")
			}
		}
	}
	return ""
}

func (rd *readers) fail(err error) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.err == nil {
		rd.err = err
	}
}

// stop ends the readers and returns the pages read, the pages refused, how long the readers
// ran and the first error.
func (rd *readers) stop() (pages, refused int, took time.Duration, err error) {
	close(rd.done)
	rd.wg.Wait()
	// Each round has its own readers: their idle connections would otherwise stay open until
	// the gateway's idle timeout, and rounds of them add up to its per-client limit.
	rd.client.CloseIdleConnections()
	return int(rd.pages.Load()), int(rd.refused.Load()), time.Since(rd.start), rd.err
}

// printReadRow writes the row of check-ins while clients page through history (issue 11 §2).
func (m measurements) printReadRow(w io.Writer, o options, verdict func(bool) string) {
	r := m.huge.reads
	ratio := float64(r.reading.p99) / float64(r.plain.p99)
	fmt.Fprintf(w, "7b\tcheck-ins while %d clients page through %s's history (limit=1000, Link rel=next)\t%.0f req/s, p50 %s, p99 %s; without readers %.0f req/s, p99 %s; p99 %.2f×; %.0f pages/s read, %.0f/s refused\tp99 ≤ %.0f× without readers: %s\t\n",
		r.readers, hugeService, r.reading.perSecond(), ms(r.reading.p50), ms(r.reading.p99), r.plain.perSecond(), ms(r.plain.p99), ratio,
		r.pages, r.refused, maxReadSlowdown, verdict(ratio <= maxReadSlowdown))
}
