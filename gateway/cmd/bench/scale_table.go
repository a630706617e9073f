package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// printScale writes the scale section, with each figure's target beside it, and reports
// whether every target was met. Targets are set for 100,000 services and hold at fewer.
func printScale(w io.Writer, rs []scaleResult) bool {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	verdict, all := verdicts()
	fmt.Fprintln(tw, "services\tmeasured\tresult\ttarget\t")
	for _, r := range rs {
		n := fmt.Sprintf("%d", r.services)
		fmt.Fprintf(tw, "%s\tstart-up: /alive; every state in memory\t%s; %s\t≤ 1 s; ≤ 2 s: %s\t\n",
			n, ms(r.alive), ms(r.states), verdict(r.alive <= time.Second && r.states <= 2*time.Second))
		fmt.Fprintf(tw, "%s\tRSS at rest\t%.1f MB\t≤ 100 MB: %s\t\n", n, mb(r.restKiB), verdict(r.restKiB <= 100*1024))
		fmt.Fprintf(tw, "%s\tSIGHUP reload to the new service answering; check-in p99 quiet / reloading\t%s; %s / %s, none refused\t≤ 300 ms: %s\t\n",
			n, ms(r.reload), ms(r.quietP99), ms(r.hupP99), verdict(r.reload <= 300*time.Millisecond))
		fmt.Fprintf(tw, "%s\tGET /status (overview, 100 a page): median; first after the reloads\t%s; %s, %.0f KB\t≤ 50 ms, ≤ 300 KB: %s\t\n",
			n, ms(r.page), ms(r.pageFirst), float64(r.pageBytes)/1e3, verdict(r.page <= 50*time.Millisecond && r.pageBytes <= 300e3))
		fmt.Fprintf(tw, "%s\tGET /metrics (gzip); RSS after 5 scrapes (+ by them)\t%s, %.1f MB text, %.1f MB sent; %.1f MB (%+.1f)\t≤ 1 s, ≤ 15 MB sent, ≤ +50 MB: %s\t\n",
			n, ms(r.scrape), float64(r.scrapeRaw)/1e6, float64(r.scrapeGzip)/1e6, mb(r.scrapeKiB), mb(r.scrapeKiB-r.preScrapeKiB),
			verdict(r.scrape <= time.Second && r.scrapeGzip <= 15e6 && r.scrapeKiB-r.preScrapeKiB <= 50*1024))
		fmt.Fprintf(tw, "%s\tGET /api/v1/services (first 1,000); ?status=CRITICAL,WARNING\t%s, %.0f KB; %s\t-\t\n",
			n, ms(r.list), float64(r.listBytes)/1e3, ms(r.listBad))
	}
	tw.Flush()
	return *all
}

func mb(kib int) float64 { return float64(kib) / 1024 }
