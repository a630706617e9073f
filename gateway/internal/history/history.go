// Package history is the API's history endpoint, GET /api/v1/services/{name}/history: a
// service's check-ins, newest first, a page at a time, the pages being sent sharing one memory
// budget.
package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// History limits: the default page, the largest a client may ask for, and the most JSON one
// page holds whatever its limit (infos can be 64 KiB each).
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 1000
	MaxPageBytes        = 4 << 20
)

// Reader is what the history endpoint needs of the store.
type Reader interface {
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error]
}

// Handler lists a service's check-ins, newest first, a page at a time: ?limit=N (at most
// 1,000) and ?before=ID (the id of the last entry of the previous page). When there is more, a
// Link header (RFC 8288) names the next page. A page also ends at 4 MiB of JSON, so a request
// never holds more than that in memory, and earlier when the pages being answered hold
// maxHistoryHeld bytes together (clients that do not read hold theirs until --write-timeout).
func Handler(cfg func() *config.Config, db Reader, logger *slog.Logger) http.HandlerFunc {
	budget := newByteBudget(maxHistoryHeld)
	return func(w http.ResponseWriter, r *http.Request) {
		name := respond.ServiceName(r)
		if cfg().Service(name) == nil {
			respond.Fail(w, r, logger, respond.NotFound("service %q is not configured", name))
			return
		}
		limit, before, err := historyPaging(r.URL.Query())
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		entries, last, more, held, err := encodeHistory(db.HistorySeq(r.Context(), name, limit+1, before), limit, budget)
		defer budget.give(held) // once the page is written, or the write timed out
		if errors.Is(err, storage.ErrUnknownCursor) {
			err = respond.BadRequest("query parameter before names no check-in of this service (deleted by retention?)")
		}
		if err != nil {
			respond.Fail(w, r, logger, err)
			return
		}
		if more {
			next := url.Values{"limit": {strconv.Itoa(limit)}, "before": {strconv.FormatInt(last, 10)}}
			// Relative to the request's URL, so it holds behind a proxy that serves the
			// gateway under a path.
			w.Header().Set("Link", "<?"+next.Encode()+`>; rel="next"`)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		writeArray(w, entries) // write errors: the client went away; nothing to do
	}
}

// historyPaging reads ?limit and ?before.
func historyPaging(q url.Values) (limit int, before int64, err error) {
	limit = defaultHistoryLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxHistoryLimit {
			return 0, 0, respond.BadRequest("query parameter limit must be a whole number from 1 to %d; page further back with before", maxHistoryLimit)
		}
		limit = n
	}
	if s := q.Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return 0, 0, respond.BadRequest("query parameter before must be the id of a check-in, as in the Link header")
		}
		before = n
	}
	return limit, before, nil
}

// encodeHistory encodes up to limit entries of seq, stopping early before their JSON array
// would pass MaxPageBytes, or when budget has no room for the next entry (the first one
// always gets room). Each entry is its own slice, so a page costs its size in memory and no
// more (a growing buffer would hold up to twice that). It returns the id of the last entry,
// whether seq has more, and the bytes taken from budget, to be given back once the page is
// written (also when err is not nil).
func encodeHistory(seq iter.Seq2[storage.Checkin, error], limit int, budget *byteBudget) (entries [][]byte, last int64, more bool, held int, err error) {
	size := 3 // "[", "]" and the newline
	for c, err := range seq {
		if err != nil {
			return nil, 0, false, held, err
		}
		b, err := json.Marshal(historyEntry(c))
		if err != nil {
			return nil, 0, false, held, fmt.Errorf("encode history: %w", err)
		}
		if len(entries) == limit || (len(entries) > 0 && size+len(b)+1 > MaxPageBytes) ||
			!budget.take(len(b), len(entries) == 0) {
			return entries, last, true, held, nil
		}
		held += len(b)
		entries = append(entries, b)
		size += len(b) + 1
		last = c.ID
	}
	return entries, last, false, held, nil
}

// writeArray writes entries as one JSON array.
func writeArray(w io.Writer, entries [][]byte) {
	sep := []byte("[")
	for _, e := range entries {
		w.Write(sep)
		w.Write(e)
		sep = []byte(",")
	}
	if len(entries) == 0 {
		w.Write(sep)
	}
	w.Write([]byte("]\n"))
}

// historyEntry is a stored check-in in the history's answer form.
func historyEntry(c storage.Checkin) checkin.HistoryEntry {
	e := checkin.HistoryEntry{Status: c.Status, Info: c.Info, Timestamp: c.At.Unix(), ReportedAt: c.At.UTC(),
		ID: c.ID, Kind: c.Kind, RunID: c.RunID}
	if c.Duration > 0 {
		secs := c.Duration.Seconds()
		e.DurationSeconds = &secs
	}
	return e
}
