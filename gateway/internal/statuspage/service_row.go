package statuspage

import (
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// serviceRow is one service as the status pages show it.
type serviceRow struct {
	Name, Owner, Info string
	Status            checkin.Status
	Reported          bool
	ReportedStatus    checkin.Status
	Last              stamp
	Age               time.Duration
	Timeout, Grace    time.Duration
	// Schedule is a scheduled service's schedule in words with its zone; "" for the others.
	Schedule string
	Overdue  bool
}

func newServiceRow(svc *config.Service, res state.Result, now time.Time) serviceRow {
	row := serviceRow{Name: svc.Name, Owner: svc.Owner, Info: res.Info(), Status: res.Status,
		Timeout: res.Timeout, Grace: res.Grace, Overdue: res.IsOverdue()}
	if svc.Schedule != nil {
		row.Schedule = svc.Schedule.Describe() + ", " + svc.Schedule.Location().String()
	}
	if !res.Latest.None() {
		row.Reported, row.ReportedStatus = true, res.Latest.Status
		row.Last, row.Age = newStamp(res.Latest.At, now), res.Age
	}
	return row
}
