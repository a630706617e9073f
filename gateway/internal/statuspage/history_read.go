package statuspage

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
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
