package metrics

import (
	"bufio"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// Handler serves /metrics in Prometheus' text format: what reg gathers (requests, check-ins,
// reloads, the Go runtime and the process), then the services' series, written as they are
// computed. Nothing is built whole in memory but one small record per exported service, so a
// scrape of 100,000 services costs a few megabytes and well under a second. A metric that
// cannot be gathered is logged and left out; the rest is still served.
func (g *Gateway) Handler(reg prometheus.Gatherer, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		families, err := reg.Gather()
		if err != nil {
			logger.Error("gather metrics", "err", err)
		}
		h := w.Header()
		h.Set("Content-Type", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
		h.Add("Vary", "Accept-Encoding")
		var out io.Writer = w
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			gz := gzipWriters.Get().(*gzip.Writer)
			gz.Reset(w)
			defer func() { gz.Close(); gzipWriters.Put(gz) }()
			out = gz
		}
		if r.Method == http.MethodHead {
			return
		}
		bw := bufio.NewWriterSize(out, 64<<10)
		for _, f := range families {
			if _, err := expfmt.MetricFamilyToText(bw, f); err != nil {
				return // the client went away
			}
		}
		g.services.write(r.Context(), bw)
		_ = bw.Flush()
	})
}

// gzipWriters are reused: each holds a few hundred kilobytes of tables.
var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return gz
}}

// acceptsGzip reports whether the client takes a gzip-encoded answer (Prometheus does).
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if q, err := strconv.ParseFloat(v, 64); err == nil && q == 0 {
				return false
			}
		}
		return true
	}
	return false
}
