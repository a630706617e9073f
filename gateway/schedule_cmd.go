package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

// scheduleCmd prints when a cron expression runs, so an operator can check it before it goes
// into services.json.
type scheduleCmd struct {
	Expr  []string `arg:"" name:"expr" help:"The cron expression as in services.json, e.g. '0 2 1 * *' (quote it)."`
	TZ    string   `name:"tz" help:"The IANA time zone the expression runs in, as tz in services.json." default:"UTC"`
	From  string   `help:"Print the run times strictly after this RFC 3339 time (default: now)."`
	Count int      `name:"count" short:"n" help:"How many run times to print." default:"10"`
}

// Run prints the next run times, one a line, as RFC 3339 in the zone. A bad expression, zone
// or option prints nothing and exits 2 with the message services.json would get.
func (c *scheduleCmd) Run(g *globals) error {
	s, err := config.ParseSchedule(strings.Join(c.Expr, " "), c.TZ)
	if err != nil {
		return usageError{err}
	}
	from := time.Now()
	if c.From != "" {
		if from, err = time.Parse(time.RFC3339Nano, c.From); err != nil {
			return usageError{fmt.Errorf("--from %q: want an RFC 3339 time like 2026-12-01T02:00:00+01:00", c.From)}
		}
	}
	if c.Count < 1 {
		return usageError{errors.New("-n: want at least 1")}
	}
	var b strings.Builder
	for range c.Count {
		from = s.Next(from)
		if from.IsZero() {
			break
		}
		b.WriteString(from.Format(time.RFC3339))
		b.WriteByte('\n')
	}
	if _, err := fmt.Fprint(g.stdout, b.String()); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	return nil
}
