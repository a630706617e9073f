package servicehistory

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Row is a run of consecutive identical check-ins (same kind, status and info), shown
// as one row of the history.
type Row struct {
	Kind          checkin.Kind // a run's start or a log entry is shown as such, not as a status
	Status        checkin.Status
	Info          string // cut to maxShownInfo
	First, Latest time.Time
	Count         int
	sum           uint64 // infoSum of the whole info
}

// foldInto adds c, older than every check-in in rows, to rows: into the last row when it is
// the same, else as a new row unless rows already holds atMost; full reports that case. A row
// keeps its info cut (CutInfo), and compares the whole of it by its sum.
func foldInto(rows []Row, c storage.Checkin, atMost int) (out []Row, full bool) {
	sum := infoSum(c.Info)
	if n := len(rows); n > 0 && rows[n-1].Kind == c.Kind && rows[n-1].Status == c.Status && rows[n-1].sum == sum {
		rows[n-1].First = c.At
		rows[n-1].Count++
		return rows, false
	}
	if len(rows) >= atMost {
		return rows, true
	}
	return append(rows, Row{Kind: c.Kind, Status: c.Status, Info: CutInfo(c.Info), First: c.At, Latest: c.At, Count: 1, sum: sum}), false
}
