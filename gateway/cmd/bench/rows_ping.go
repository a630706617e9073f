package main

import (
	"fmt"
	"io"
)

// pingUUID is the i-th service's ping_uuid: shaped like a UUIDv4 (version 4, variant 8), and
// the same in every run.
func pingUUID(i int) string { return fmt.Sprintf("be0c0000-0000-4000-8000-%012x", i) }

// pingRequests are durable Healthchecks-style success pings, POST /ping/<uuid> with a short
// text body as curl --data-raw and runitor send, one per service.
func pingRequests(n int) [][]byte {
	const body = "bench ping"
	reqs := make([][]byte, n)
	for i := range n {
		reqs[i] = fmt.Appendf(nil, "POST /ping/%s HTTP/1.1\r\nHost: bench\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s",
			pingUUID(i), len(body), body)
	}
	return reqs
}

// printPingRow writes the ping row, judged against row 2 (issue 28): a ping is a check-in stored
// the same way, so it should cost no more.
func (m measurements) printPingRow(w io.Writer, verdict func(bool) string) {
	r := m.ping.perSecond() / m.checkins.perSecond()
	fmt.Fprintf(w, "2b\tPOST /ping/<uuid> durable pings\t%.0f req/s, p50 %s, p99 %s; %.2f× /alive, %.2f× row 2\t≥ 0.90× row 2: %s\t\n",
		m.ping.perSecond(), ms(m.ping.p50), ms(m.ping.p99), m.ping.perSecond()/m.alive.perSecond(), r, verdict(r >= 0.9))
}
