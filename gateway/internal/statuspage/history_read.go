package statuspage

import (
	"iter"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// What a service's page shows: every check-in of the last historyWindow, at least
// historyAtLeast whatever their age, and at most historyRows rows once folded.
const (
	historyWindow  = 14 * 24 * time.Hour
	historyAtLeast = 50
	historyAtMost  = 20000
	historyRows    = 500
)

// pageHistory is what a service's page shows of its history: the reports of the timeline
// (status and time only, newest first) and at most historyRows folded rows with their infos.
type pageHistory struct {
	reports   []state.Report
	rows      []foldedReport
	read      int  // check-ins read
	truncated bool // more rows than historyRows
}

// readPageHistory walks a service's history newest first, from now back to since (and at least
// atLeast check-ins, at most atMost), keeping only what the page shows: a check-in's info is
// kept only while it starts one of the first historyRows folded rows.
func readPageHistory(seq iter.Seq2[storage.Checkin, error], since time.Time, atLeast int) (pageHistory, error) {
	var h pageHistory
	for c, err := range seq {
		if err != nil {
			return pageHistory{}, err
		}
		h.read++
		if c.Kind == checkin.KindReport {
			h.reports = append(h.reports, state.Report{Status: c.Status, At: c.At})
		}
		var full bool
		h.rows, full = foldInto(h.rows, c, historyRows)
		h.truncated = h.truncated || full
		if h.read >= atLeast && c.At.Before(since) {
			break
		}
	}
	return h, nil
}
