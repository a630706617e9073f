package statuspage

import (
	"context"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// historyInfoBytes is the most of the infos a service's page reads for its history table; the
// page says when its rows stop short of the timeline's check-ins. Infos may be 64 KiB each:
// 20,000 of them cost 2.7 CPU-seconds a page when the page read them all.
const historyInfoBytes = 4 << 20

// markReader reads a history without its infos.
type markReader interface {
	Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error)
}

// readServiceHistory reads what a service's page shows: the timeline's check-ins (every one
// since since, at least historyAtLeast, at most historyAtMost) without their infos, and the
// infos only of the newest check-ins the table shows: up to historyRows folded rows and
// historyInfoBytes of infos.
func readServiceHistory(ctx context.Context, db interface {
	markReader
	historySeq
}, service string, since time.Time) (pageHistory, error) {
	marks, err := db.Marks(ctx, service, since, historyAtLeast, historyAtMost)
	if err != nil {
		return pageHistory{}, err
	}
	h := pageHistory{read: len(marks)}
	for _, m := range marks {
		if m.Kind == checkin.KindReport {
			h.reports = append(h.reports, state.Report{Status: m.Status, At: m.At})
		}
	}
	infoBytes, n := 0, 0
	for c, err := range db.HistorySeq(ctx, service, len(marks), 0) {
		if err != nil {
			return pageHistory{}, err
		}
		var full bool
		if h.rows, full = foldInto(h.rows, c, historyRows); full {
			h.truncated = true
			break
		}
		n++
		if infoBytes += len(c.Info); infoBytes >= historyInfoBytes {
			h.truncated = n < len(marks)
			break
		}
	}
	return h, nil
}
