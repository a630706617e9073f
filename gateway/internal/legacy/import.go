package legacy

import (
	"context"
	"fmt"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
)

// Importer takes one service's check-ins into the gateway's history, in one transaction,
// leaving out those it already has, and says how many it added. The gateway's store is one.
type Importer interface {
	Import(ctx context.Context, service string, rows []storage.Checkin) (added int, err error)
}

// ServiceResult is what an import did with one service's rows.
type ServiceResult struct {
	Service string
	// Mapped rows became check-ins; Imported of them were new, the rest were there already
	// (from an earlier import). In a dry run Imported stays 0.
	Mapped, Imported int
	Skipped          []Skipped
	// First and Last are the times of the oldest and newest mapped row.
	First, Last time.Time
}

// Present is how many mapped rows the history had already.
func (r ServiceResult) Present() int { return r.Mapped - r.Imported }

// Result is what an import did.
type Result struct {
	DryRun   bool
	Services []ServiceResult
	// Notes say what of the older database was left out on purpose (its SMART table).
	Notes []string
}

// Totals adds up the services' counts.
func (r Result) Totals() (mapped, imported, skipped int) {
	for _, s := range r.Services {
		mapped += s.Mapped
		imported += s.Imported
		skipped += len(s.Skipped)
	}
	return mapped, imported, skipped
}

// Options tune Import.
type Options struct {
	// DryRun reads and maps every row but writes nothing.
	DryRun bool
	// Done, when set, learns of each service once it is imported.
	Done func(ServiceResult)
	// Now is the clock that rows in the future are measured against; time.Now when nil.
	Now func() time.Time
}

// maxClockSkew is how far ahead of our clock a row may be dated: the older gateway's box may
// run a little fast. A row further ahead would stay the newest check-in until its date and
// hide every real report after the import, so it is skipped.
const maxClockSkew = 5 * time.Minute

// Import copies every row of the older gateway's states into dst, one service (and one
// transaction) at a time, oldest first. Rows that cannot be mapped, and all rows of services
// whose names this gateway refuses, are counted and listed in the result; they never stop the
// rest. It stops at the first error of the source or of dst: services done by then stay
// imported, and running it again finishes the job.
func Import(ctx context.Context, src *Source, dst Importer, opt Options) (Result, error) {
	res := Result{DryRun: opt.DryRun}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	notes, err := src.Notes(ctx)
	if err != nil {
		return res, err
	}
	res.Notes = notes
	names, err := src.StateServices(ctx)
	if err != nil {
		return res, err
	}
	for _, name := range names {
		rows, skipped, err := src.States(ctx, name)
		if err != nil {
			return res, err
		}
		if !config.ValidName(name) {
			skipped = append(skipped, refuseAll(name, rows)...)
			rows = nil
		}
		rows, skipped = skipFuture(rows, skipped, opt.Now().Add(maxClockSkew))
		r := ServiceResult{Service: name, Mapped: len(rows), Skipped: skipped}
		if len(rows) > 0 {
			r.First, r.Last = rows[0].At, rows[len(rows)-1].At
		}
		if !opt.DryRun && len(rows) > 0 {
			if r.Imported, err = dst.Import(ctx, name, rows); err != nil {
				return res, fmt.Errorf("import %s: %w", name, err)
			}
		}
		res.Services = append(res.Services, r)
		if opt.Done != nil {
			opt.Done(r)
		}
	}
	return res, nil
}

// refuseAll lists every row of a service whose name this gateway does not allow.
func refuseAll(name string, rows []storage.Checkin) []Skipped {
	out := make([]Skipped, len(rows))
	for i, c := range rows {
		out[i] = Skipped{Service: name, Timestamp: formatTime(c.At), Status: c.Status.String(),
			Reason: "service name not allowed here (" + config.NameRule + ")"}
	}
	return out
}

// skipFuture moves the rows dated after latest (rows are sorted oldest first) to skipped.
func skipFuture(rows []storage.Checkin, skipped []Skipped, latest time.Time) ([]storage.Checkin, []Skipped) {
	i := len(rows)
	for i > 0 && rows[i-1].At.After(latest) {
		i--
	}
	for _, c := range rows[i:] {
		skipped = append(skipped, Skipped{Service: c.Service, Timestamp: formatTime(c.At), Status: c.Status.String(),
			Reason: "dated in the future: it would hide every newer report until then (is the older gateway's clock wrong?)"})
	}
	return rows[:i], skipped
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
