package statuspage

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/store"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// foldedReport is a run of consecutive identical check-ins (same status, same info), shown as
// one row of the history.
type foldedReport struct {
	Kind          checkin.Kind // a run's start or a log entry is shown as such, not as a status
	Status        checkin.Status
	Info          string
	First, Latest time.Time
	Count         int
}

// fold merges consecutive check-ins of the same kind with the same status and info. hist is newest first, and
// so is the result.
func fold(hist []store.Checkin) []foldedReport {
	var out []foldedReport
	for _, c := range hist {
		if n := len(out); n > 0 && out[n-1].Kind == c.Kind && out[n-1].Status == c.Status && out[n-1].Info == c.Info {
			out[n-1].First = c.At
			out[n-1].Count++
			continue
		}
		out = append(out, foldedReport{Kind: c.Kind, Status: c.Status, Info: c.Info, First: c.At, Latest: c.At, Count: 1})
	}
	return out
}
