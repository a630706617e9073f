package servicehistory

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pace"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// historyInfoBytes is the most of the infos a service's page reads for its history table; the
// page says when its rows stop short of the timeline's check-ins. Infos may be 64 KiB each:
// 20,000 of them cost 2.7 CPU-seconds a page when the page read them all. A row shows at most
// 2 KiB of its info, so 1 MiB is at least 16 rows, and every row of a history whose infos are
// under 2 KiB; 4 MiB made 4 MB of garbage a page for 48 more rows.
const historyInfoBytes = 1 << 20

// Reader is what Read needs of the store: a history without its infos (Marks), and with
// them, newest first (HistorySeq).
type Reader interface {
	Marks(ctx context.Context, service string, since time.Time, atLeast, atMost int) ([]storage.Mark, error)
	HistorySeq(ctx context.Context, service string, limit int, before int64) iter.Seq2[storage.Checkin, error]
}

// Read reads what a service's page shows: the timeline's check-ins (every one
// since since, at least historyAtLeast, at most historyAtMost) without their infos, and the
// infos only of the newest check-ins the table shows: up to historyRows folded rows and
// historyInfoBytes of infos.
func Read(ctx context.Context, db Reader, service string, since time.Time) (History, error) {
	marks, err := db.Marks(ctx, service, since, historyAtLeast, historyAtMost)
	if err != nil {
		return History{}, err
	}
	h := History{Read: len(marks), Reports: make([]state.Report, 0, len(marks))}
	for _, m := range slices.Backward(marks) {
		if m.Kind == checkin.KindReport {
			h.Reports = append(h.Reports, state.Report{Status: m.Status, At: m.At})
		}
	}
	infoBytes, n := 0, 0
	for c, err := range db.HistorySeq(ctx, service, len(marks), 0) {
		if err != nil {
			return History{}, err
		}
		pace.Step(ctx)
		var full bool
		if h.Rows, full = foldInto(h.Rows, c, historyRows); full {
			h.Truncated = true
			break
		}
		n++
		if infoBytes += len(c.Info); infoBytes >= historyInfoBytes {
			h.Truncated = n < len(marks)
			break
		}
	}
	return h, nil
}
