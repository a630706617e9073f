package overview

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/state"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

const statesServices = `{
	"plain":    {"token": "x", "timeout": "1h", "grace": "30m"},
	"never":    {"token": "x", "timeout": 0},
	"silent":   {"token": "x", "timeout": "1h"},
	"sched":    {"token": "x", "schedule": "0 * * * *", "timeout": "20m", "grace": "15m"},
	"tolerant": {"token": "x", "timeout": "1h", "grace": "1h", "tolerate_failures": true},
	"runs":     {"token": "x", "timeout": "2h", "max_runtime": "25m", "grace": "10m"}
}`

// At each step of a few hours of check-ins, the statuses States keeps between passes are
// the ones the rules give when every service is evaluated afresh: after check-ins, as
// deadlines and grace times pass, after a reload and when the clock goes back.
func TestStatesFollowTheRules(t *testing.T) {
	cfg, db := parseAndOpen(t, statesServices)
	t0 := time.Date(2026, 11, 25, 12, 3, 0, 0, time.UTC)
	type event struct {
		service string
		kind    checkin.Kind
		status  checkin.Status
	}
	report := func(service string, s checkin.Status) event { return event{service, checkin.KindReport, s} }
	events := map[int][]event{ // by step of 7 minutes
		0:  {report("plain", checkin.OK), report("tolerant", checkin.OK), report("sched", checkin.OK), {"runs", checkin.KindStart, checkin.OK}},
		2:  {report("never", checkin.Critical), report("tolerant", checkin.Critical)},
		3:  {report("runs", checkin.OK)},
		6:  {{"runs", checkin.KindStart, checkin.OK}},
		9:  {report("sched", checkin.Warning)},
		14: {report("tolerant", checkin.OK), report("plain", checkin.Warning)},
		16: {report("tolerant", checkin.Warning)},
		30: {report("runs", checkin.Critical), report("sched", checkin.OK)},
	}
	states := NewStates(db)
	current := cfg
	now := t0
	for step := range 60 {
		var err error
		switch step {
		case 25: // a reload: the same services in a new Config
			if current, err = config.Parse([]byte(statesServices)); err != nil {
				t.Fatal(err)
			}
		case 33: // a reload that changes one service's grace and keeps the others' Service
			changed := strings.Replace(statesServices, `"grace": "30m"`, `"grace": "3h"`, 1)
			prev := current
			if current, err = config.Reparse(prev, []byte(changed)); err != nil {
				t.Fatal(err)
			}
			if current.Service("never") != prev.Service("never") || current.Service("plain") == prev.Service("plain") {
				t.Fatal("Reparse did not keep exactly the unchanged services")
			}
		case 40: // the clock is set back
			now = now.Add(-45 * time.Minute)
		}
		for _, e := range events[step] {
			c := storage.Checkin{Service: e.service, Kind: e.kind, Status: e.status, Info: "step", At: now}
			if err := db.Add(context.Background(), c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := states.Statuses(context.Background(), current, now)
		if err != nil {
			t.Fatal(err)
		}
		for i, svc := range current.Services() {
			want, err := Read(context.Background(), db, svc, now)
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want.Status {
				t.Errorf("step %d (%s): Statuses gives %s %v; evaluated afresh %v", step, now.Format("15:04"), svc.Name, got[i], want.Status)
			}
		}
		now = now.Add(7 * time.Minute)
	}
}

// Each walks the services that pass the filter, in name order after a name, until told to stop.
func TestStatesEach(t *testing.T) {
	cfg, db := parseAndOpen(t, `{
		"a": {"token": "x", "timeout": "1h", "owner": "db team"},
		"b": {"token": "x", "timeout": "1h"},
		"c": {"token": "x", "timeout": "1h", "owner": "DB Team"},
		"d": {"token": "x", "timeout": "1h"},
		"e": {"token": "x", "timeout": "1h"}
	}`)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for name, s := range map[string]checkin.Status{"a": checkin.Critical, "b": checkin.OK, "c": checkin.Critical, "d": checkin.Warning} {
		if err := db.Add(context.Background(), storage.Checkin{Service: name, Status: s, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	filter := func(states, q string) Filter {
		f, err := ParseFilter([]string{states}, q)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	tests := []struct {
		name  string
		f     Filter
		after string
		limit int
		want  string
	}{
		{"all", filter("", ""), "", 10, "a:CRITICAL b:OK c:CRITICAL d:WARNING e:UNKNOWN "},
		{"bad states", filter("CRITICAL,WARNING", ""), "", 10, "a:CRITICAL c:CRITICAL d:WARNING "},
		{"after a name", filter("CRITICAL,WARNING", ""), "a", 10, "c:CRITICAL d:WARNING "},
		{"search", filter("", "db team"), "", 10, "a:CRITICAL c:CRITICAL "},
		{"stop", filter("", ""), "b", 2, "c:CRITICAL d:WARNING "},
		{"none", filter("UNKNOWN", "db"), "", 10, ""},
	}
	states := NewStates(db)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := "", 0
			err := states.Each(context.Background(), cfg, tt.f, tt.after, now, func(svc *config.Service, res state.Result) bool {
				got += svc.Name + ":" + res.Status.String() + " "
				n++
				return n < tt.limit
			})
			if err != nil || got != tt.want {
				t.Errorf("Each = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// parseAndOpen parses a services.json and opens an empty store, closed when the test ends.
func parseAndOpen(t *testing.T, services string) (*config.Config, *sqlite.Store) {
	t.Helper()
	cfg, err := config.Parse([]byte(services))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "checkins.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return cfg, db
}
