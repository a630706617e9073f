// Package servicehistory reads what a service's status page shows of its history: the
// reports of its timeline, without their infos, and the newest check-ins folded into rows,
// their infos cut to what a row shows.
package servicehistory

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
)

// What a service's page shows: every check-in of the last Window, at least
// historyAtLeast whatever their age, and at most historyRows rows once folded.
const (
	Window         = 14 * 24 * time.Hour
	historyAtLeast = 50
	historyAtMost  = 20000
	historyRows    = 500
)

// History is what a service's page shows of its history: the reports of the timeline
// (status and time only, oldest first, for timeline.ComputeAscending) and at most historyRows folded rows with their infos.
type History struct {
	Reports   []state.Report
	Rows      []Row
	Read      int  // check-ins read
	Truncated bool // more rows than historyRows
}
